#pragma once

#include "ChannelEndpoint.h"
#include "MessageTransport.h"

#include <optional>

namespace gk::channel {

// The one place that knows which transport serves which endpoint. Returns no
// factory (and says why) for an endpoint this build cannot reach.
std::optional<TransportFactory> transportFactoryFor(const ChannelEndpoint &endpoint,
                                                    QString *error);

} // namespace gk::channel
