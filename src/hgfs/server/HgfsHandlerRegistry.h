#pragma once

#include "HgfsFileHandler.h"

#include <QHash>

namespace gk::hgfs::server {

// Picks the file handler for a path. A path whose first component ends in
// ':' names a scheme ("/archive:/tmp/dir" is the scheme "archive" with the
// path "/tmp/dir", in the manner of govmomi's hgfs URL schemes); every other
// path, and a scheme nobody registered, goes to the default handler with the
// path unchanged. Filled at start-up, read-only afterwards.
class HgfsHandlerRegistry
{
public:
    struct Resolved
    {
        HgfsFileHandler *handler = nullptr;
        QByteArray path;
    };

    void setDefault(std::shared_ptr<HgfsFileHandler> handler);
    // A duplicate scheme aborts, as every table in guestkit does.
    void add(const QByteArray &scheme, std::shared_ptr<HgfsFileHandler> handler);
    Resolved resolve(const QByteArray &path) const;

private:
    std::shared_ptr<HgfsFileHandler> m_default;
    QHash<QByteArray, std::shared_ptr<HgfsFileHandler>> m_schemes;
};

} // namespace gk::hgfs::server
