#include "SecretBytes.h"

#include <cstring>

namespace gk::vix {

void SecretBytes::wipe(void *data, size_t size)
{
    // memset called through a volatile pointer cannot be elided as a dead
    // store, and runs at memset speed: a volatile store per byte cost ~20 µs
    // per 60 KiB HGFS packet, the largest part of the daemon's own CPU time
    // in bench_hgfs.
    static void *(*const volatile zero)(void *, int, size_t) = std::memset;
    zero(data, 0, size);
}

SecretBytes::SecretBytes(const char *data, qsizetype size)
{
    if (size <= 0)
        return;
    m_data = std::make_unique<char[]>(size_t(size) + 1);
    std::memcpy(m_data.get(), data, size_t(size));
    m_data[size_t(size)] = '\0';
    m_size = size;
}

SecretBytes SecretBytes::zeroed(qsizetype size)
{
    SecretBytes s;
    if (size > 0) {
        s.m_data = std::make_unique<char[]>(size_t(size) + 1); // value-initialised: zeros
        s.m_size = size;
    }
    return s;
}

SecretBytes::SecretBytes(const SecretBytes &other) : SecretBytes(other.constData(), other.size()) {}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::move(other.m_data)), m_size(other.m_size)
{
    other.m_size = 0;
}

SecretBytes &SecretBytes::operator=(const SecretBytes &other)
{
    if (this != &other) {
        SecretBytes copy(other);
        *this = std::move(copy);
    }
    return *this;
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::move(other.m_data);
        m_size = other.m_size;
        other.m_size = 0;
    }
    return *this;
}

SecretBytes::~SecretBytes()
{
    clear();
}

void SecretBytes::truncate(qsizetype size)
{
    if (size < 0 || size >= m_size)
        return;
    wipe(m_data.get() + size, size_t(m_size - size));
    m_size = size;
}

void SecretBytes::clear()
{
    if (m_data)
        wipe(m_data.get(), size_t(m_size) + 1);
    m_data.reset();
    m_size = 0;
}

} // namespace gk::vix
