#pragma once

#include <QtGlobal>

namespace gk::hgfs {

// HGFS times are Windows NT times: 100 ns ticks since 1601-01-01 UTC
// (hgfsProto.h HgfsAttrV2; lib/hgfs/hgfsUtil.c HgfsConvertToNtTime).
class HgfsTime
{
public:
    static constexpr qint64 kUnixEpochInNtSeconds = 11644473600; // 1601 -> 1970

    // Unix seconds + nanoseconds -> NT time; before 1601 gives 0, past the
    // 64-bit range gives the largest value.
    static quint64 toNtTime(qint64 unixSeconds, quint32 nanoseconds);
    static void fromNtTime(quint64 ntTime, qint64 &unixSeconds, quint32 &nanoseconds);
};

} // namespace gk::hgfs
