#pragma once

#include <QtGlobal>

#include <memory>
#include <string_view>

namespace gk::vix {

// Bytes that must not outlive their use: passwords, tickets, tokens. The
// buffer is private (never shared copy-on-write like QByteArray), always
// followed by a NUL so it can be handed to C APIs such as PAM, and
// overwritten with zeros when it is destroyed, reassigned or cleared.
class SecretBytes
{
public:
    SecretBytes() = default;
    SecretBytes(const char *data, qsizetype size);
    explicit SecretBytes(std::string_view text) : SecretBytes(text.data(), qsizetype(text.size()))
    {}
    SecretBytes(const SecretBytes &other);
    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(const SecretBytes &other);
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    ~SecretBytes();

    // A zero-filled buffer of size bytes, to be written through data().
    static SecretBytes zeroed(qsizetype size);

    const char *constData() const { return m_data ? m_data.get() : ""; }
    char *data() { return m_data.get(); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    std::string_view view() const { return {constData(), size_t(m_size)}; }
    // Drops the bytes (zeroing them) and keeps the first size bytes.
    void truncate(qsizetype size);
    void clear();

    bool operator==(const SecretBytes &other) const { return view() == other.view(); }
    bool operator==(std::string_view other) const { return view() == other; }

    // Overwrites memory in a way the optimiser must keep.
    static void wipe(void *data, size_t size);

private:
    std::unique_ptr<char[]> m_data;
    qsizetype m_size = 0;
};

} // namespace gk::vix
