#include "TempName.h"

#include "LinuxErrors.h"
#include "UniqueFd.h"

#include <QRandomGenerator>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

namespace gk::platform::linuxos {
namespace {

constexpr int kRandomChars = 12;
constexpr int kAttempts = 100;

} // namespace

QByteArray randomName(int count)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray out(count, '\0');
    for (int i = 0; i < count; ++i)
        out[i] = alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))];
    return out;
}

Result<FilePath> createTempEntry(const TempRequest &request)
{
    for (const QByteArray &part : {request.prefix, request.suffix}) {
        if (part.contains('/') || part.contains('\0'))
            return Result<FilePath>::failure(PlatformError::make(
                PlatformError::Kind::InvalidName, EINVAL,
                QStringLiteral("temporary name: prefix and suffix cannot hold '/' or NUL")));
    }
    const bool directory = request.kind == TempRequest::Kind::Directory;
    int err = EEXIST;
    FilePath path;
    for (int attempt = 0; attempt < kAttempts && err == EEXIST; ++attempt) {
        path = request.directory.child(request.prefix + randomName(kRandomChars) + request.suffix);
        const char *p = path.bytes().constData();
        if (directory) {
            err = ::mkdir(p, 0700) == 0 ? 0 : errno;
        } else {
            UniqueFd fd(::open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
            err = fd.isValid() ? 0 : errno;
        }
    }
    if (err)
        return Result<FilePath>::failure(errnoError(
            err, directory ? "create temporary directory" : "create temporary file", path));
    return Result<FilePath>::success(path);
}

} // namespace gk::platform::linuxos
