#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <type_traits>

namespace gk::platform {

// Runs `fn` through `post` (which hands a task to some worker thread) and
// calls done(result) back on the thread that called postWithReply; that
// thread needs a running event loop. `done` is dropped if `context` is
// destroyed first. `fn` and `done` must be copyable.
template <typename Post, typename F, typename Done>
void postWithReply(Post &&post, QObject *context, F fn, Done done)
{
    using R = std::invoke_result_t<F &>;
    static_assert(!std::is_void_v<R>, "postWithReply needs a result value");
    // The relay lives on the caller's thread and only its own queued call
    // deletes it, so the worker can always reach it even after `context` is
    // gone; `context` is then checked on its own thread, without a race.
    auto *relay = new QObject;
    QPointer<QObject> guard(context);
    std::function<void()> task = [fn = std::move(fn), done = std::move(done), relay,
                                  guard]() mutable {
        auto result = std::make_shared<R>(fn());
        QMetaObject::invokeMethod(
            relay,
            [done, result, relay, guard]() mutable {
                if (guard)
                    done(std::move(*result));
                relay->deleteLater();
            },
            Qt::QueuedConnection);
    };
    post(std::move(task));
}

} // namespace gk::platform
