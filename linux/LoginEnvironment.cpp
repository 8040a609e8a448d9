#include "LoginEnvironment.h"

#include <QFile>

#include <sys/stat.h>

namespace gk::platform {
namespace {

// login.defs first: the order fromFiles() reads them in.
const char *const kFiles[] = {"/login.defs", "/environment", "/default/locale"};

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

LoginEnvironment::LoginEnvironment(const QString &etcDir) : m_etcDir(etcDir) {}

QByteArray LoginEnvironment::filesStamp() const
{
    QByteArray stamp;
    for (const char *name : kFiles) {
        struct stat st = {};
        if (::stat(QFile::encodeName(m_etcDir + QLatin1String(name)).constData(), &st) != 0)
            st = {};
        const qint64 fields[] = {qint64(st.st_ino), qint64(st.st_size), qint64(st.st_ctim.tv_sec),
                                 qint64(st.st_ctim.tv_nsec), qint64(st.st_mtim.tv_nsec)};
        stamp.append(reinterpret_cast<const char *>(fields), sizeof fields);
    }
    return stamp;
}

QProcessEnvironment LoginEnvironment::fromFiles(bool root) const
{
    QProcessEnvironment env;
    const QByteArray loginDefs = readFile(m_etcDir + QLatin1String(kFiles[0]));
    env.insert(QStringLiteral("PATH"),
               root ? pathSetting(loginDefs, QStringLiteral("ENV_SUPATH"), kRootPath)
                    : pathSetting(loginDefs, QStringLiteral("ENV_PATH"), kUserPath));
    // pam_env applies these after login(1) has set PATH, so they may
    // override it (and anything else but the identity added in forUser).
    for (const char *file : {kFiles[1], kFiles[2]}) {
        for (const auto &[key, value] :
             parseEnvironmentFile(readFile(m_etcDir + QLatin1String(file))))
            env.insert(key, value);
    }
    return env;
}

QProcessEnvironment LoginEnvironment::forUser(const UserAccount &user)
{
    Cached &cached = m_cached[user.uid == 0 ? 1 : 0];
    const QByteArray stamp = filesStamp();
    if (!cached.valid || cached.stamp != stamp) {
        cached.env = fromFiles(user.uid == 0);
        cached.stamp = stamp;
        cached.valid = true;
    }
    QProcessEnvironment env = cached.env;
    env.insert(QStringLiteral("HOME"), user.home);
    env.insert(QStringLiteral("USER"), user.name);
    env.insert(QStringLiteral("LOGNAME"), user.name);
    env.insert(QStringLiteral("SHELL"),
               user.shell.isEmpty() ? QStringLiteral("/bin/sh") : user.shell);
    env.insert(QStringLiteral("MAIL"), QStringLiteral("/var/mail/") + user.name);
    return env;
}

QProcessEnvironment buildLoginEnvironment(const UserAccount &user, const QString &etcDir)
{
    return LoginEnvironment(etcDir).forUser(user);
}

} // namespace gk::platform
