#pragma once

#include "VixClient.h"
#include "VmxSimulator.h"

#include <QJsonValue>
#include <QStringList>

#include <functional>

namespace gk::vmx {

// What a guestkit-vmx command produced: text for people, JSON for scripts.
struct CommandOutput
{
    int exitCode = 0;
    QString text;
    QJsonValue json;

    static CommandOutput error(const QString &message, int exitCode = 1);
};

struct VmxSession
{
    VmxSimulator &sim;
    bool json = false;
    VixCredentials credentials; // --user/--password or --ticket
};

// One row of guestkit-vmx's command table.
struct VmxCommand
{
    QString name;
    QString usage;   // arguments, for --help
    QString summary; // one line, for --help
    std::function<CommandOutput(VmxSession &, const QStringList &args)> run;
};

// The guest operation rows (VixCommands.cpp), part of the table below.
QList<VmxCommand> vixVmxCommands();
// The guest file rows (FileCommands.cpp).
QList<VmxCommand> fileVmxCommands();
// A failed VIX call as guestkit-vmx reports it (text and JSON).
CommandOutput vixErrorOutput(const VixCallResult &r, const VmxSession *s = nullptr);
// The power row (PowerCommands.cpp).
QList<VmxCommand> powerVmxCommands();
// upload / download over HGFS (TransferCommands.cpp).
QList<VmxCommand> transferVmxCommands();
// http through the guest's http.RoundTrip built-in (ProcessIoCommands.cpp).
QList<VmxCommand> processIoVmxCommands();
// `run` of a program named without a directory: its output streamed here,
// stdin forwarded with -d -, the program's exit code returned.
CommandOutput runProgramWithIo(VmxSession &s, const QStringList &args);

// THE table of guestkit-vmx commands; later features add rows here.
const QList<VmxCommand> &vmxCommands();
const VmxCommand *findVmxCommand(const QString &name);

// Bytes as readable text: printable ASCII kept, the rest escaped (\xNN).
QString printable(const QByteArray &bytes);

} // namespace gk::vmx
