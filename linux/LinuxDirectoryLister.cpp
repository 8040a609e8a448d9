#include "LinuxDirectoryLister.h"

#include "LinuxErrors.h"
#include "LinuxGuestSession.h"
#include "LinuxStat.h"
#include "PositionRangeCount.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <limits>

namespace gk::platform::linuxos {
namespace {

FileType typeFromDirent(unsigned char type)
{
    switch (type) {
    case DT_REG:
        return FileType::Regular;
    case DT_DIR:
        return FileType::Directory;
    case DT_LNK:
        return FileType::Symlink;
    case DT_CHR:
        return FileType::CharDevice;
    case DT_BLK:
        return FileType::BlockDevice;
    case DT_FIFO:
        return FileType::Fifo;
    case DT_SOCK:
        return FileType::Socket;
    default:
        return FileType::Unknown;
    }
}

} // namespace

LinuxDirectoryLister::LinuxDirectoryLister(std::shared_ptr<LinuxGuestSession> session,
                                           UniqueFd dirFd, FilePath directory,
                                           QRegularExpression nameFilter)
    : m_session(std::move(session)), m_fd(std::move(dirFd)), m_directory(std::move(directory)),
      m_filter(std::move(nameFilter)), m_filtered(!m_filter.pattern().isEmpty()),
      m_stream(m_fd.get())
{}

bool LinuxDirectoryLister::nameMatches(const QRegularExpression &filter, const char *name)
{
    return filter.match(QString::fromUtf8(name)).hasMatch();
}

bool LinuxDirectoryLister::nextMatching(DirentStream::Entry *entry)
{
    while (m_stream.next(entry)) {
        if (matches(entry->name))
            return true;
    }
    return false;
}

Result<QVector<FileInfo>> LinuxDirectoryLister::nextBatch(int max)
{
    using R = Result<QVector<FileInfo>>;
    if (max <= 0)
        return R::success({});
    return m_session->run([&]() -> R {
        QVector<FileInfo> batch;
        batch.reserve(qMin(max, 4096));
        DirentStream::Entry entry;
        while (batch.size() < max && nextMatching(&entry)) {
            const QByteArray name(entry.name, int(std::strlen(entry.name)));
            StatResult r = statAt(m_fd.get(), entry.name, name, false, &m_names);
            if (r.error == ENOENT)
                continue; // deleted since the directory was read
            if (r.error) {
                // Readable but not searchable (r-- without x): the name is
                // all the user may learn, as with `ls`.
                r.info = FileInfo{};
                r.info.name = name;
                r.info.type = typeFromDirent(entry.type);
                r.info.hidden = name.startsWith('.');
            }
            batch.append(std::move(r.info));
        }
        if (m_stream.error())
            return R::failure(errnoError(m_stream.error(), "list", m_directory));
        return R::success(std::move(batch));
    });
}

Result<qint64> LinuxDirectoryLister::skipHere(qint64 count)
{
    qint64 skipped = 0;
    DirentStream::Entry entry;
    while (skipped < count && nextMatching(&entry))
        ++skipped;
    if (m_stream.error())
        return Result<qint64>::failure(errnoError(m_stream.error(), "list", m_directory));
    return Result<qint64>::success(skipped);
}

Result<qint64> LinuxDirectoryLister::skip(qint64 count)
{
    return m_session->run([&] { return skipHere(count); });
}

Result<qint64> LinuxDirectoryLister::countToEnd()
{
    return m_session->run([&]() -> Result<qint64> {
        if (m_stream.atStart()) {
            // Each counting thread compiles the filter for itself: one
            // QRegularExpression is not to be matched from several threads.
            const auto makeTest = [this]() -> NameTest {
                if (!m_filtered)
                    return {};
                return [filter = QRegularExpression(m_filter.pattern(), m_filter.patternOptions())](
                           const char *name) {
                    return nameMatches(filter, name);
                };
            };
            if (const std::optional<qint64> counted = countByPositionRanges(m_fd.get(), makeTest)) {
                m_stream.finish();
                return Result<qint64>::success(*counted);
            }
        }
        return skipHere(std::numeric_limits<qint64>::max());
    });
}

} // namespace gk::platform::linuxos
