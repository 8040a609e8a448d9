#pragma once

#include "VixConstants.h"

#include <QString>

#include <utility>
#include <variant>

namespace gk::vix {

// Why a message was refused: the VIX error vmtoolsd answers with (usually
// VIX_E_INVALID_MESSAGE_HEADER or _BODY, sometimes _INVALID_ARG or
// _INVALID_UTF8_STRING) and a sentence for the log.
struct DecodeError
{
    VixError code = VixErr::Fail;
    QString reason;
};

// A decoder's answer: the value, or the error. Never both, never neither.
template <typename T> class Decoded
{
public:
    Decoded(T value) : m_state(std::move(value)) {}
    Decoded(DecodeError error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    // Valid only when !ok().
    const DecodeError &error() const { return std::get<DecodeError>(m_state); }

private:
    std::variant<T, DecodeError> m_state;
};

inline DecodeError headerError(const QString &reason)
{
    return {VixErr::InvalidMessageHeader, reason};
}
inline DecodeError bodyError(const QString &reason)
{
    return {VixErr::InvalidMessageBody, reason};
}

} // namespace gk::vix
