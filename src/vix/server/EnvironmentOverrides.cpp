#include "EnvironmentOverrides.h"

#include <QMutexLocker>

namespace gk::vix::server {

void EnvironmentOverrides::set(const QString &name, const QString &value)
{
    QMutexLocker lock(&m_mutex);
    m_values.insert(name, value);
}

std::optional<QString> EnvironmentOverrides::value(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_values.constFind(name);
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

QHash<QString, QString> EnvironmentOverrides::all() const
{
    QMutexLocker lock(&m_mutex);
    return m_values;
}

} // namespace gk::vix::server
