#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>

namespace gk::vmx {

// What the simulated VMX keeps of what the guest told it over RPCI.
struct GuestState
{
    QByteArray toolsVersion;                   // tools.set.version / versiontype
    QByteArray toolsVersionType;               // empty when only tools.set.version came
    QMap<QByteArray, QByteArray> capabilities; // tools.capability.<name> -> value
    QByteArray features;                       // tools.capability.features
    QByteArray confDirectory;                  // tools.capability.guest_conf_directory
    QByteArray unifiedLoop;                    // vmx.capability.unified_loop
    QMap<QByteArray, QByteArray> variables;    // guestinfo.* from info-set
    QMap<int, QByteArray> guestInfo;           // SetGuestInfo records by kind
    QList<QByteArray> stateChanges;            // tools.os.statechange.status
    QList<QByteArray> logs;                    // log ...
    QList<QByteArray> requests;                // every RPCI request, in order
};

// The VMX's answer to one RPCI request, updating the state: `1 <result>` or
// `0 <error>`. Pure: tests call it directly.
QByteArray answerRpci(GuestState &state, const QByteArray &request);

} // namespace gk::vmx
