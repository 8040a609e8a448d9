#include "TestUser.h"

#include "BuildPaths.h"

#include <QFile>
#include <QProcess>

namespace gk::test {
namespace {

qint64 idOf(const QString &flag, const QString &name)
{
    QProcess p;
    p.start(QStringLiteral("id"), name.isEmpty() ? QStringList{flag} : QStringList{flag, name});
    p.waitForFinished(5000);
    bool ok = false;
    const qint64 id = p.readAllStandardOutput().trimmed().toLongLong(&ok);
    return ok && p.exitCode() == 0 ? id : -1;
}

} // namespace

bool TestUser::isRoot()
{
    return idOf(QStringLiteral("-u"), QString()) == 0;
}

bool TestUser::ensure(TestUser *user, QString *why, const QString &name, const QString &password)
{
    if (idOf(QStringLiteral("-u"), QString()) != 0) {
        *why = QStringLiteral("needs root to create the test user");
        return false;
    }
    if (idOf(QStringLiteral("-u"), name) < 0 &&
        !runCommand(QStringLiteral("useradd"),
                    {QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/sh"), name},
                    why))
        return false;
    if (!runCommand(QStringLiteral("chpasswd"), {}, why,
                    (name + QLatin1Char(':') + password + QLatin1Char('\n')).toUtf8()))
        return false;
    user->name = name;
    user->password = password;
    user->uid = idOf(QStringLiteral("-u"), name);
    user->gid = idOf(QStringLiteral("-g"), name);
    return user->uid > 0;
}

bool ensurePamService(QString *why)
{
    const QString path = QStringLiteral("/etc/pam.d/guestkit");
    if (QFile::exists(path))
        return true;
    QFile source(sourceDir() + QStringLiteral("/installer/pam/guestkit"));
    QFile target(path);
    if (!source.open(QIODevice::ReadOnly) || !target.open(QIODevice::WriteOnly)) {
        *why = QStringLiteral("cannot install %1").arg(path);
        return false;
    }
    target.write(source.readAll());
    return true;
}

bool runCommand(const QString &program, const QStringList &args, QString *why,
                const QByteArray &input)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000)) {
        *why = QStringLiteral("cannot run %1").arg(program);
        return false;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *why = QStringLiteral("%1 %2 failed: %3")
                   .arg(program, args.join(QLatin1Char(' ')),
                        QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

} // namespace gk::test
