#pragma once

#include "HgfsHandlerRegistry.h"

#include "hgfs/codec/HgfsRequestDecoder.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QSet>

#include <functional>
#include <memory>

namespace gk::hgfs::server {

struct HgfsServerLimits
{
    int maxSessions = 32;
    int maxHandlesPerSession = 64;
    // A session without a packet for this long is ended and its handles
    // closed (files being written are aborted).
    qint64 idleTimeoutMs = 5 * 60 * 1000;
    // The largest packet a session may use: what one VIX HGFS-send-packet
    // request and its reply can carry (HGFS_LEGACY_LARGE_PACKET_MAX, 62 KiB;
    // govmomi advertises the same).
    quint32 maxPacketSize = kLegacyLargePacketMax;
};

// Who sends a packet: the session the VIX credentials opened, and a key that
// names the user. An HGFS session answers only the user that created it.
struct HgfsCaller
{
    std::shared_ptr<platform::GuestSession> session;
    QString owner;
};

// The HGFS server (hgfsServer.c, govmomi toolbox/hgfs/server.go): one table
// of op -> handler, sessions with their handle tables, file work delegated
// to the handler the path picks. Thread-safe: VIX workers call process()
// concurrently; calls on one handle are serialised.
class HgfsServer
{
public:
    explicit HgfsServer(HgfsHandlerRegistry handlers, HgfsServerLimits limits = {});
    ~HgfsServer();

    // Answers one request packet as `caller`; an empty reply means the packet
    // is too broken to answer (hgfsServer.c drops such packets).
    QByteArray process(const QByteArray &packet, const HgfsCaller &caller);

    // The ops this server answers: the capabilities of CreateSessionV4.
    QSet<quint32> supportedOps() const;

    // Ends sessions idle for longer than the limit (process() does it too).
    void expireIdle();
    // Ends every session (daemon stop): unfinished writes are aborted.
    void closeAll();

    int sessionCount() const;
    int handleCount() const;

    // Test hook: the clock idle expiry reads, in ms.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

    struct Handle;
    struct Session;
    struct Reply;

private:
    // One request with its session (null only for CREATE_SESSION_V4).
    struct Call
    {
        const HgfsHeader &header;
        const HgfsRequestArgs &args;
        const HgfsCaller &caller;
        std::shared_ptr<Session> session;
    };
    using OpHandler = Reply (HgfsServer::*)(const Call &);

    Reply createSession(const Call &call);
    Reply destroySession(const Call &call);
    Reply open(const Call &call);
    Reply read(const Call &call);
    Reply write(const Call &call);
    Reply close(const Call &call);
    Reply getattr(const Call &call);
    Reply setattr(const Call &call);

    std::shared_ptr<Session> findSession(quint64 id, const QString &owner);
    std::shared_ptr<Handle> findHandle(Session &session, quint32 handle) const;
    std::shared_ptr<Handle> takeHandle(Session &session, quint32 handle);
    qint64 now() const { return m_clock(); }

    HgfsHandlerRegistry m_handlers;
    HgfsServerLimits m_limits;
    QHash<quint32, OpHandler> m_ops;
    std::function<qint64()> m_clock;

    mutable QMutex m_mutex; // guards everything below
    QHash<quint64, std::shared_ptr<Session>> m_sessions;
    quint64 m_nextSessionId;
};

} // namespace gk::hgfs::server
