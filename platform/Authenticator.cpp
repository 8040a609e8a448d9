#include "Authenticator.h"

#include <QThreadPool>

namespace gk::platform {

void Authenticator::authenticateAsync(
    QObject *context, const QString &userName, const QString &password,
    std::function<void(Result<std::shared_ptr<GuestSession>>)> done)
{
    QThreadPool *pool = threadPool();
    postWithReply([pool](std::function<void()> task) { pool->start(std::move(task)); }, context,
                  [this, userName, password] { return authenticate(userName, password); },
                  std::move(done));
}

} // namespace gk::platform
