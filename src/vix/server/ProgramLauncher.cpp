#include "ProgramLauncher.h"

#include "InlineReply.h"
#include "ProgramMonitor.h"
#include "hgfs/server/ProcessIo.h"

#include "StartedPrograms.h"
#include "VixErrorMap.h"
#include "platform/CommandShell.h"
#include "platform/GuestSession.h"
#include "platform/ProcessManager.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

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

bool isPlainCommand(const QString &programPath, const QString &arguments)
{
    // What bash does nothing with but split at blanks: no quoting, expansion,
    // redirection, globbing, comments or command separators.
    static const QString plainArgument =
        QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                       "_./=:,+-@% \t");
    for (const QChar c : arguments) {
        if (!plainArgument.contains(c))
            return false;
    }
    // Inside the double quotes vmtoolsd puts around the path, only these
    // are special.
    for (const QChar c : programPath) {
        if (c == QLatin1Char('"') || c == QLatin1Char('$') || c == QLatin1Char('`') ||
            c == QLatin1Char('\\'))
            return false;
    }
    return !programPath.isEmpty() && programPath.trimmed() == programPath;
}

bool isExecutableBy(const QString &path, const platform::UserAccount &account)
{
    return isExecutableBy(QFileInfo(path), account);
}

bool isExecutableBy(const QFileInfo &info, const platform::UserAccount &account)
{
    // permission() with owner, group and other bits only: they come from the
    // stat QFileInfo already holds. permissions() would also ask the kernel
    // about this process's own read, write and execute rights (three access
    // calls), which say nothing about the account's.
    if (account.uid == 0)
        return info.permission(QFile::ExeOwner) || info.permission(QFile::ExeGroup) ||
               info.permission(QFile::ExeOther);
    if (qint64(info.ownerId()) == account.uid)
        return info.permission(QFile::ExeOwner);
    if (qint64(info.groupId()) == account.gid || account.groups.contains(qint64(info.groupId())))
        return info.permission(QFile::ExeGroup);
    return info.permission(QFile::ExeOther);
}

QStringList splitAtBlanks(const QString &arguments)
{
    QStringList out;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= arguments.size(); ++i) {
        const bool blank = i == arguments.size() || arguments.at(i) == QLatin1Char(' ') ||
                           arguments.at(i) == QLatin1Char('\t');
        if (blank && start >= 0) {
            out.append(arguments.mid(start, i - start));
            start = -1;
        } else if (!blank && start < 0) {
            start = i;
        }
    }
    return out;
}

VixError checkProgram(const GuestLogin &login, const QString &fileName, const QString &workingDir)
{
    using Kind = platform::PlatformError::Kind;
    auto check = [&]() -> Kind {
        const QFileInfo program(fileName); // one stat, kept for the checks below
        if (!program.exists())
            return Kind::NotFound;
        if (!isExecutableBy(program, login.account))
            return Kind::PermissionDenied;
        if (!workingDir.isEmpty() && !QFileInfo(workingDir).isDir())
            return Kind::NotADirectory;
        return Kind::None;
    };
    // As the user, so that directories the user cannot search hide the program.
    // The Start family of VixErrorMap turns the kind into vmtoolsd's code.
    return vixErrorFor(OpFamily::Start, login.session ? login.session->run(check) : check());
}

void launchProgram(VixContext &ctx, const GuestLogin &login, const LaunchRequest &request,
                   std::function<void(OpReply reply, qint64 pid)> done)
{
    platform::ProcessSpec spec;
    const QString commandLine = fullCommandLine(request.programPath, request.arguments);
    // No shell on Windows: the program and its blank-separated arguments
    // go to CreateProcess, as vmtoolsd does there.
    const QString shell = platform::commandShell();
    if (shell.isEmpty() || isPlainCommand(request.programPath, request.arguments)) {
        // bash would only split the arguments at blanks and exec the program:
        // do that directly and save the shell's start.
        spec.program = request.programPath;
        spec.arguments = splitAtBlanks(request.arguments);
    } else {
        // bash runs a single command with exec, so the pid the client gets is
        // the program's own (vmtoolsd prefers bash: lib/procMgr/procMgrPosix.c,
        // bug 772203).
        spec.program = shell;
        spec.arguments = QStringList{QStringLiteral("-c"), commandLine};
    }
    spec.workingDirectory = request.workingDir;
    spec.pipeStdin = spec.pipeStdout = spec.pipeStderr = request.withIo;
    // A program named with its directory: checkProgram() has found it
    // executable and the working directory present, as the user; like
    // vmtoolsd (ProcMgr_ExecAsync), the answer is then the pid as soon as the
    // process exists, and a later failure is its exit code 127 (and a line
    // in the log). A bare name is looked up in PATH by the start itself,
    // whose "not found" must still be the answer (govmomi's exec.Command).
    spec.waitForExec = !programFileName(request.programPath).contains(QLatin1Char('/'));
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
    std::shared_ptr<hgfs::server::ProcessIoTable> io = request.withIo ? ctx.processIo : nullptr;
    const QString owner = login.session ? hgfs::server::ownerKeyOf(*login.session) : QString();
    ProgramMonitor *monitor = ctx.monitor;
    const std::chrono::milliseconds retention = ctx.processRetention;
    // The ProcessManager belongs to the event loop; if it waits for this
    // worker, it starts the program at once.
    InlineReply::toEventLoop(processes, [processes, started, account, spec, record, done, io, owner,
                                         monitor, retention]() mutable {
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
        if (io) {
            auto streams = std::make_shared<hgfs::server::ProcessStreams>(r.value.pid, owner);
            streams->attach(std::move(r.value.stdIn), std::move(r.value.stdOut),
                            std::move(r.value.stdErr));
            io->add(std::move(streams));
            // The output stays readable for the retention after the end.
            const qint64 pid = r.value.pid;
            monitor->onCompletion(pid, [io, pid, retention](int) {
                QTimer::singleShot(retention, [io, pid] { io->remove(pid); });
            });
        }
        done(OpReply::ok(QByteArray::number(r.value.pid)), r.value.pid);
    });
}

} // namespace gk::vix::server
