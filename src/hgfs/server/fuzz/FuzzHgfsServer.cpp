// libFuzzer target: packet sequences through the HGFS server (sessions,
// handle tables, op dispatch) with an in-memory file handler, so nothing
// touches the disk. The input is split into packets by a 2-byte length
// prefix; a valid CREATE_SESSION_V4 is sent first so later packets can hit
// session state once the fuzzer learns the session id layout.
#include "hgfs/codec/HgfsSessionOps.h"
#include "hgfs/server/HgfsServer.h"

#include <QHash>

#include <cstdint>
#include <cstring>

using namespace gk::hgfs;
using namespace gk::hgfs::server;

namespace {

class MemoryFile final : public HgfsOpenFile
{
public:
    explicit MemoryFile(QByteArray *data) : m_data(data) {}
    HgfsResult<QByteArray> read(quint64 offset, quint32 maxBytes) override
    {
        if (offset > quint64(m_data->size()))
            return HgfsResult<QByteArray>::success({});
        return HgfsResult<QByteArray>::success(m_data->mid(qsizetype(offset), maxBytes));
    }
    HgfsResult<quint32> write(quint64 offset, const QByteArray &data, bool) override
    {
        if (offset != quint64(m_data->size()))
            return HgfsResult<quint32>::failure({HgfsErrorKind::InvalidParameter, {}});
        if (m_data->size() + data.size() > 1 << 20)
            return HgfsResult<quint32>::failure({HgfsErrorKind::NoSpace, {}});
        m_data->append(data);
        return HgfsResult<quint32>::success(quint32(data.size()));
    }
    HgfsResult<gk::platform::FileInfo> info() override
    {
        gk::platform::FileInfo fi;
        fi.type = gk::platform::FileType::Regular;
        fi.size = m_data->size();
        return HgfsResult<gk::platform::FileInfo>::success(fi);
    }
    HgfsError close() override { return {}; }

private:
    QByteArray *m_data;
};

class MemoryHandler final : public HgfsFileHandler
{
public:
    HgfsResult<gk::platform::FileInfo> stat(const std::shared_ptr<gk::platform::GuestSession> &,
                                            const QByteArray &path) override
    {
        if (!m_files.contains(path))
            return HgfsResult<gk::platform::FileInfo>::failure({HgfsErrorKind::NotFound, {}});
        gk::platform::FileInfo fi;
        fi.size = m_files.value(path).size();
        return HgfsResult<gk::platform::FileInfo>::success(fi);
    }
    HgfsResult<std::unique_ptr<HgfsOpenFile>>
    open(const std::shared_ptr<gk::platform::GuestSession> &, const QByteArray &path,
         const HgfsOpenArgs &args) override
    {
        using R = HgfsResult<std::unique_ptr<HgfsOpenFile>>;
        if (m_files.size() > 64 && !m_files.contains(path))
            return R::failure({HgfsErrorKind::NoSpace, {}});
        QByteArray &data = m_files[path];
        if (args.accessMode != kOpenModeReadOnly)
            data.clear();
        return R::success(std::make_unique<MemoryFile>(&data));
    }
    HgfsError setAttributes(const std::shared_ptr<gk::platform::GuestSession> &, const QByteArray &,
                            const gk::platform::AttributeChange &) override
    {
        return {};
    }

private:
    QHash<QByteArray, QByteArray> m_files; // QHash keeps element addresses stable
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto handler = std::make_shared<MemoryHandler>();
    HgfsHandlerRegistry handlers;
    handlers.setDefault(handler);
    HgfsServer server(std::move(handlers));
    const HgfsCaller caller{nullptr, QStringLiteral("fuzz")};
    HgfsHeader h;
    h.op = opValue(HgfsOp::CreateSessionV4);
    server.process(encodeRequestPacket(h, HgfsCreateSessionRequest{}.encode()), caller);
    size_t pos = 0;
    while (pos + 2 <= size) {
        const size_t len =
            std::min<size_t>(size_t(data[pos]) | size_t(data[pos + 1]) << 8, size - pos - 2);
        pos += 2;
        server.process(QByteArray(reinterpret_cast<const char *>(data + pos), qsizetype(len)),
                       caller);
        pos += len;
    }
    return 0;
}
