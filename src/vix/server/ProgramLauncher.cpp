#include "ProgramLauncher.h"

#include "StartedPrograms.h"
#include "VixErrorMap.h"
#include "platform/GuestSession.h"
#include "platform/ProcessManager.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcVix)

namespace gk::vix::server {

QString programFileName(const QString &programPath)
{
    qsizetype start = 0;
    while (start < programPath.size() && programPath.at(start) == QLatin1Char(' '))
        ++start;
    if (start < programPath.size() && programPath.at(start) == QLatin1Char('"')) {
        ++start;
        const qsizetype end = programPath.indexOf(QLatin1Char('"'), start);
        if (end >= 0)
            return programPath.mid(start, end - start);
    }
    return programPath.mid(start);
}

QString fullCommandLine(const QString &programPath, const QString &arguments)
{
    QString line = QLatin1Char('"') + programPath + QLatin1Char('"');
    if (!arguments.isNull())
        line += QLatin1Char(' ') + arguments;
    return line;
}

bool isExecutableBy(const QString &path, const platform::UserAccount &account)
{
    const QFileInfo info(path);
    const QFile::Permissions perms = info.permissions();
    if (account.uid == 0)
        return perms & (QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    if (qint64(info.ownerId()) == account.uid)
        return perms & QFile::ExeOwner;
    if (qint64(info.groupId()) == account.gid || account.groups.contains(qint64(info.groupId())))
        return perms & QFile::ExeGroup;
    return perms & QFile::ExeOther;
}

VixError checkProgram(const GuestLogin &login, const QString &fileName, const QString &workingDir)
{
    auto check = [&]() -> VixError {
        const QFileInfo program(fileName);
        if (!program.exists())
            return VixErr::FileNotFound;
        if (!isExecutableBy(fileName, login.account))
            return VixErr::GuestUserPermissions;
        if (!workingDir.isEmpty() && !QFileInfo(workingDir).isDir())
            return VixErr::NotADirectory;
        return VixErr::Ok;
    };
    // As the user, so that directories the user cannot search hide the program.
    if (login.session)
        return login.session->run(check);
    return check();
}

void launchProgram(VixContext &ctx, const GuestLogin &login, const LaunchRequest &request,
                   std::function<void(OpReply reply, qint64 pid)> done)
{
    platform::ProcessSpec spec;
    spec.program = QStringLiteral("/bin/sh");
    const QString commandLine = fullCommandLine(request.programPath, request.arguments);
    spec.arguments = QStringList{QStringLiteral("-c"), commandLine};
    spec.workingDirectory = request.workingDir;
    const QHash<QString, QString> additions = ctx.environment->all();
    if (request.environment) {
        QProcessEnvironment env;
        for (const QString &entry : *request.environment) {
            const qsizetype eq = entry.indexOf(QLatin1Char('='));
            env.insert(entry.left(eq), entry.mid(eq + 1));
        }
        spec.environment = env;
    } else if (!additions.isEmpty()) {
        platform::Result<QProcessEnvironment> env = ctx.processes->loginEnvironment(login.account);
        if (!env.ok()) {
            const VixFailure f = vixFailureFor(OpFamily::Start, env.error);
            done(OpReply::failure(f.error, f.additionalError), -1);
            return;
        }
        for (auto it = additions.cbegin(); it != additions.cend(); ++it)
            env.value.insert(it.key(), it.value());
        spec.environment = env.value;
    }

    StartedPrograms::Program record;
    record.cmdName = QFileInfo(programFileName(request.programPath)).fileName();
    record.commandLine = commandLine;
    record.user = login.account.name;

    platform::ProcessManager *processes = ctx.processes;
    StartedPrograms *started = ctx.started;
    const platform::UserAccount account = login.account;
    // The ProcessManager belongs to the event loop.
    QMetaObject::invokeMethod(
        processes,
        [processes, started, account, spec, record, done]() mutable {
            platform::Result<platform::StartedProcess> r = processes->start(account, spec);
            if (!r.ok()) {
                qCWarning(lcVix).noquote() << "could not start" << record.commandLine << "as"
                                           << account.name << ":" << r.error.message;
                const VixFailure f = vixFailureFor(OpFamily::Start, r.error);
                done(OpReply::failure(f.error, f.additionalError), -1);
                return;
            }
            record.pid = r.value.pid;
            record.startTime = QDateTime::currentDateTimeUtc();
            started->started(record);
            done(OpReply::ok(QByteArray::number(r.value.pid)), r.value.pid);
        },
        Qt::QueuedConnection);
}

} // namespace gk::vix::server
