#pragma once

#include "AsyncReply.h"
#include "SessionFiles.h"
#include "UserAccount.h"

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace gk::platform {

// The authenticated guest user's side of the daemon: everything done through
// it runs with that user's identity, so the OS (not guestkit) decides what
// the user may touch. Sessions are shared (std::shared_ptr): a transfer or a
// lister may outlive the request that opened it.
//
// Two ways in:
//  - workers (VIX/HGFS handlers on a QThreadPool thread) call files() or
//    run() and block; the identity is taken on their own thread for the call
//    and given back after it.
//  - event-loop code calls runAsync(): the work runs on a pool thread and the
//    result comes back as a queued call on the caller's thread.
// The event-loop thread never changes identity: a blocking call made there
// runs on a pool thread while the caller waits.
class GuestSession
{
public:
    virtual ~GuestSession() = default;

    virtual const UserAccount &user() const = 0;
    // True for the `auth = none` session that acts as the daemon's own user.
    virtual bool isDaemonUser() const = 0;
    // Part of the session: valid as long as the caller holds the session.
    virtual SessionFiles &files() = 0;

    // Runs `fn` as the user and returns once it has run.
    virtual void invoke(const std::function<void()> &fn) = 0;
    // Runs `fn` as the user on a pool thread; returns at once.
    virtual void post(std::function<void()> fn) = 0;

    // Blocking: runs `fn` as the user and gives back its result.
    template <typename F> std::invoke_result_t<F &> run(F &&fn)
    {
        using R = std::invoke_result_t<F &>;
        if constexpr (std::is_void_v<R>) {
            invoke([&fn] { fn(); });
        } else {
            std::optional<R> result;
            invoke([&fn, &result] { result.emplace(fn()); });
            return std::move(*result);
        }
    }

    // Asynchronous: runs `fn` as the user on a pool thread, then calls
    // done(result) on the thread that called runAsync (it needs a running
    // event loop). `done` is dropped if `context` is destroyed first.
    template <typename F, typename Done> void runAsync(QObject *context, F fn, Done done)
    {
        postWithReply([this](std::function<void()> task) { post(std::move(task)); }, context,
                      std::move(fn), std::move(done));
    }
};

} // namespace gk::platform
