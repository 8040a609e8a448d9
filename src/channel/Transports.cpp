#include "Transports.h"

#include "SimTransport.h"

namespace gk::channel {

std::optional<TransportFactory> transportFactoryFor(const ChannelEndpoint &endpoint, QString *error)
{
    if (endpoint.isSim()) {
        return TransportFactory([endpoint](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new SimTransport(endpoint, role));
        });
    }
    if (error) {
        *error = QStringLiteral("the %1 channel is not built yet in this version of guestkit; "
                                "use --channel sim:unix:PATH or sim:tcp:HOST:PORT")
                     .arg(endpoint.toString());
    }
    return std::nullopt;
}

} // namespace gk::channel
