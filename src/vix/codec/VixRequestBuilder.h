#pragma once

#include "VixConstants.h"

#include <QByteArray>

namespace gk::vix {

// Host side (simulator, tests): the fields of one request; lengths are
// computed by encodeVixRequestMessage.
struct VixRequestSpec
{
    quint32 opCode = 0;
    QByteArray body; // an encoded request body
    // Bytes that follow `body` in the message body: a large payload (an HGFS
    // packet) kept apart so that building the message copies it only once.
    QByteArray bodyTail;
    quint32 credentialType = VixCredentialType::None;
    QByteArray credential; // a VixCredential::encode* block
    quint8 commonFlags = VixCommonFlag::Request;
    quint32 requestFlags = 0;
    quint32 timeOut = 0xFFFFFFFF;
    quint64 cookie = 0;
    quint32 clientHandleId = 0;
    QByteArray authData; // VixMsgAuthDataV1 bytes when requestFlags asks for them
};

// header | body | credential | auth data, as VixMsg_AllocRequestMsg lays it
// out (lib/foundryMsg/foundryMsg.c).
QByteArray encodeVixRequestMessage(const VixRequestSpec &spec);

// The complete TCLO command: Vix_1_Relayed_Command "name"\0message.
QByteArray encodeVixRelayedCommand(const QByteArray &requestName, const QByteArray &message);

// The same as encodeVixRelayedCommand(requestName, encodeVixRequestMessage(spec)),
// built in one buffer.
QByteArray encodeVixRelayedRequest(const QByteArray &requestName, const VixRequestSpec &spec);

} // namespace gk::vix
