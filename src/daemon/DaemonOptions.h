#pragma once

#include <QStringList>

#include <optional>

namespace gk::daemon {

// guestkitd's command line.
struct DaemonOptions
{
    QString channel;    // empty: from the config file
    QString configPath; // empty: the platform default
    QString logLevel;   // empty: from the config file
    bool foreground = false;

    enum class Action { Run, ShowHelp, ShowVersion, Fail };
    Action action = Action::Run;
    QString message; // help text, version, or what is wrong

    static DaemonOptions parse(const QStringList &arguments);
};

} // namespace gk::daemon
