#include "HgfsHandlerRegistry.h"

namespace gk::hgfs::server {

void HgfsHandlerRegistry::setDefault(std::shared_ptr<HgfsFileHandler> handler)
{
    m_default = std::move(handler);
}

void HgfsHandlerRegistry::add(const QByteArray &scheme, std::shared_ptr<HgfsFileHandler> handler)
{
    if (!handler || scheme.isEmpty() || m_schemes.contains(scheme))
        qFatal("HGFS handler scheme '%s' empty or registered twice", scheme.constData());
    m_schemes.insert(scheme, std::move(handler));
}

void HgfsHandlerRegistry::addMatcher(Matcher matches, std::shared_ptr<HgfsFileHandler> handler)
{
    if (!matches || !handler)
        qFatal("HGFS path matcher without a handler");
    m_matchers.emplace_back(std::move(matches), std::move(handler));
}

HgfsHandlerRegistry::Resolved HgfsHandlerRegistry::resolve(const QByteArray &path) const
{
    if (path.startsWith('/')) {
        const qsizetype end = path.indexOf('/', 1);
        const QByteArray first = path.mid(1, end < 0 ? -1 : end - 1);
        if (first.size() > 1 && first.endsWith(':')) {
            const auto it = m_schemes.constFind(first.left(first.size() - 1));
            if (it != m_schemes.constEnd())
                return {it.value().get(), end < 0 ? QByteArray("/") : path.mid(end), true};
        }
    }
    for (const auto &[matches, handler] : m_matchers)
        if (matches(path))
            return {handler.get(), path, true};
    return {m_default.get(), path, false};
}

} // namespace gk::hgfs::server
