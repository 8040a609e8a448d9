#include "FilePath.h"

namespace gk::platform {
namespace {

// Length of `bytes` without its trailing separators, keeping a lone root "/".
qsizetype trimmedLength(const QByteArray &bytes)
{
    qsizetype n = bytes.size();
    while (n > 1 && bytes.at(n - 1) == '/')
        --n;
    return n;
}

} // namespace

FilePath FilePath::child(const QByteArray &name) const
{
    if (m_bytes.isEmpty())
        return FilePath(name);
    QByteArray joined = m_bytes.left(trimmedLength(m_bytes));
    if (!joined.endsWith('/'))
        joined += '/';
    return FilePath(joined + name);
}

QByteArray FilePath::fileName() const
{
    const QByteArray trimmed = m_bytes.left(trimmedLength(m_bytes));
    if (trimmed == "/")
        return {};
    return trimmed.mid(trimmed.lastIndexOf('/') + 1);
}

FilePath FilePath::parent() const
{
    const QByteArray trimmed = m_bytes.left(trimmedLength(m_bytes));
    const qsizetype slash = trimmed.lastIndexOf('/');
    if (slash < 0)
        return FilePath(QByteArrayLiteral("."));
    if (slash == 0)
        return FilePath(QByteArrayLiteral("/"));
    return FilePath(trimmed.left(trimmedLength(trimmed.left(slash))));
}

} // namespace gk::platform
