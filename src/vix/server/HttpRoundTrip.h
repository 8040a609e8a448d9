#pragma once

namespace gk::vix::server {

class BuiltinIo;

// The "http.RoundTrip" built-in (govmomi toolbox/process/process.go
// NewRoundTrip, the guest side of govc's http.RoundTripper over guest RPC):
// its arguments name "host[:port]" (port 80 by default, "[v6]:port"
// accepted); it connects there from inside the guest (QTcpSocket), sends
// everything written to its stdin (a whole HTTP request, "Connection:
// close"), then streams what the server answers to its stdout until the
// server closes the connection. So a host reaches a service on the guest's
// loopback without network access to the VM. Exit code 0, or 1 with the
// reason on stderr.
int httpRoundTrip(BuiltinIo &io);

} // namespace gk::vix::server
