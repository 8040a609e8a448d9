#pragma once

#include "HgfsConstants.h"

#include <QString>

namespace gk::hgfs {

// A decoded value, or the HGFS status the reply must carry and why.
// Structural damage (short packet, length past the end) is ProtocolError, as in
// hgfsServerParameters.c; a well-formed but unusable name is InvalidName.
template <typename T> struct HgfsDecoded
{
    T value{};
    HgfsStatus status = HgfsStatus::Success;
    QString error;

    bool ok() const { return status == HgfsStatus::Success; }

    static HgfsDecoded success(T v) { return HgfsDecoded{std::move(v), HgfsStatus::Success, {}}; }
    static HgfsDecoded failure(HgfsStatus s, QString why)
    {
        return HgfsDecoded{T{}, s, std::move(why)};
    }
    // Carries another decode's failure into this type.
    template <typename U> static HgfsDecoded failedFrom(const HgfsDecoded<U> &other)
    {
        return HgfsDecoded{T{}, other.status, other.error};
    }
};

template <typename T> HgfsDecoded<T> protocolError(QString why)
{
    return HgfsDecoded<T>::failure(HgfsStatus::ProtocolError, std::move(why));
}

} // namespace gk::hgfs
