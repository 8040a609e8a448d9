#pragma once

#include "CredentialCache.h"
#include "EnvironmentOverrides.h"
#include "FileListingCache.h"
#include "GuestOpsPolicy.h"
#include "ListingCache.h"
#include "StartedPrograms.h"
#include "TicketStore.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace gk::platform {
class ProcessManager;
class Registry;
class SystemInfoProvider;
} // namespace gk::platform

namespace gk::hgfs::server {
class HgfsHandlerRegistry;
class ProcessIoTable;
} // namespace gk::hgfs::server

namespace gk::vix::server {

class BuiltinRunner;
class ProgramMonitor;
class VixOperationTable;

// What the GetToolsState answer names that the daemon knows, not the OS.
struct ToolsStateIdentity
{
    QString productName = QStringLiteral("guestkit");
    QString version = QStringLiteral(GUESTKIT_VERSION);
    // [powerops] scripts, reported when configured (empty: not reported).
    QString powerOffScript, powerOnScript, resumeScript, suspendScript;
};

// Everything the operation rows share. The daemon owns the objects; the
// context only points at them and must outlive the server.
struct VixContext
{
    platform::ProcessManager *processes = nullptr; // lives on the event loop
    platform::SystemInfoProvider *systemInfo = nullptr;
    platform::Registry *registry = nullptr; // null or !exists(): no registry operations
    CredentialCache *cache = nullptr;
    TicketStore *tickets = nullptr;
    StartedPrograms *started = nullptr;
    ListingCache *listings = nullptr;
    FileListingCache *fileListings = nullptr; // ListFiles cursors
    ProgramMonitor *monitor = nullptr;
    EnvironmentOverrides *environment = nullptr;
    ToolsStateIdentity identity;
    // The policy now in force (GetToolsState reports it).
    std::function<GuestOpsPolicy()> policy;
    // RPCI to the VMX (Run_Program_Done); called on the event loop.
    std::function<void(const QByteArray &message)> sendRpci;
    qint64 daemonPid = 0;
    // The HGFS file handlers (default, archive, process I/O), shared by the
    // HgfsSendPacket row and the InitiateFileTransfer rows; built on first
    // use by transferHandlers() (TransferHandlers.h).
    std::shared_ptr<hgfs::server::HgfsHandlerRegistry> transferHandlers;
    // The standard streams of programs started with I/O (a program named
    // without a path, as govmomi does), served as /proc/<pid>/std*.
    std::shared_ptr<hgfs::server::ProcessIoTable> processIo;
    // Built-in programs (C++ functions started like processes); null or
    // disabled in the config: none.
    BuiltinRunner *builtins = nullptr;
    // How long a finished program stays listed and its output readable.
    std::chrono::milliseconds processRetention = std::chrono::minutes(5);
    // Whether an uploaded file's data is on disk before it takes its name
    // ([vix] durable_uploads); read by the default HGFS handler at each open,
    // so a config reload applies to the next upload.
    std::shared_ptr<std::atomic<bool>> durableUploads = std::make_shared<std::atomic<bool>>(true);
};

// The rows, one function per family; each adds its opcodes to the table.
void addStateOperations(VixOperationTable &table, VixContext &context);
void addCredentialOperations(VixOperationTable &table, VixContext &context);
void addProcessOperations(VixOperationTable &table, VixContext &context);
void addProcessListOperations(VixOperationTable &table, VixContext &context);
void addFileQueryOperations(VixOperationTable &table, VixContext &context);
void addFileChangeOperations(VixOperationTable &table, VixContext &context);
void addTempFileOperations(VixOperationTable &table, VixContext &context);
void addFileTransferOperations(VixOperationTable &table, VixContext &context);
void addRegistryOperations(VixOperationTable &table, VixContext &context);
void addHgfsOperations(VixOperationTable &table, VixContext &context);
// The opcodes this build knows but cannot serve (VGAuth aliases, registry
// on a system without one): refused as disabled, reported as disabled.
void addUnavailableOperations(VixOperationTable &table);

} // namespace gk::vix::server
