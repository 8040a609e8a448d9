#pragma once

#include <QString>

#include <optional>

namespace gk::channel {

// Where the guest finds its VMX: the value of --channel.
//   sim:unix:PATH | sim:tcp:HOST:PORT | backdoor | vsock | auto
//   | sim-backdoor:unix:PATH (the backdoor protocol, each call forwarded to a simulator)
struct ChannelEndpoint
{
    enum class Kind { SimUnix, SimTcp, Backdoor, Vsock, Auto, SimBackdoor };

    Kind kind = Kind::Auto;
    QString path; // SimUnix, SimBackdoor
    QString host; // SimTcp
    quint16 port = 0;

    static std::optional<ChannelEndpoint> parse(const QString &text, QString *error);
    QString toString() const;
    bool isSim() const { return kind == Kind::SimUnix || kind == Kind::SimTcp; }
};

} // namespace gk::channel
