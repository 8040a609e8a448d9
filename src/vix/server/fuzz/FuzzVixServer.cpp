// The server's request pipeline (decode, policy, row lookup, credentials,
// handler, reply) on arbitrary Vix_1_Relayed_Command arguments, with the
// credential rows, which need no OS: every input must get exactly one reply.
#include "vix/server/CredentialVerifier.h"
#include "vix/server/VixContext.h"
#include "vix/server/VixServer.h"

#include <QCoreApplication>

#include <cstdlib>

using namespace gk;
using namespace gk::vix;
using namespace gk::vix::server;
using namespace std::chrono_literals;

namespace {

struct Harness
{
    CredentialCache cache{60s};
    TicketStore tickets{60s};
    CredentialVerifier verifier{
        cache, tickets,
        [](const QString &name, const SecretBytes &password) {
            if (name == QLatin1String("fuzz") && password == std::string_view("fuzz")) {
                GuestLogin login;
                login.account.name = name;
                login.account.uid = 1000;
                return platform::Result<GuestLogin>::success(login);
            }
            return platform::Result<GuestLogin>::failure(platform::PlatformError::make(
                platform::PlatformError::Kind::AuthenticationFailed, 0, QStringLiteral("refused")));
        },
        0ms};
    VixContext context;
    VixOperationTable table;
    std::unique_ptr<VixServer> server;

    Harness()
    {
        context.cache = &cache;
        context.tickets = &tickets;
        addCredentialOperations(table, context);
        addUnavailableOperations(table);
        server = std::make_unique<VixServer>(table, verifier, 2);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_vix_server";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    static Harness harness;

    int replies = 0;
    harness.server->handle(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                           [&replies](const QByteArray &body) {
                               ++replies;
                               // Every reply starts with the decimal error.
                               if (body.isEmpty() ||
                                   (body.at(0) != '-' && (body.at(0) < '0' || body.at(0) > '9')))
                                   std::abort();
                           });
    while (replies == 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    harness.server->waitForWorkers();
    QCoreApplication::processEvents();
    if (replies != 1)
        std::abort();
    return 0;
}
