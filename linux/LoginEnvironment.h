#pragma once

#include "platform/UserAccount.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>

namespace gk::platform {

// KEY=VALUE lines of /etc/environment or /etc/default/locale (pam_env's
// readenv format): comments and blank lines skipped, an optional `export `
// prefix, one level of matching quotes removed.
QList<QPair<QString, QString>> parseEnvironmentFile(const QByteArray &text);
// The value of KEY in /etc/login.defs ("KEY value" lines); empty when absent.
QString loginDefsValue(const QByteArray &text, const QString &key);

// What a login of user starts with, the way login(1) + pam_env build it on
// Debian: HOME, USER, LOGNAME, SHELL, MAIL and PATH (login.defs ENV_PATH /
// ENV_SUPATH for root), then /etc/environment and /etc/default/locale.
// etcDir is there for tests.
// The same, keeping what it read from the files until one of them changes
// (inode, size or change time): ProcessManager::start() needs it for every
// process and must stay cheap. etcDir is there for tests.
class LoginEnvironment
{
public:
    explicit LoginEnvironment(const QString &etcDir = QStringLiteral("/etc"));
    QProcessEnvironment forUser(const UserAccount &user);

private:
    struct Cached
    {
        QByteArray stamp;
        QProcessEnvironment env;
        bool valid = false;
    };
    QByteArray filesStamp() const;
    QProcessEnvironment fromFiles(bool root) const;

    QString m_etcDir;
    Cached m_cached[2]; // users, root
};

QProcessEnvironment buildLoginEnvironment(const UserAccount &user,
                                          const QString &etcDir = QStringLiteral("/etc"));

} // namespace gk::platform
