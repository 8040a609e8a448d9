#include "HgfsServer.h"

#include "HgfsAttributes.h"

#include "platform/GuestSession.h"
#include "platform/SystemPaths.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcHgfs, "guestkit.hgfs")

namespace gk::hgfs::server {

struct HgfsServer::Handle
{
    QMutex mutex; // one call at a time on the file
    std::unique_ptr<HgfsOpenFile> file;
    HgfsFileHandler *handler = nullptr;
    QByteArray path;
    std::shared_ptr<platform::GuestSession> user; // keeps the user's session alive
};

struct HgfsServer::Session
{
    quint64 id = 0;
    QString owner;
    quint32 maxPacketSize = 0;
    qint64 lastUsed = 0;
    quint32 nextHandle = 1;
    QHash<quint32, std::shared_ptr<Handle>> handles;
};

struct HgfsServer::Reply
{
    HgfsStatus status = HgfsStatus::Success;
    QByteArray body;
    QString why; // for the log when status is a failure

    static Reply ok(QByteArray body = {}) { return {HgfsStatus::Success, std::move(body), {}}; }
    static Reply fail(HgfsStatus s, QString why) { return {s, {}, std::move(why)}; }
    static Reply fail(const HgfsError &e) { return {hgfsStatusFor(e.kind), {}, e.message}; }
};

namespace {

// "root\0tmp\0a" -> "/tmp/a" (Linux), "root\0drive\0C\0a" -> "C:/a"
// (Windows): platform::pathBelowRootShare. A handler scheme
// ("root\0name:\0a") gives "/name:/a" on every OS (HgfsHandlerRegistry).
HgfsResult<QByteArray> localPath(const HgfsFileRef &ref)
{
    const auto below = HgfsNames::stripRootShare(ref.components);
    if (!below.ok())
        return HgfsResult<QByteArray>::failure(HgfsError{HgfsErrorKind::InvalidName, below.error});
    const QStringList &parts = below.value;
    if (!parts.isEmpty() && parts.first().size() > 2 && parts.first().endsWith(QLatin1Char(':'))) {
        QByteArray path;
        for (const QString &c : parts)
            path += '/' + c.toUtf8();
        return HgfsResult<QByteArray>::success(path);
    }
    const std::optional<QByteArray> path = platform::pathBelowRootShare(parts);
    if (!path)
        return HgfsResult<QByteArray>::failure(HgfsError{
            HgfsErrorKind::InvalidName,
            QStringLiteral("%1 names no file on this guest").arg(parts.join(QLatin1Char('/')))});
    return HgfsResult<QByteArray>::success(*path);
}

// Owner/group/other permission digits of an open, as a POSIX mode.
std::optional<quint32> openPermissions(const HgfsOpenRequest &r)
{
    if (!(r.mask & kOpenValidOwnerPerms))
        return std::nullopt;
    const quint32 group = (r.mask & kOpenValidGroupPerms) ? r.groupPerms & 7u : kPermRead;
    const quint32 other = (r.mask & kOpenValidOtherPerms) ? r.otherPerms & 7u : kPermRead;
    return ((r.ownerPerms & 7u) << 6) | (group << 3) | other;
}

} // namespace

HgfsServer::HgfsServer(HgfsHandlerRegistry handlers, HgfsServerLimits limits)
    : m_handlers(std::move(handlers)), m_limits(limits),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); }),
      m_nextSessionId(QRandomGenerator::global()->generate64() >> 16)
{
    // govmomi toolbox/hgfs/server.go registers the same set for VMX transfers;
    // OPEN_V2, CLOSE_V3, GETATTR_V3, SETATTR_V3 are what newer clients send.
    m_ops = {
        {opValue(HgfsOp::CreateSessionV4), &HgfsServer::createSession},
        {opValue(HgfsOp::DestroySessionV4), &HgfsServer::destroySession},
        {opValue(HgfsOp::Open), &HgfsServer::open},
        {opValue(HgfsOp::OpenV2), &HgfsServer::open},
        {opValue(HgfsOp::OpenV3), &HgfsServer::open},
        {opValue(HgfsOp::ReadV3), &HgfsServer::read},
        {opValue(HgfsOp::WriteV3), &HgfsServer::write},
        {opValue(HgfsOp::Close), &HgfsServer::close},
        {opValue(HgfsOp::CloseV3), &HgfsServer::close},
        {opValue(HgfsOp::GetattrV2), &HgfsServer::getattr},
        {opValue(HgfsOp::GetattrV3), &HgfsServer::getattr},
        {opValue(HgfsOp::SetattrV2), &HgfsServer::setattr},
        {opValue(HgfsOp::SetattrV3), &HgfsServer::setattr},
    };
    for (auto it = m_ops.cbegin(); it != m_ops.cend(); ++it) {
        if (!hasRequestDecoder(it.key()))
            qFatal("HGFS op %u has a handler but no decoder", it.key());
    }
}

HgfsServer::~HgfsServer()
{
    closeAll();
}

QSet<quint32> HgfsServer::supportedOps() const
{
    QSet<quint32> ops;
    for (auto it = m_ops.cbegin(); it != m_ops.cend(); ++it)
        ops.insert(it.key());
    return ops;
}

QByteArray HgfsServer::process(const QByteArray &packet, const HgfsCaller &caller)
{
    expireIdle();
    const HgfsDecodedRequest request = decodeRequest(packet);
    HgfsHeader header = request.packet.header;
    if (!request.packet.canReply) {
        qCInfo(lcHgfs).noquote() << "dropped an HGFS packet:" << request.packet.error;
        return {};
    }
    if (!request.ok()) {
        qCInfo(lcHgfs).noquote() << hgfsOpName(header.op) << "refused:" << request.packet.error;
        return encodeReplyPacket(header, request.packet.status);
    }
    const auto op = m_ops.constFind(header.op);
    if (op == m_ops.constEnd())
        return encodeUnsupportedOpReply(header);
    // A VMX sends every transfer op behind the session header (govmomi
    // server.go refuses the legacy form the same way).
    if (header.form != HgfsHeaderForm::Session)
        return encodeReplyPacket(header, HgfsStatus::ProtocolError);

    Call call{header, request.args, caller, nullptr};
    if (header.op != opValue(HgfsOp::CreateSessionV4)) {
        call.session = findSession(header.sessionId, caller.owner);
        if (!call.session) {
            qCInfo(lcHgfs).noquote()
                << hgfsOpName(header.op) << "for unknown session" << header.sessionId;
            header.sessionId = kInvalidSessionId;
            return encodeReplyPacket(header, HgfsStatus::StaleSession);
        }
    }
    const Reply reply = (this->*op.value())(call);
    if (reply.status != HgfsStatus::Success)
        qCInfo(lcHgfs).noquote() << hgfsOpName(header.op) << hgfsStatusName(reply.status)
                                 << reply.why;
    return encodeReplyPacket(header, reply.status, reply.body);
}

std::shared_ptr<HgfsServer::Session> HgfsServer::findSession(quint64 id, const QString &owner)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.constEnd() || it.value()->owner != owner)
        return nullptr;
    it.value()->lastUsed = now();
    return it.value();
}

std::shared_ptr<HgfsServer::Handle> HgfsServer::findHandle(Session &session, quint32 handle) const
{
    QMutexLocker lock(&m_mutex);
    return session.handles.value(handle);
}

std::shared_ptr<HgfsServer::Handle> HgfsServer::takeHandle(Session &session, quint32 handle)
{
    QMutexLocker lock(&m_mutex);
    return session.handles.take(handle);
}

void HgfsServer::expireIdle()
{
    QList<std::shared_ptr<Session>> expired;
    {
        QMutexLocker lock(&m_mutex);
        const qint64 t = now();
        for (auto it = m_sessions.begin(); it != m_sessions.end();) {
            if (t - it.value()->lastUsed > m_limits.idleTimeoutMs) {
                expired.append(it.value());
                it = m_sessions.erase(it);
            } else {
                ++it;
            }
        }
        for (const auto &s : std::as_const(expired))
            qCInfo(lcHgfs) << "HGFS session" << s->id << "idle; closing" << s->handles.size()
                           << "handles";
    }
    // Handles close outside the lock: aborting a write is file-system work.
}

void HgfsServer::closeAll()
{
    QHash<quint64, std::shared_ptr<Session>> all;
    {
        QMutexLocker lock(&m_mutex);
        all.swap(m_sessions);
    }
}

int HgfsServer::sessionCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_sessions.size());
}

int HgfsServer::handleCount() const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const auto &s : m_sessions)
        n += int(s->handles.size());
    return n;
}

HgfsServer::Reply HgfsServer::createSession(const Call &call)
{
    const auto &req = std::get<HgfsCreateSessionRequest>(call.args);
    auto session = std::make_shared<Session>();
    session->owner = call.caller.owner;
    session->maxPacketSize =
        HgfsSessionOps::negotiateMaxPacketSize(req.maxPacketSize, m_limits.maxPacketSize);
    {
        QMutexLocker lock(&m_mutex);
        if (m_sessions.size() >= m_limits.maxSessions)
            return Reply::fail(HgfsStatus::TooManySessions,
                               QStringLiteral("%1 sessions open").arg(m_sessions.size()));
        session->id = m_nextSessionId++;
        session->lastUsed = now();
        m_sessions.insert(session->id, session);
    }
    const HgfsCreateSessionReply reply = HgfsSessionOps::makeCreateSessionReply(
        session->id, req, m_limits.maxPacketSize, supportedOps());
    return Reply::ok(reply.encode());
}

HgfsServer::Reply HgfsServer::destroySession(const Call &call)
{
    std::shared_ptr<Session> ended;
    {
        QMutexLocker lock(&m_mutex);
        ended = m_sessions.take(call.session->id);
    }
    // The session's handles go with it; an unfinished write is aborted.
    return Reply::ok(HgfsDestroySession{}.encode());
}

HgfsServer::Reply HgfsServer::open(const Call &call)
{
    const auto &req = std::get<HgfsOpenRequest>(call.args);
    const auto path = localPath(req.file);
    if (!path.ok())
        return Reply::fail(path.error);
    {
        QMutexLocker lock(&m_mutex);
        if (call.session->handles.size() >= m_limits.maxHandlesPerSession)
            return Reply::fail(
                HgfsStatus::GenericError,
                QStringLiteral("session has %1 open handles").arg(call.session->handles.size()));
    }
    HgfsOpenArgs args;
    args.accessMode = req.accessMode();
    args.flags = (req.mask & kOpenValidFlags) ? HgfsOpenFlags(req.flags) : HgfsOpenFlags::Open;
    if (req.flags > quint32(HgfsOpenFlags::OpenCreateEmpty))
        return Reply::fail(HgfsStatus::InvalidParameter,
                           QStringLiteral("open flags %1").arg(req.flags));
    args.permissions = openPermissions(req);
    const HgfsHandlerRegistry::Resolved target = m_handlers.resolve(path.value);
    auto opened = target.handler->open(call.caller.session, target.path, args);
    if (!opened.ok())
        return Reply::fail(opened.error);

    auto handle = std::make_shared<Handle>();
    handle->file = std::move(opened.value);
    handle->handler = target.handler;
    handle->path = target.path;
    handle->user = call.caller.session;
    HgfsOpenReply reply;
    {
        QMutexLocker lock(&m_mutex);
        if (call.session->handles.size() >= m_limits.maxHandlesPerSession)
            return Reply::fail(HgfsStatus::GenericError, QStringLiteral("handle table full"));
        Session &s = *call.session;
        do {
            reply.handle = s.nextHandle++;
        } while (reply.handle == kInvalidHandle || s.handles.contains(reply.handle));
        s.handles.insert(reply.handle, std::move(handle));
    }
    return Reply::ok(reply.encode(call.header.op));
}

HgfsServer::Reply HgfsServer::read(const Call &call)
{
    const auto &req = std::get<HgfsReadRequest>(call.args);
    const HgfsStatus fits =
        req.checkFits(call.header.form, replyPacketLimit(call.header.form, call.header.op,
                                                         call.session->maxPacketSize));
    if (fits != HgfsStatus::Success)
        return Reply::fail(fits, QStringLiteral("read of %1 bytes does not fit the session's "
                                                "packets")
                                     .arg(req.requiredSize));
    const auto handle = findHandle(*call.session, req.handle);
    if (!handle)
        return Reply::fail(HgfsStatus::InvalidHandle, QStringLiteral("handle %1").arg(req.handle));
    QMutexLocker lock(&handle->mutex);
    auto data = handle->file->read(req.offset, req.requiredSize);
    if (!data.ok())
        return Reply::fail(data.error);
    return Reply::ok(HgfsReadReply{std::move(data.value)}.encode());
}

HgfsServer::Reply HgfsServer::write(const Call &call)
{
    const auto &req = std::get<HgfsWriteRequest>(call.args);
    const auto handle = findHandle(*call.session, req.handle);
    if (!handle)
        return Reply::fail(HgfsStatus::InvalidHandle, QStringLiteral("handle %1").arg(req.handle));
    QMutexLocker lock(&handle->mutex);
    auto written = handle->file->write(req.offset, req.data, req.flags & kWriteAppend);
    if (!written.ok())
        return Reply::fail(written.error);
    return Reply::ok(HgfsWriteReply{written.value}.encode());
}

HgfsServer::Reply HgfsServer::close(const Call &call)
{
    const auto &req = std::get<HgfsCloseRequest>(call.args);
    const auto handle = takeHandle(*call.session, req.handle);
    if (!handle)
        return Reply::fail(HgfsStatus::InvalidHandle, QStringLiteral("handle %1").arg(req.handle));
    QMutexLocker lock(&handle->mutex);
    if (const HgfsError e = handle->file->close(); e.isError())
        return Reply::fail(e);
    return Reply::ok(HgfsCloseReply::encode(call.header.op));
}

HgfsServer::Reply HgfsServer::getattr(const Call &call)
{
    const auto &req = std::get<HgfsGetattrRequest>(call.args);
    HgfsResult<platform::FileInfo> info;
    if (req.file.useHandle) {
        const auto handle = findHandle(*call.session, req.file.handle);
        if (!handle)
            return Reply::fail(HgfsStatus::InvalidHandle,
                               QStringLiteral("handle %1").arg(req.file.handle));
        QMutexLocker lock(&handle->mutex);
        info = handle->file->info();
    } else {
        const auto path = localPath(req.file);
        if (!path.ok())
            return Reply::fail(path.error);
        const HgfsHandlerRegistry::Resolved target = m_handlers.resolve(path.value);
        info = target.handler->stat(call.caller.session, target.path);
    }
    if (!info.ok())
        return Reply::fail(info.error);
    HgfsGetattrReply reply;
    reply.attr = hgfsAttrFrom(info.value);
    return Reply::ok(reply.encode(call.header.op));
}

HgfsServer::Reply HgfsServer::setattr(const Call &call)
{
    const auto &req = std::get<HgfsSetattrRequest>(call.args);
    HgfsHandlerRegistry::Resolved target;
    if (req.file.useHandle) {
        const auto handle = findHandle(*call.session, req.file.handle);
        if (!handle)
            return Reply::fail(HgfsStatus::InvalidHandle,
                               QStringLiteral("handle %1").arg(req.file.handle));
        target = {handle->handler, handle->path};
    } else {
        const auto path = localPath(req.file);
        if (!path.ok())
            return Reply::fail(path.error);
        target = m_handlers.resolve(path.value);
    }
    const platform::AttributeChange change = attributeChangeFrom(req.attr);
    if (change.owner || change.group || change.mode || change.accessed || change.modified) {
        if (const HgfsError e =
                target.handler->setAttributes(call.caller.session, target.path, change);
            e.isError())
            return Reply::fail(e);
    }
    return Reply::ok(HgfsSetattrReply::encode(call.header.op));
}

} // namespace gk::hgfs::server
