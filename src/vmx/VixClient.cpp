#include "VixClient.h"

#include "vix/codec/VixResultXml.h"

#include "vix/codec/VixCredential.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixRequestBuilder.h"
#include "vix/codec/VixTransferRequests.h"

namespace gk::vmx {

VixClient::VixClient(VmxSimulator &sim, VixCredentials credentials)
    : m_sim(sim), m_credentials(std::move(credentials))
{}

namespace {

vix::VixRequestSpec requestSpec(const VixCredentials &credentials, quint32 opCode,
                                const QByteArray &body, quint32 requestFlags, bool binaryReplies)
{
    vix::VixRequestSpec spec;
    spec.opCode = opCode;
    spec.body = body;
    spec.requestFlags = requestFlags;
    if (binaryReplies)
        spec.commonFlags |= vix::VixCommonFlag::GuestReturnsBinary;
    if (!credentials.ticket.isEmpty()) {
        spec.credentialType = vix::VixCredentialType::TicketedSession;
        spec.credential = vix::VixCredential::encodeTicket(
            vix::SecretBytes(credentials.ticket.constData(), credentials.ticket.size()));
    } else if (!credentials.user.isEmpty()) {
        const QByteArray pw = credentials.password.toUtf8();
        spec.credentialType = vix::VixCredentialType::NamePasswordObfuscated;
        spec.credential = vix::VixCredential::encodeNamePassword(
            credentials.user, vix::SecretBytes(pw.constData(), pw.size()));
    }
    return spec;
}

} // namespace

QByteArray encodeRelayedVixCommand(const VixCredentials &credentials, quint32 requestNumber,
                                   quint32 opCode, const QByteArray &body, quint32 requestFlags,
                                   bool binaryReplies)
{
    return vix::encodeVixRelayedRequest(
        QByteArray::number(requestNumber),
        requestSpec(credentials, opCode, body, requestFlags, binaryReplies));
}

QByteArray encodeRelayedHgfsPacket(const VixCredentials &credentials, quint32 requestNumber,
                                   const QByteArray &packet)
{
    vix::HgfsSendPacketRequest req;
    req.packet = packet;
    vix::VixRequestSpec spec =
        requestSpec(credentials, vix::VixOp::HgfsSendPacket, req.encodeFixed(), 0, true);
    spec.bodyTail = packet;
    return vix::encodeVixRelayedRequest(QByteArray::number(requestNumber), spec);
}

QByteArray VixClient::relayedCommand(quint32 opCode, const QByteArray &body, quint32 requestFlags)
{
    return encodeRelayedVixCommand(m_credentials, m_nextRequest++, opCode, body, requestFlags,
                                   m_binary);
}

VixCallResult VixClient::send(const QByteArray &command, int timeoutMs)
{
    VixCallResult r;
    const TcloResult t = m_sim.call(command, timeoutMs);
    r.raw = t.reply;
    if (!t.delivered) {
        r.problem = QStringLiteral("no answer from the guest");
        return r;
    }
    if (!t.ok()) {
        r.problem = QStringLiteral("the guest refused the command: %1")
                        .arg(QString::fromUtf8(t.reply.left(200)));
        return r;
    }
    vix::Decoded<vix::VixReply> reply = vix::VixReply::decode(t.body(), m_binary);
    if (!reply.ok()) {
        r.problem = reply.error().reason;
        return r;
    }
    r.delivered = true;
    r.reply = std::move(reply).value();
    return r;
}

VixCallResult VixClient::call(quint32 opCode, const QByteArray &body, quint32 requestFlags,
                              int timeoutMs)
{
    return send(relayedCommand(opCode, body, requestFlags), timeoutMs);
}

VixCallResult VixClient::callHgfs(const QByteArray &packet, int timeoutMs)
{
    m_binary = true;
    return send(encodeRelayedHgfsPacket(m_credentials, m_nextRequest++, packet), timeoutMs);
}

VixCallResult VixClient::callAnonymous(quint32 opCode, const QByteArray &body, int timeoutMs)
{
    vix::VixRequestSpec spec;
    spec.opCode = opCode;
    spec.body = body;
    const QByteArray name = QByteArray::number(m_nextRequest++);
    return send(vix::encodeVixRelayedCommand(name, vix::encodeVixRequestMessage(spec)), timeoutMs);
}

QString vixXmlUnescape(const QByteArray &text)
{
    return QString::fromUtf8(vix::VixXml::unescape(text));
}

QByteArray vixXmlField(const QByteArray &xml, const char *tag, qsizetype from)
{
    const QByteArray open = QByteArray("<") + tag + '>';
    const QByteArray close = QByteArray("</") + tag + '>';
    const qsizetype start = xml.indexOf(open, from);
    if (start < 0)
        return {};
    const qsizetype end = xml.indexOf(close, start + open.size());
    if (end < 0)
        return {};
    return xml.mid(start + open.size(), end - start - open.size());
}

QList<GuestProcess> parseProcesses(const QByteArray &xml)
{
    QList<GuestProcess> list;
    qsizetype pos = 0;
    while (true) {
        const qsizetype start = xml.indexOf("<proc>", pos);
        if (start < 0)
            break;
        const qsizetype end = xml.indexOf("</proc>", start);
        if (end < 0)
            break;
        const QByteArray p = xml.mid(start, end - start);
        GuestProcess g;
        g.cmd = vixXmlUnescape(vixXmlField(p, "cmd"));
        g.name = vixXmlUnescape(vixXmlField(p, "name"));
        g.user = vixXmlUnescape(vixXmlField(p, "user"));
        g.pid = vixXmlField(p, "pid").toLongLong();
        g.start = vixXmlField(p, "start").toLongLong();
        g.exitCode = vixXmlField(p, "eCode").toInt();
        g.exitTime = vixXmlField(p, "eTime").toLongLong();
        list.append(g);
        pos = end + 7;
    }
    return list;
}

QMap<QString, QString> parseEnvironment(const QByteArray &xml)
{
    QMap<QString, QString> env;
    qsizetype pos = 0;
    while (true) {
        const qsizetype start = xml.indexOf("<ev>", pos);
        if (start < 0)
            break;
        const qsizetype end = xml.indexOf("</ev>", start);
        if (end < 0)
            break;
        const QString entry = vixXmlUnescape(xml.mid(start + 4, end - start - 4));
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        env.insert(entry.left(eq), eq < 0 ? QString() : entry.mid(eq + 1));
        pos = end + 5;
    }
    return env;
}

VixCallResult listProcessesEx(VixClient &client, const QList<quint64> &pids,
                              QList<GuestProcess> *out, int *pages)
{
    vix::ListProcessesExRequest req;
    req.pids = pids;
    VixCallResult r = client.call(vix::VixOp::ListProcessesEx, req.encode());
    int count = 1;
    if (!r.ok()) {
        if (pages)
            *pages = count;
        return r;
    }
    QByteArray data = r.reply.result;
    if (data.startsWith("<key>")) {
        // A paged answer: ask with the key and the offset until nothing is left.
        const quint32 key = vixXmlField(data, "key").toUInt();
        auto payload = [](const QByteArray &page) {
            const qsizetype at = page.indexOf("</leftToSend>");
            return at < 0 ? QByteArray() : page.mid(at + 13);
        };
        QByteArray joined = payload(data);
        int left = vixXmlField(data, "leftToSend").toInt();
        while (left > 0) {
            vix::ListProcessesExRequest next;
            next.key = key;
            next.offset = quint32(joined.size());
            r = client.call(vix::VixOp::ListProcessesEx, next.encode());
            ++count;
            if (!r.ok())
                break;
            left = vixXmlField(r.reply.result, "leftToSend").toInt();
            joined += payload(r.reply.result);
        }
        data = joined;
    }
    if (pages)
        *pages = count;
    if (out)
        *out = parseProcesses(data);
    return r;
}

} // namespace gk::vmx
