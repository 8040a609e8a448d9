#pragma once

#include "SecretBytes.h"
#include "VixConstants.h"
#include "VixDecoded.h"

#include <QByteArray>
#include <QString>

namespace gk::vix {

// The credential region of a request (after header and body), read as
// vmtoolsd's VixToolsImpersonateUser does (services/plugins/vix/vixTools.c),
// by userCredentialType:
//  NAME_PASSWORD, NAME_PASSWORD_OBFUSCATED, NAMED_INTERACTIVE_USER:
//    VixCommandNamePassword {u32 nameLength; u32 passwordLength;} then the
//    obfuscated "name\0password\0" as a NUL-terminated string (vmtoolsd
//    ignores the two lengths and splits at the NUL).
//  TICKETED_SESSION: VixCommandTicketedSession {u32 ticketLength;} then the
//    ticket, NUL-terminated, whose strlen must equal ticketLength.
//  SSPI: VixCommandSSPI {u32 tokenLength;} then the token bytes.
//  SAML_BEARER_TOKEN(_HOST_VERIFIED): VixCommandSAMLToken {u32 tokenLength;
//    u32 nameLength;} then the obfuscated "token\0userName\0".
// Any other type carries nothing vmtoolsd reads; it answers
// VIX_E_NOT_SUPPORTED for it (as for SSPI, and tickets off Windows).
struct VixCredential
{
    enum class Kind { NamePassword, NamedInteractiveUser, Ticket, Sspi, SamlToken, Unsupported };

    quint32 type = VixCredentialType::None;
    Kind kind = Kind::Unsupported;
    QString userName;               // NamePassword, NamedInteractiveUser, SamlToken (may be empty)
    SecretBytes secret;             // the password, ticket or token; zeroed when dropped
    quint32 declaredNameLength = 0; // as sent; informational only
    quint32 declaredPasswordLength = 0; // as sent; informational only

    // block: the credentialLength bytes of the message. A malformed block is
    // VIX_E_INVALID_MESSAGE_BODY (vmtoolsd's answer to a ticket length
    // mismatch; it reads the other forms unchecked).
    static Decoded<VixCredential> decode(quint32 type, const QByteArray &block);

    // The error vmtoolsd on a POSIX guest, running as root, built without
    // VGAuth, answers for this credential before any password check
    // (VixToolsImpersonateUser / ...ImplEx): VIX_E_NOT_SUPPORTED for tickets
    // (Windows only), SSPI, SAML tokens and unknown types; VIX_E_FAIL for a
    // named interactive user (meant for the user-session daemon). Ok (0) for
    // a name and password, which the server must then check.
    VixError posixRootRefusal() const;

    // Host side: the credential blocks, as the VMX builds them.
    static QByteArray encodeNamePassword(const QString &name, const SecretBytes &password);
    static QByteArray encodeTicket(const SecretBytes &ticket);
    static QByteArray encodeSspi(const SecretBytes &token);
    static QByteArray encodeSamlToken(const SecretBytes &token, const QString &userName);
};

} // namespace gk::vix
