#pragma once

#include "HgfsClient.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace gk::vmx {

class VixClient;

// The host side of govmomi's process I/O (toolbox/client.go Run and
// RoundTrip): a program started without a directory in its name has its
// standard streams at /proc/<pid>/stdin|stdout|stderr, written and read
// through HGFS. Each stream gets its own HGFS session.
class ProcessIoClient
{
public:
    using Sink = std::function<bool(const QByteArray &data)>;
    using Source = std::function<QByteArray()>; // empty: the end

    ProcessIoClient(VixClient &vix, qint64 pid);

    // Writes what `source` gives to the program's stdin, then closes it (EOF).
    HgfsOutcome sendInput(const Source &source, qint64 *bytes = nullptr);
    // Reads stdout and stderr to their ends as they come, stdout first:
    // stderr is read whenever stdout has nothing for a moment, so a program
    // that fills either never stalls for good.
    HgfsOutcome readOutput(const Sink &out, const Sink &err, qint64 *bytes = nullptr);

private:
    VixClient &m_vix;
    qint64 m_pid;
};

} // namespace gk::vmx
