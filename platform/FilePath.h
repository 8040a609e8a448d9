#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace gk::platform {

// A path as the guest file system names it, lossless. It holds bytes: UTF-8
// by convention (what the VIX and HGFS wires carry), but on Linux any byte
// string a file name can be, so a name that is not valid UTF-8 survives a
// round trip. The Windows backend converts UTF-8 to UTF-16 at the OS call.
// '/' separates components on both OSes (Windows accepts it).
class FilePath
{
public:
    FilePath() = default;
    static FilePath fromBytes(const QByteArray &bytes) { return FilePath(bytes); }
    static FilePath fromString(const QString &path) { return FilePath(path.toUtf8()); }

    const QByteArray &bytes() const { return m_bytes; }
    // For logs and messages: invalid UTF-8 shows as U+FFFD.
    QString toString() const { return QString::fromUtf8(m_bytes); }
    bool isEmpty() const { return m_bytes.isEmpty(); }

    // This path with `name` appended as one more component.
    FilePath child(const QByteArray &name) const;
    // The last component ("" for "/").
    QByteArray fileName() const;
    // Everything before the last component ("." for a bare name, "/" for "/x").
    FilePath parent() const;

    friend bool operator==(const FilePath &a, const FilePath &b) { return a.m_bytes == b.m_bytes; }
    friend bool operator!=(const FilePath &a, const FilePath &b) { return a.m_bytes != b.m_bytes; }

private:
    explicit FilePath(QByteArray bytes) : m_bytes(std::move(bytes)) {}
    QByteArray m_bytes;
};

} // namespace gk::platform

Q_DECLARE_METATYPE(gk::platform::FilePath)
