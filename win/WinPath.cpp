#include "WinPath.h"

#include <QString>

#include <cwchar>

namespace gk::platform::winos {
namespace {

// Paths at least this long get the \\?\ prefix (MAX_PATH less room for an
// 8.3 name, the limit CreateDirectoryW applies).
constexpr int kLongPath = 248;

bool validUtf8(const QByteArray &bytes)
{
    // A lossless round trip proves there was no invalid sequence.
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

} // namespace

bool toWide(const FilePath &path, std::wstring *out)
{
    const QByteArray &bytes = path.bytes();
    if (bytes.isEmpty() || bytes.contains('\0') || !validUtf8(bytes))
        return false;
    QString text = QString::fromUtf8(bytes);
    text.replace(QLatin1Char('/'), QLatin1Char('\\'));
    const bool driveAbsolute =
        text.size() >= 3 && text.at(1) == QLatin1Char(':') && text.at(2) == QLatin1Char('\\');
    if (driveAbsolute && text.size() >= kLongPath && !text.contains(QLatin1String("\\.")))
        text.prepend(QLatin1String("\\\\?\\"));
    *out = text.toStdWString();
    return true;
}

QByteArray fromWide(const wchar_t *text, int length)
{
    if (length < 0)
        length = int(std::wcslen(text));
    return QString::fromWCharArray(text, length).toUtf8();
}

std::wstring toWide(const QString &text)
{
    return text.toStdWString();
}

QString fromWideString(const std::wstring &text)
{
    return QString::fromStdWString(text);
}

} // namespace gk::platform::winos
