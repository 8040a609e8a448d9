#pragma once

#include "VmxSimulator.h"
#include "vix/codec/VixReply.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace gk::vmx {

// Who the host-side requests act as: a name and password, or a ticket from
// AcquireCredentials (`guestkit-vmx login`).
struct VixCredentials
{
    QString user;
    QString password;
    QByteArray ticket;

    bool isEmpty() const { return user.isEmpty() && ticket.isEmpty(); }
};

// The outcome of one VIX request sent as the VMX sends it.
struct VixCallResult
{
    bool delivered = false; // false: no guest, or the TCLO reply was not "OK "
    QByteArray raw;         // the TCLO reply frame
    vix::VixReply reply;
    QString problem; // why the call failed before a VIX error could be read

    bool ok() const { return delivered && reply.error == vix::VixErr::Ok; }
};

// Builds Vix_1_Relayed_Command requests with the codec's host-side encoders
// and reads the replies: what hostd/the VMX does for the vSphere guest
// operations, for guestkit-vmx and the integration tests.
// The TCLO text of one VIX request as the VMX relays it, named by its
// number, with the credentials (a ticket, or the name and the obfuscated
// password; none when both are empty). Pure: no I/O.
QByteArray encodeRelayedVixCommand(const VixCredentials &credentials, quint32 requestNumber,
                                   quint32 opCode, const QByteArray &body, quint32 requestFlags,
                                   bool binaryReplies);
// An HgfsSendPacket request carrying `packet`, binary replies asked for (as
// the VMX sends each packet of a file transfer); the packet is copied once.
QByteArray encodeRelayedHgfsPacket(const VixCredentials &credentials, quint32 requestNumber,
                                   const QByteArray &packet);

class VixClient
{
public:
    VixClient(VmxSimulator &sim, VixCredentials credentials);

    VixCallResult call(quint32 opCode, const QByteArray &body, quint32 requestFlags = 0,
                       int timeoutMs = 30000);
    // One HGFS packet (HgfsSendPacket), in the binary reply form, which it
    // switches on (setBinaryReplies) as the VMX does for HGFS packets.
    VixCallResult callHgfs(const QByteArray &packet, int timeoutMs = 30000);
    // Without any credential (GetToolsState).
    VixCallResult callAnonymous(quint32 opCode, const QByteArray &body, int timeoutMs = 30000);
    // The raw relayed command bytes of a request, for tests that corrupt them.
    QByteArray relayedCommand(quint32 opCode, const QByteArray &body, quint32 requestFlags = 0);
    // The request name of the last request built (RunProgram's completion
    // report names it).
    QByteArray lastRequestName() const { return QByteArray::number(m_nextRequest - 1); }
    // Ask for the binary reply form (VIX_COMMAND_GUEST_RETURNS_BINARY), as the
    // VMX does for HGFS packets: the result keeps every byte.
    void setBinaryReplies(bool binary) { m_binary = binary; }

private:
    VixCallResult send(const QByteArray &command, int timeoutMs);

    VmxSimulator &m_sim;
    VixCredentials m_credentials;
    quint32 m_nextRequest = 1;
    bool m_binary = false;
};

// One <proc> of a ListProcessesEx answer.
struct GuestProcess
{
    QString cmd, name, user;
    qint64 pid = 0;
    qint64 start = 0;
    int exitCode = 0;
    qint64 exitTime = 0;
};

// The %XX escapes of VixToolsEscapeXMLString undone.
QString vixXmlUnescape(const QByteArray &text);
// The text between <tag> and </tag>, first occurrence from `from`.
QByteArray vixXmlField(const QByteArray &xml, const char *tag, qsizetype from = 0);
QList<GuestProcess> parseProcesses(const QByteArray &xml);
QMap<QString, QString> parseEnvironment(const QByteArray &xml);

// ListProcessesEx with vmtoolsd's key/leftToSend continuation followed to the
// end; pids empty: every process.
VixCallResult listProcessesEx(VixClient &client, const QList<quint64> &pids,
                              QList<GuestProcess> *out, int *pages = nullptr);

} // namespace gk::vmx
