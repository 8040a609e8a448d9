#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

namespace gk::vix::server {

// Variables WriteVariable set (guest environment type): vmtoolsd puts them in
// its own environment and in the table it starts programs with, so later
// programs see them (services/plugins/vix/vixTools.c VixToolsWriteVariable).
class EnvironmentOverrides
{
public:
    void set(const QString &name, const QString &value);
    std::optional<QString> value(const QString &name) const;
    QHash<QString, QString> all() const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_values;
};

} // namespace gk::vix::server
