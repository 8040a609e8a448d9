#include "LoginEnvironment.h"

#include <QFile>

namespace gk::platform {
namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(1 << 20);
}

// login(1)'s defaults when login.defs says nothing (shadow's login.defs(5)).
const char kUserPath[] = "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games";
const char kRootPath[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

QString pathSetting(const QByteArray &loginDefs, const QString &key, const char *fallback)
{
    QString value = loginDefsValue(loginDefs, key);
    if (value.startsWith(QLatin1String("PATH=")))
        value = value.mid(5);
    return value.isEmpty() ? QString::fromLatin1(fallback) : value;
}

} // namespace

QList<QPair<QString, QString>> parseEnvironmentFile(const QByteArray &text)
{
    QList<QPair<QString, QString>> out;
    for (QByteArray line : text.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith("export "))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = line.left(eq).trimmed();
        QByteArray value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        bool validKey = true;
        for (char c : key)
            validKey = validKey && (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                    (c >= '0' && c <= '9'));
        if (validKey)
            out.append({QString::fromLocal8Bit(key), QString::fromLocal8Bit(value)});
    }
    return out;
}

QString loginDefsValue(const QByteArray &text, const QString &key)
{
    const QByteArray wanted = key.toLatin1();
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.simplified();
        if (line.startsWith('#'))
            continue;
        const qsizetype space = line.indexOf(' ');
        if (space > 0 && line.left(space) == wanted)
            return QString::fromLocal8Bit(line.mid(space + 1));
    }
    return {};
}

QProcessEnvironment buildLoginEnvironment(const UserAccount &user, const QString &etcDir)
{
    QProcessEnvironment env;
    const QByteArray loginDefs = readFile(etcDir + QStringLiteral("/login.defs"));
    env.insert(QStringLiteral("PATH"),
               user.uid == 0 ? pathSetting(loginDefs, QStringLiteral("ENV_SUPATH"), kRootPath)
                             : pathSetting(loginDefs, QStringLiteral("ENV_PATH"), kUserPath));
    // pam_env applies these after login(1) has set PATH, so they may
    // override it (and anything else but the identity below).
    for (const QString &file :
         {QStringLiteral("/environment"), QStringLiteral("/default/locale")}) {
        for (const auto &[key, value] : parseEnvironmentFile(readFile(etcDir + file)))
            env.insert(key, value);
    }
    env.insert(QStringLiteral("HOME"), user.home);
    env.insert(QStringLiteral("USER"), user.name);
    env.insert(QStringLiteral("LOGNAME"), user.name);
    env.insert(QStringLiteral("SHELL"),
               user.shell.isEmpty() ? QStringLiteral("/bin/sh") : user.shell);
    env.insert(QStringLiteral("MAIL"), QStringLiteral("/var/mail/") + user.name);
    return env;
}

} // namespace gk::platform
