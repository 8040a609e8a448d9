#pragma once

#include "VixContext.h"

#include "hgfs/server/HgfsHandlerRegistry.h"
#include "vix/codec/VixConstants.h"

namespace gk::vix::server {

// THE HGFS handler table of the daemon, filled in one place: the guest file
// system by default, "/archive:" directories (hgfs/server/ArchiveHandler).
// "/proc/<pid>/std*" of programs started with I/O (ProcessIoHandler).
// Built on first use and kept in the context.
hgfs::server::HgfsHandlerRegistry &transferHandlers(VixContext &context);
// The process I/O table the registry serves (made with it).
hgfs::server::ProcessIoTable &processIoTable(VixContext &context);

// HgfsErrorKind -> the VIX error an InitiateFileTransfer row answers.
VixError vixErrorFor(const hgfs::server::HgfsError &error);

} // namespace gk::vix::server
