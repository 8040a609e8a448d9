#include "VixOperationTable.h"

#include <algorithm>

namespace gk::vix::server {

void VixOperationTable::add(VixOperation operation)
{
    if (!operation.handler)
        qFatal("VIX operation %s has no handler", qPrintable(operation.name));
    if (m_ops.contains(operation.opCode) || m_unavailableOps.contains(operation.opCode))
        qFatal("VIX opcode %u registered twice", operation.opCode);
    m_ops.insert(operation.opCode, std::move(operation));
}

void VixOperationTable::addUnavailable(quint32 opCode, const QString &wsdlName)
{
    if (m_ops.contains(opCode) || m_unavailableOps.contains(opCode))
        qFatal("VIX opcode %u registered twice", opCode);
    m_unavailableOps.insert(opCode, wsdlName);
    if (!wsdlName.isEmpty())
        m_unavailable.insert(wsdlName);
}

const VixOperation *VixOperationTable::find(quint32 opCode) const
{
    const auto it = m_ops.constFind(opCode);
    return it == m_ops.constEnd() ? nullptr : &it.value();
}

QList<const VixOperation *> VixOperationTable::operations() const
{
    QList<const VixOperation *> list;
    for (const VixOperation &op : m_ops)
        list.append(&op);
    std::sort(list.begin(), list.end(),
              [](const VixOperation *a, const VixOperation *b) { return a->opCode < b->opCode; });
    return list;
}

QSet<QString> VixOperationTable::wsdlNames() const
{
    QSet<QString> names = m_unavailable;
    for (const VixOperation &op : m_ops) {
        if (!op.wsdlName.isEmpty())
            names.insert(op.wsdlName);
    }
    return names;
}

} // namespace gk::vix::server
