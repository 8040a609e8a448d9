#include "WinTestSupport.h"

#include <windows.h>

#include <sddl.h>

#include <vector>

namespace gk::test {

bool runningUnderWine()
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr;
}

void *duplicateOwnToken(bool primary)
{
    HANDLE own = nullptr, copy = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ALL_ACCESS, &own))
        return nullptr;
    DuplicateTokenEx(own, TOKEN_ALL_ACCESS, nullptr, SecurityImpersonation,
                     primary ? TokenPrimary : TokenImpersonation, &copy);
    CloseHandle(own);
    return copy;
}

void closeToken(void *token)
{
    if (token)
        CloseHandle(token);
}

QString threadTokenSid(bool threadOnly)
{
    HANDLE token = nullptr;
    if (!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token)) {
        if (threadOnly || !OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
            return {};
    }
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<char> buffer(size ? size : 1);
    QString out;
    wchar_t *text = nullptr;
    if (GetTokenInformation(token, TokenUser, buffer.data(), size, &size) &&
        ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid, &text)) {
        out = QString::fromWCharArray(text);
        LocalFree(text);
    }
    CloseHandle(token);
    return out;
}

} // namespace gk::test
