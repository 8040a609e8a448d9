#pragma once

#include <QByteArray>

// Deletes a directory tree by its bytes, without following links. Unlike
// QDir::removeRecursively it also removes names that are not valid in the
// locale's encoding (a test's non-UTF-8 file names). True when nothing is
// left at the path.
bool removeTree(const QByteArray &path);
