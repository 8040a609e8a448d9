#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace gk::vix::server {

// One step of a short busy wait: tells the CPU (and a hypervisor watching
// for spin loops) that this thread is waiting, not working.
inline void spinPause()
{
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

} // namespace gk::vix::server
