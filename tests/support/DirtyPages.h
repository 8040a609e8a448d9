#pragma once

#include <QByteArray>

// How many of a file's pages in the page cache are dirty (written, not yet
// on disk), read from /proc/self/pagemap and /proc/kpageflags through a
// mapping of the file (Linux, root). -1 when it cannot tell (not root, not
// Linux, an empty file, no such file, or a tmpfs file, whose pages are never
// written back and so stay dirty).
int dirtyPageCount(const QByteArray &path);
