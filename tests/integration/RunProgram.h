#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

// Runs a program to its end while this thread's event loop keeps running, so
// that a simulator living in the test process can answer it.
struct ProgramResult
{
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QByteArray describe() const; // for failure messages
};

ProgramResult runProgram(const QString &program, const QStringList &args, int timeoutMs = 15000);
