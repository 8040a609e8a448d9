#include "RemoveTree.h"

#ifdef _WIN32
#include <QDir>
#include <QFile>

bool removeTree(const QByteArray &path)
{
    // Windows names are UTF-16: QDir can name every one of them.
    QDir dir(QFile::decodeName(path));
    return !dir.exists() || dir.removeRecursively();
}
#else
#include <cerrno>
#include <cstdio>
#include <ftw.h>
#include <sys/stat.h>

namespace {

int removeOne(const char *path, const struct stat *, int, struct FTW *)
{
    // Depth first: a directory comes after its entries.
    return ::remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

} // namespace

bool removeTree(const QByteArray &path)
{
    struct stat st;
    if (::lstat(path.constData(), &st) != 0)
        return errno == ENOENT;
    return ::nftw(path.constData(), removeOne, 16, FTW_DEPTH | FTW_PHYS) == 0;
}
#endif
