#pragma once

#include "guestinfo/codec/GuestInfoDecoder.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>

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
    // Decoded guest info by record: "nics", "osDetailed", "disks", or the
    // text kind's number ("1" DNS name, "5", "6", "7" uptime, "4" build).
    QMap<QString, guestinfo::GuestInfoRecord> decodedInfo;
    QList<QString> guestInfoErrors; // messages that did not decode
    // Test hooks: refuse these SetGuestInfo kinds / SetGuestDiskInfo, as an
    // older VMX does, to drive the guest's fallbacks.
    QSet<int> refusedGuestInfoKinds;
    bool refuseDiskJson = false;
    QList<QByteArray> stateChanges; // tools.os.statechange.status
    QList<QByteArray> logs;         // log ...
    QList<QByteArray> requests;     // every RPCI request, in order
};

// The VMX's answer to one RPCI request, updating the state: `1 <result>` or
// `0 <error>`. Pure: tests call it directly.
QByteArray answerRpci(GuestState &state, const QByteArray &request);

} // namespace gk::vmx
