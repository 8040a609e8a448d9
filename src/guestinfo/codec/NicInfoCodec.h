#pragma once

#include "CodecResult.h"
#include "NicInfoTypes.h"

#include <QByteArray>

namespace gk::guestinfo {

class XdrReader;
class XdrWriter;

// XDR of the NicInfoV3 tree (open-vm-tools lib/guestRpc/nicinfo.x) and of the
// GuestNicProto union vmtoolsd puts in front of it: guestInfoServer.c
// GuestInfoSendNicInfoXdr serializes xdr_GuestNicProto with ver = NIC_INFO_V3
// and the optional pointer set, for INFO_IPADDRESS_V3 and INFO_IPADDRESS_V2.
namespace NicInfoCodec {

// Encoding fails, like rpcgen's xdr_array/xdr_string, when a list or string
// is over its nicinfo.x limit; NicInfoBuilder never produces such a tree.
CodecResult<QByteArray> encodeNicInfoV3(const NicInfoV3 &info);
CodecResult<QByteArray> encodeGuestNicProto(const NicInfoV3 &info);

// Reads NicInfoV3 at the reader's position.
bool readNicInfoV3(XdrReader &reader, NicInfoV3 &out);

// Decodes a whole GuestNicProto. Only NIC_INFO_V3 is accepted (vmtoolsd 12.x
// sends nothing else with these kinds); an absent V3 pointer decodes as an
// empty NicInfoV3. Trailing bytes are an error.
CodecResult<NicInfoV3> decodeGuestNicProto(const QByteArray &xdr);

} // namespace NicInfoCodec

} // namespace gk::guestinfo
