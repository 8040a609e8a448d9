#pragma once

#include "platform/PlatformError.h"
#include "vix/codec/VixConstants.h"

namespace gk::vix::server {

// Which of vmtoolsd's error conventions an operation follows.
enum class OpFamily {
    Generic,  // Vix_TranslateErrno as it is
    File,     // the file operations (same table; named for readers)
    Process,  // KillProcess / TerminateProcess: permission problems are the user's
    Start,    // StartProgram / RunProgram / RunScript: the program checks before the spawn
    Auth,     // credential checks
    Variable, // ReadVariable of the user's environment: any failure is VIX_E_FAIL
    Registry, // the Windows registry operations (VIX_E_REG_*)
};

// A VIX failure as the reply carries it: the error and the "additional
// error" (the OS's own code, which vmtoolsd sends as Err_Errno()).
struct VixFailure
{
    VixError error = VixErr::Ok;
    quint32 additionalError = 0;
};

// THE map from a platform failure to the VIX error vmtoolsd answers for it.
// Base: Vix_TranslateErrno (lib/foundryMsg/vixTranslateErrOpenSource.c);
// per family the rewrites of services/plugins/vix/vixTools.c:
//  - Process: EPERM/EACCES -> VIX_E_GUEST_USER_PERMISSIONS (VixToolsKillProcess);
//  - Start: a missing program -> VIX_E_FILE_NOT_FOUND, not executable ->
//    VIX_E_GUEST_USER_PERMISSIONS, a working directory that is not one ->
//    VIX_E_NOT_A_DIRECTORY, any other spawn failure ->
//    VIX_E_PROGRAM_NOT_STARTED (VixToolsStartProgramImpl);
//  - Auth: any failure -> VIX_E_INVALID_LOGIN_CREDENTIALS;
//  - Registry: a missing key -> VIX_E_REG_KEY_INVALID, an existing one on
//    create -> VIX_E_REG_KEY_ALREADY_EXISTS, a key with subkeys deleted
//    without recursion -> VIX_E_REG_KEY_HAS_SUBKEYS, no registry ->
//    VIX_E_OP_NOT_SUPPORTED_ON_GUEST (a missing value is told apart by the
//    handler: VIX_E_REG_VALUE_NOT_FOUND).
// The Generic, File and Process families map by the OS code's class
// (platform::nativeErrorClass) when the backend knows it, as vmtoolsd maps
// errno and GetLastError, and by kind otherwise.
VixError vixErrorFor(OpFamily family, platform::PlatformError::Kind kind);
VixError vixErrorFor(OpFamily family, const platform::PlatformError &error);
VixFailure vixFailureFor(OpFamily family, const platform::PlatformError &error);

} // namespace gk::vix::server
