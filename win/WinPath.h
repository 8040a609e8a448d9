#pragma once

#include "platform/FilePath.h"

#include <string>

namespace gk::platform::winos {

// FilePath (UTF-8, '/' or '\' separators) -> the UTF-16 path Win32 takes:
// backslashes, and the \\?\ prefix on long absolute paths so names past
// MAX_PATH work. False when the bytes are not valid UTF-8 or hold a NUL.
bool toWide(const FilePath &path, std::wstring *out);
// A UTF-16 name from the OS -> FilePath bytes (UTF-8).
QByteArray fromWide(const wchar_t *text, int length = -1);
std::wstring toWide(const QString &text);
QString fromWideString(const std::wstring &text);

} // namespace gk::platform::winos
