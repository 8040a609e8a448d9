#pragma once

#include "VixOperation.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace gk::vix::server {

// THE table of VIX operations. Feature files add their rows at start-up; a
// duplicate opcode or WSDL name aborts (as the TCLO dispatcher does), so two
// rows can never silently shadow each other.
class VixOperationTable
{
public:
    void add(VixOperation operation);
    const VixOperation *find(quint32 opCode) const;
    QList<const VixOperation *> operations() const; // by opcode
    // Every WSDL name of a row, plus the names a build knows but cannot run
    // (reported as disabled, never run).
    QSet<QString> wsdlNames() const;
    void addUnavailable(quint32 opCode, const QString &wsdlName);
    QSet<QString> unavailableNames() const { return m_unavailable; }
    bool isUnavailable(quint32 opCode) const { return m_unavailableOps.contains(opCode); }
    QString unavailableName(quint32 opCode) const { return m_unavailableOps.value(opCode); }

private:
    QHash<quint32, VixOperation> m_ops;
    QSet<QString> m_unavailable;
    QHash<quint32, QString> m_unavailableOps;
};

} // namespace gk::vix::server
