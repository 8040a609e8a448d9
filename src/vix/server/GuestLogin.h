#pragma once

#include "platform/UserAccount.h"

#include <QByteArray>

#include <memory>

namespace gk::platform {
class GuestSession;
}

namespace gk::vix::server {

// Who a request runs as once its credentials were accepted: the account and
// the session that acts as it (null in unit tests that only check identity).
struct GuestLogin
{
    platform::UserAccount account;
    std::shared_ptr<platform::GuestSession> session;
    // The request came with a ticket from AcquireCredentials (credential type 9).
    bool viaTicket = false;
    // `auth = none`: no password was checked.
    bool unauthenticated = false;
};

} // namespace gk::vix::server
