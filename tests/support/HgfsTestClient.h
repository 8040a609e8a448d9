#pragma once

// What the HGFS tests share: a host-side client talking to an HgfsServer in
// this process, and whole-buffer uploads and downloads through any client.
#include "hgfs/server/HgfsServer.h"
#include "vmx/HgfsClient.h"

#include <QBuffer>

namespace gk::test {

// Each packet straight to `server` as `who`; an empty reply is a transport
// problem. `server` must outlive the client.
inline vmx::HgfsClient inProcessHgfsClient(hgfs::server::HgfsServer &server,
                                           hgfs::server::HgfsCaller who,
                                           quint32 packetSize = hgfs::kLegacyLargePacketMax)
{
    return vmx::HgfsClient(
        [&server, who](const QByteArray &packet, QString *problem) {
            QByteArray reply = server.process(packet, who);
            if (reply.isEmpty())
                *problem = QStringLiteral("no reply");
            return reply;
        },
        packetSize);
}

inline vmx::HgfsOutcome uploadBytes(vmx::HgfsClient &client, const QByteArray &data,
                                    const QString &remote, bool overwrite = true)
{
    QBuffer source;
    source.setData(data);
    source.open(QIODevice::ReadOnly);
    return client.upload(source, data.size(), remote, overwrite);
}

inline vmx::HgfsOutcome downloadBytes(vmx::HgfsClient &client, const QString &remote,
                                      QByteArray *out)
{
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    const vmx::HgfsOutcome r = client.download(remote, sink);
    *out = sink.data();
    return r;
}

} // namespace gk::test
