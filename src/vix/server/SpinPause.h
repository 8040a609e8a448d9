#pragma once

#include <thread>

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

// A step of a busy wait that lets any other thread ready on this CPU run
// first (the thread this one waits for may have been woken here).
inline void spinYield(unsigned iteration)
{
    if ((iteration & 15) == 15)
        std::this_thread::yield();
    else
        spinPause();
}

} // namespace gk::vix::server
