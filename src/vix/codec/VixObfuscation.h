#pragma once

#include "SecretBytes.h"
#include "VixDecoded.h"

namespace gk::vix {

// The name/password "obfuscation" of lib/foundryMsg/foundryMsg.c
// (VixMsg_ObfuscateNamePassword / VixMsg_DeObfuscateNamePassword): NOT
// encryption. The pair is packed as "name\0password\0", base64-encoded, and
// the characters \ ' " space CR LF TAB are replaced by \1 ... \7 (none occur
// in base64 output, but the decoder accepts them). SAML credentials reuse it
// for "token\0userName\0".
struct VixSecretPair
{
    SecretBytes first;  // name (or SAML token)
    SecretBytes second; // password (or SAML user name)
};

SecretBytes vixObfuscatePair(const SecretBytes &first, const SecretBytes &second);

// Decodes as VixMsgDecodeBuffer does: escapes undone, whitespace skipped,
// '=' ends the data, any other non-base64 character is an error, and the
// output may not exceed Base64_DecodedLength of the input. The pair is split
// at the first NUL; a missing second part is empty.
Decoded<VixSecretPair> vixDeobfuscatePair(const char *text, qsizetype size);

} // namespace gk::vix
