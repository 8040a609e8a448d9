#pragma once

#include <QString>

namespace gk::test {

// True when the tests run under Wine (ntdll exports wine_get_version).
// Wine has one user and no real logon: LogonUserW accepts any password and
// impersonation does not change who the OS checks; tests that depend on a
// second identity say so and skip there (docs/windows.md lists them).
bool runningUnderWine();
// A primary token of this process, duplicated (caller closes it): stands in
// for a logon token where no second account can log on.
void *duplicateOwnToken(bool primary);
void closeToken(void *token);
// The SID string of the token on the calling thread (its impersonation
// token if any, else the process's); empty when the thread has none and
// `threadOnly` is set.
QString threadTokenSid(bool threadOnly);

} // namespace gk::test

#define GK_SKIP_UNDER_WINE(why)                                                                    \
    do {                                                                                           \
        if (gk::test::runningUnderWine())                                                          \
            QSKIP("under Wine: " why);                                                             \
    } while (0)
