#include "HgfsTime.h"

#include <limits>

namespace gk::hgfs {

namespace {
constexpr quint64 kTicksPerSecond = 10'000'000;
}

quint64 HgfsTime::toNtTime(qint64 unixSeconds, quint32 nanoseconds)
{
    if (unixSeconds < -kUnixEpochInNtSeconds)
        return 0;
    const quint64 ntSeconds = quint64(unixSeconds + kUnixEpochInNtSeconds);
    const quint64 ticks = qMin<quint32>(nanoseconds, 999'999'999) / 100;
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    if (ntSeconds > (max - ticks) / kTicksPerSecond)
        return max;
    return ntSeconds * kTicksPerSecond + ticks;
}

void HgfsTime::fromNtTime(quint64 ntTime, qint64 &unixSeconds, quint32 &nanoseconds)
{
    unixSeconds = qint64(ntTime / kTicksPerSecond) - kUnixEpochInNtSeconds;
    nanoseconds = quint32(ntTime % kTicksPerSecond) * 100;
}

} // namespace gk::hgfs
