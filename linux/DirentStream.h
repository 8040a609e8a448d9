#pragma once

#include <QByteArray>

namespace gk::platform::linuxos {

// Reads the entries of an open directory with getdents64, a buffer at a
// time, so memory stays fixed however large the directory is. Skips "." and
// "..". The fd stays owned by the caller.
class DirentStream
{
public:
    struct Entry
    {
        const char *name = nullptr; // NUL-terminated, valid until next()
        unsigned char type = 0;     // DT_* (DT_UNKNOWN on some file systems)
        // Where the entry stands in the directory stream: the offset telldir
        // would give just before it (the previous record's d_off). Opaque: a
        // byte offset on some file systems, a name hash on ext4's indexed
        // directories.
        qint64 position = 0;
    };

    explicit DirentStream(int dirFd, int bufferSize = 64 * 1024);

    // The next entry; false at the end or on error (then error() is errno).
    bool next(Entry *entry);
    int error() const { return m_error; }
    bool atEnd() const { return m_end; }
    // Nothing read since the start (or a rewind).
    bool atStart() const { return m_position == 0 && m_used == 0 && !m_end && !m_error; }
    // Starts over from the first entry.
    void rewind();
    // Continues from a position as lseek(SEEK_SET) on the directory takes
    // it; false (errno in error()) when the file system refuses it.
    bool seek(qint64 position);
    // Reads no further: next() answers false and atEnd() true.
    void finish();

private:
    int m_fd;
    QByteArray m_buffer;
    int m_used = 0;
    int m_pos = 0;
    int m_error = 0;
    bool m_end = false;
    qint64 m_position = 0; // of the next record (the fd starts at 0)
};

} // namespace gk::platform::linuxos
