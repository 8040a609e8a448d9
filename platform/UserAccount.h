#pragma once

#include <QList>
#include <QString>

#include <memory>

namespace gk::platform {

// A guest user as the OS knows it, once authenticated: what a GuestSession
// acts as and what processes start as. Linux fills the POSIX ids; Windows
// fills the SID and keeps the logon token in `credential`.
struct UserAccount
{
    QString name;
    QString home;
    QString shell;
    qint64 uid = -1;
    qint64 gid = -1;
    QList<qint64> groups; // supplementary group ids, primary included
    QString sid;
    // Backend-owned logon token (Windows); null on Linux.
    std::shared_ptr<const void> credential;

    bool isValid() const { return !name.isEmpty() && (uid >= 0 || !sid.isEmpty()); }
};

} // namespace gk::platform
