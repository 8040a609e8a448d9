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
    };

    explicit DirentStream(int dirFd, int bufferSize = 64 * 1024);

    // The next entry; false at the end or on error (then error() is errno).
    bool next(Entry *entry);
    int error() const { return m_error; }
    bool atEnd() const { return m_end; }
    // Starts over from the first entry.
    void rewind();

private:
    int m_fd;
    QByteArray m_buffer;
    int m_used = 0;
    int m_pos = 0;
    int m_error = 0;
    bool m_end = false;
};

} // namespace gk::platform::linuxos
