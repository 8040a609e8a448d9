#include "ProcessIoClient.h"

#include "VixClient.h"

#include "hgfs/codec/HgfsStatusMap.h"

namespace gk::vmx {

using namespace gk::hgfs;

namespace {

// One stream of the program, through its own HGFS session.
struct Stream
{
    HgfsClient client;
    quint32 handle = kInvalidHandle;
    quint64 offset = 0;
    bool open = false;
    bool ended = false;
    bool hasSession = false;

    explicit Stream(VixClient &vix) : client(hgfsOverVix(vix)) {}
    ~Stream()
    {
        if (open)
            client.close(handle);
        if (hasSession)
            client.destroySession();
    }
    HgfsOutcome start(const QString &path, quint32 mode, HgfsOpenFlags flags)
    {
        HgfsOutcome r = client.createSession();
        if (!r.ok())
            return r;
        hasSession = true;
        r = client.open(path, mode, flags, &handle);
        open = r.ok();
        return r;
    }
};

QString streamPath(qint64 pid, const char *name)
{
    return QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name));
}

} // namespace

ProcessIoClient::ProcessIoClient(VixClient &vix, qint64 pid) : m_vix(vix), m_pid(pid) {}

HgfsOutcome ProcessIoClient::sendInput(const Source &source, qint64 *bytes)
{
    Stream in(m_vix);
    HgfsOutcome r =
        in.start(streamPath(m_pid, "stdin"), kOpenModeWriteOnly, HgfsOpenFlags::OpenCreateEmpty);
    if (!r.ok())
        return r;
    const quint32 chunk = in.client.writeChunk();
    QByteArray pending;
    while (true) {
        if (pending.size() < qsizetype(chunk)) {
            const QByteArray more = source();
            if (!more.isEmpty()) {
                pending += more;
                if (pending.size() < qsizetype(chunk))
                    continue;
            }
        }
        if (pending.isEmpty())
            break;
        const QByteArray piece = pending.left(chunk);
        pending.remove(0, piece.size());
        r = in.client.write(in.handle, in.offset, piece);
        if (!r.ok())
            return r;
        in.offset += quint64(piece.size());
    }
    if (bytes)
        *bytes = qint64(in.offset);
    in.open = false;
    return in.client.close(in.handle); // EOF for the program
}

HgfsOutcome ProcessIoClient::readOutput(const Sink &out, const Sink &err, qint64 *bytes)
{
    Stream streams[2] = {Stream(m_vix), Stream(m_vix)};
    const Sink *sinks[2] = {&out, &err};
    const char *names[2] = {"stdout", "stderr"};
    for (int i = 0; i < 2; ++i) {
        HgfsOutcome r =
            streams[i].start(streamPath(m_pid, names[i]), kOpenModeReadOnly, HgfsOpenFlags::Open);
        if (!r.ok())
            return r;
    }
    qint64 total = 0;
    int current = 0;
    while (!streams[0].ended || !streams[1].ended) {
        Stream &s = streams[current];
        if (s.ended) {
            current = 1 - current;
            continue;
        }
        QByteArray data;
        const HgfsOutcome r = s.client.read(s.handle, s.offset, s.client.readChunk(), &data);
        if (!r.ok()) {
            // Nothing came for a moment (the guest answers busy): look at the
            // other stream. A transport failure ends everything.
            if (!r.problem.isEmpty())
                return r;
            if (r.status != HgfsStatus::GenericError)
                return r;
            current = 1 - current;
            continue;
        }
        if (data.isEmpty()) {
            s.ended = true;
            current = 1 - current;
            continue;
        }
        s.offset += quint64(data.size());
        total += data.size();
        if (!(*sinks[current])(data))
            return {HgfsStatus::GenericError, QStringLiteral("cannot write the output here")};
    }
    if (bytes)
        *bytes = total;
    return {};
}

} // namespace gk::vmx
