#include "RunProgram.h"

#include <QEventLoop>
#include <QTimer>

QByteArray ProgramResult::describe() const
{
    return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (timed out)") +
           "\nstdout: " + out + "\nstderr: " + err;
}

ProgramResult runProgram(const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess process;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    process.start(program, args);
    loop.exec();
    ProgramResult r;
    r.finished =
        process.state() == QProcess::NotRunning && process.error() != QProcess::FailedToStart;
    if (!r.finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    r.status = process.exitStatus();
    r.exitCode = process.exitCode();
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}
