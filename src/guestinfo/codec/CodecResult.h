#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace gk::guestinfo {

// What a decoder returns: the value, or a message saying what was malformed.
// Decoders never throw and never crash on malformed input.
template <typename T> class CodecResult
{
public:
    static CodecResult success(T value)
    {
        CodecResult r;
        r.m_value = std::move(value);
        return r;
    }
    static CodecResult failure(QString error)
    {
        CodecResult r;
        r.m_error = std::move(error);
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const QString &error() const { return m_error; }

private:
    std::optional<T> m_value;
    QString m_error;
};

} // namespace gk::guestinfo
