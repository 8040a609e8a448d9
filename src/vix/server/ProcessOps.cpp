// StartProgram, RunProgram, RunScriptInGuest, KillProcess, TerminateProcess
// (services/plugins/vix/vixTools.c).
#include "BuiltinPrograms.h"
#include "ProgramLauncher.h"
#include "ProgramMonitor.h"
#include "TransferHandlers.h"
#include "VixErrorMap.h"
#include "VixOperationTable.h"
#include "platform/GuestSession.h"
#include "platform/ProcessManager.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryFile>

Q_DECLARE_LOGGING_CATEGORY(lcVix)

namespace gk::vix::server {

namespace {

const QByteArray kNoPid = QByteArrayLiteral("-1");

// ToolsDaemonTcloReportProgramCompleted (foundryToolsDaemon.c):
// "Run_Program_Done <requestName> <err> <errno> <exitCode> <pid>" and a NUL.
QByteArray programDone(const QByteArray &requestName, int exitCode, qint64 pid)
{
    return "Run_Program_Done " + requestName + " 0 0 " + QByteArray::number(exitCode) + ' ' +
           QByteArray::number(pid) + '\0';
}

// Runs the start on this worker after the checks, and reports the pid.
void startChecked(VixContext &ctx, const GuestLogin &login, const QString &fileName,
                  const LaunchRequest &launch, VixDone done,
                  std::function<void(qint64 pid)> started = {})
{
    const VixError checked = checkProgram(login, fileName, launch.workingDir);
    if (checked != VixErr::Ok) {
        done(OpReply{checked, 0, kNoPid});
        return;
    }
    launchProgram(ctx, login, launch, [done, started](OpReply reply, qint64 pid) {
        if (reply.error == VixErr::Ok && started)
            started(pid);
        if (reply.error != VixErr::Ok)
            reply.result = kNoPid;
        done(std::move(reply));
    });
}

// Deletes a RunScriptInGuest script as the user that wrote it.
void removeScript(const GuestLogin &login, const QString &path)
{
    if (login.session)
        login.session->post([path] { QFile::remove(path); });
    else
        QFile::remove(path);
}

void runScript(VixContext &ctx, VixCall &call, VixDone done)
{
    const auto &req = call.body<RunScriptRequest>();
    const QString interpreter =
        req.interpreter.isEmpty() ? QStringLiteral("/bin/sh") : req.interpreter;
    const VixError checked = checkProgram(call.login, interpreter, QString());
    if (checked != VixErr::Ok) {
        done(OpReply{checked, 0, kNoPid});
        return;
    }
    // The script goes to a file the user owns, written as the user.
    QString path;
    OpReply failure;
    auto write = [&] {
        // QTemporaryFile appends a random six-character part to this name.
        QTemporaryFile file(QDir::temp().filePath(QStringLiteral("guestkit-script")));
        file.setAutoRemove(false);
        if (!file.open() || file.write(req.script.toUtf8()) < 0 || !file.flush()) {
            failure = OpReply{VixErr::FileError, 0, kNoPid};
            file.remove();
            return;
        }
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        path = file.fileName();
    };
    if (call.login.session)
        call.login.session->run(write);
    else
        write();
    if (path.isEmpty()) {
        done(failure);
        return;
    }
    LaunchRequest launch;
    launch.programPath = interpreter;
    launch.arguments = QLatin1Char('"') + path + QLatin1Char('"');
    const bool wait = !(req.options & VixRunProgramOption::ReturnImmediately);
    const QByteArray requestName = call.request->requestName;
    const GuestLogin login = call.login;
    ProgramMonitor *monitor = ctx.monitor;
    auto send = ctx.sendRpci;
    launchProgram(ctx, login, launch,
                  [done, wait, requestName, login, path, monitor, send](OpReply reply, qint64 pid) {
                      if (reply.error != VixErr::Ok) {
                          removeScript(login, path);
                          reply.result = kNoPid;
                          done(std::move(reply));
                          return;
                      }
                      monitor->onCompletion(pid, [=](int exitCode) {
                          removeScript(login, path);
                          if (wait && send)
                              send(programDone(requestName, exitCode, pid));
                      });
                      done(std::move(reply));
                  });
}

// A program named without a directory (govmomi toolbox/command.go
// DefaultStartCommand: "enable IO redirection by default without an absolute
// path"): a built-in of that name, or a program found in the user's PATH,
// started with its standard streams as pipes the host reads and writes as
// /proc/<pid>/stdin|stdout|stderr. vmtoolsd refuses such names, so nothing
// it accepts changes meaning.
bool wantsIo(const QString &fileName)
{
    return !fileName.isEmpty() && !fileName.contains(QLatin1Char('/')) &&
           !fileName.contains(QLatin1Char('\\'));
}

void startWithIo(VixContext &ctx, VixCall &call, const QString &fileName, VixDone done)
{
    const auto &req = call.body<StartProgramRequest>();
    if (ctx.builtins && ctx.builtins->has(fileName)) {
        if (!call.login.session) {
            done(OpReply{VixErr::Fail, 0, kNoPid});
            return;
        }
        auto pid = ctx.builtins->start(call.login.session, fileName, req.arguments);
        if (!pid.ok()) {
            const VixFailure f = vixFailureFor(OpFamily::Start, pid.error);
            done(OpReply{f.error, f.additionalError, kNoPid});
            return;
        }
        done(OpReply::ok(QByteArray::number(pid.value)));
        return;
    }
    if (!req.workingDir.isEmpty()) {
        const VixError checked = checkProgram(call.login, QStringLiteral("/"), req.workingDir);
        if (checked != VixErr::Ok) {
            done(OpReply{checked, 0, kNoPid});
            return;
        }
    }
    LaunchRequest launch;
    launch.programPath = req.programPath;
    launch.arguments = req.arguments;
    launch.workingDir = req.workingDir;
    if (!req.envVars.isEmpty())
        launch.environment = req.envVars;
    launch.withIo = true;
    launchProgram(ctx, call.login, launch, [done](OpReply reply, qint64) {
        if (reply.error != VixErr::Ok)
            reply.result = kNoPid;
        done(std::move(reply));
    });
}

void killProcess(VixContext &ctx, VixCall &call, VixDone done)
{
    const qint64 pid = qint64(call.body<KillProcessRequest>().pid);
    if (ctx.builtins && ctx.builtins->isBuiltinPid(pid)) {
        const platform::PlatformError error = ctx.builtins->terminate(call.login.account, pid);
        if (error) {
            const VixFailure f = vixFailureFor(OpFamily::Process, error);
            done(OpReply::failure(f.error, f.additionalError));
            return;
        }
        done(OpReply::ok());
        return;
    }
    // VixToolsPidRefersToThisProcess: the daemon itself, 0 and -1 (and here
    // every process group) are refused as the user's permission problem.
    if (pid <= 0 || pid == ctx.daemonPid) {
        done(OpReply::failure(VixErr::GuestUserPermissions));
        return;
    }
    const platform::PlatformError error = ctx.processes->terminate(call.login.account, pid);
    if (error) {
        qCInfo(lcVix).noquote() << "terminate" << pid << "as" << call.login.account.name << ":"
                                << error.message;
        const VixFailure f = vixFailureFor(OpFamily::Process, error);
        done(OpReply::failure(f.error, f.additionalError));
        return;
    }
    done(OpReply::ok());
}

} // namespace

void addProcessOperations(VixOperationTable &table, VixContext &ctx)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;

    processIoTable(ctx); // made before the first request, on this thread
    table.add({VixOp::StartProgram, QStringLiteral("StartProgram"),
               QStringLiteral("StartProgramInGuest"), C::Required, true, T::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   const auto &req = call.body<StartProgramRequest>();
                   const QString fileName = programFileName(req.programPath);
                   if (wantsIo(fileName)) {
                       startWithIo(ctx, call, fileName, std::move(done));
                       return;
                   }
                   LaunchRequest launch;
                   launch.programPath = req.programPath;
                   launch.arguments = req.arguments;
                   launch.workingDir = req.workingDir;
                   if (!req.envVars.isEmpty())
                       launch.environment = req.envVars;
                   startChecked(ctx, call.login, programFileName(req.programPath), launch,
                                std::move(done));
               },
               kNoPid});

    table.add({VixOp::RunProgram, QStringLiteral("RunProgram"), QString(), C::Required, true,
               T::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   const auto &req = call.body<RunProgramRequest>();
                   LaunchRequest launch;
                   launch.programPath = req.program;
                   launch.arguments = req.arguments;
                   const bool wait = !(req.options & VixRunProgramOption::ReturnImmediately);
                   const QByteArray requestName = call.request->requestName;
                   ProgramMonitor *monitor = ctx.monitor;
                   auto send = ctx.sendRpci;
                   startChecked(ctx, call.login, programFileName(req.program), launch,
                                std::move(done), [=](qint64 pid) {
                                    if (!wait || !send)
                                        return;
                                    monitor->onCompletion(pid, [=](int exitCode) {
                                        send(programDone(requestName, exitCode, pid));
                                    });
                                });
               },
               kNoPid});

    table.add({VixOp::RunScriptInGuest, QStringLiteral("RunScriptInGuest"), QString(), C::Required,
               true, T::Worker,
               [&ctx](VixCall &call, VixDone done) { runScript(ctx, call, std::move(done)); },
               kNoPid});

    const auto kill = [&ctx](VixCall &call, VixDone done) {
        killProcess(ctx, call, std::move(done));
    };
    table.add({VixOp::KillProcess, QStringLiteral("KillProcess"),
               QStringLiteral("TerminateProcessInGuest"), C::Required, true, T::EventLoop, kill});
    table.add({VixOp::TerminateProcess, QStringLiteral("TerminateProcess"),
               QStringLiteral("TerminateProcessInGuest"), C::Required, true, T::EventLoop, kill});
}

} // namespace gk::vix::server
