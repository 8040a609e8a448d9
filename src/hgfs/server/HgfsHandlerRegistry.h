#pragma once

#include "HgfsFileHandler.h"

#include <QHash>

#include <functional>
#include <vector>

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
        bool special = false; // a scheme or a matcher chose it, not the default
    };
    // Paths that are special without a scheme (govmomi's "/proc/<pid>/stdout"
    // process I/O): tried in order before the default handler; the handler
    // gets the path unchanged.
    using Matcher = std::function<bool(const QByteArray &path)>;

    void setDefault(std::shared_ptr<HgfsFileHandler> handler);
    // A duplicate scheme aborts, as every table in guestkit does.
    void add(const QByteArray &scheme, std::shared_ptr<HgfsFileHandler> handler);
    void addMatcher(Matcher matches, std::shared_ptr<HgfsFileHandler> handler);
    Resolved resolve(const QByteArray &path) const;

private:
    std::shared_ptr<HgfsFileHandler> m_default;
    QHash<QByteArray, std::shared_ptr<HgfsFileHandler>> m_schemes;
    std::vector<std::pair<Matcher, std::shared_ptr<HgfsFileHandler>>> m_matchers;
};

} // namespace gk::hgfs::server
