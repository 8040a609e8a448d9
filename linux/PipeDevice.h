#pragma once

#include <QIODevice>

namespace gk::platform::linuxos {

// One end of a pipe as a sequential, unbuffered QIODevice that owns the fd.
// A read returns what one read(2) gives (at least a byte, blocking until
// there is one; 0 at end of file), so output streams as the child writes
// it; QFile's unbuffered read waits until the whole request is filled.
// Writes block until everything is written.
class PipeDevice final : public QIODevice
{
public:
    PipeDevice(int fd, OpenMode mode);
    ~PipeDevice() override;

    bool isSequential() const override { return true; }
    bool atEnd() const override { return m_eof; }
    void close() override;
    int handle() const { return m_fd; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    int m_fd = -1;
    bool m_eof = false;
};

} // namespace gk::platform::linuxos
