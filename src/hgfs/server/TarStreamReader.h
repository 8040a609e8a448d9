#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QIODevice;

namespace gk::hgfs::server {

// One member of a tar stream, with the GNU long-name and POSIX pax records
// that precede it already applied.
struct TarEntry
{
    enum class Type { File, Directory, Symlink, Hardlink, CharDevice, BlockDevice, Fifo, Other };
    Type type = Type::Other;
    char typeflag = 0;
    QByteArray name;     // as in the archive (bytes)
    QByteArray linkName; // symlink target / hard link source
    quint32 mode = 0;    // permission bits (07777)
    qint64 size = 0;     // data bytes that follow (File only; 0 otherwise)
    qint64 mtime = 0;    // seconds since the epoch
};

// Reads a tar stream front to back without seeking, so it can read straight
// from a pipe or a decompressor: ustar, GNU ('L'/'K' long names, base-256
// numbers) and pax ('x' path/linkpath/size/mtime; 'g' ignored). KTar cannot
// do this: it reads the whole archive, and copies a compressed one to a
// temporary file first. Every header's checksum is verified; a truncated
// stream is an error, the end is two zero blocks or the end of the stream at
// a header boundary.
class TarStreamReader
{
public:
    explicit TarStreamReader(QIODevice &in) : m_in(in) {}

    // The next entry; nullopt at the end (error() empty) or on an error.
    std::optional<TarEntry> next();
    // Up to `max` bytes of the current entry's data; empty when it is done
    // (or on an error).
    QByteArray readData(qint64 max);
    QString error() const { return m_error; }
    qint64 position() const { return m_position; }

private:
    bool readExactly(char *buffer, qint64 size, bool allowCleanEnd, bool *cleanEnd = nullptr);
    bool skip(qint64 size);
    bool finishEntry();
    bool fail(const QString &message);

    QIODevice &m_in;
    QString m_error;
    qint64 m_position = 0;
    qint64 m_dataLeft = 0; // of the current entry
    qint64 m_padding = 0;  // after its data
    bool m_done = false;
};

} // namespace gk::hgfs::server
