// ListProcessesEx, ListProcesses (old), ReadEnvVariables
// (services/plugins/vix/vixTools.c).
#include "VixContext.h"
#include "VixErrorMap.h"
#include "VixOperationTable.h"
#include "platform/ProcessManager.h"
#include "vix/codec/VixResultXml.h"

#include <QSet>

#include <algorithm>

namespace gk::vix::server {

namespace {

qint64 seconds(const QDateTime &t)
{
    return t.isValid() ? t.toSecsSinceEpoch() : 0;
}

void appendProcEx(QByteArray &out, const QString &cmd, const QString &name, qint64 pid,
                  const QString &user, qint64 start, int exitCode, qint64 exitTime)
{
    out += VixXml::processEx({cmd, name, pid, user, start, exitCode, exitTime});
}

// VixToolsListProcessesExGenerateData: the programs VIX started first (with
// their exit codes), then the rest of the system; with pids, only those.
OpReply listingData(VixContext &ctx, const QList<quint64> &pids, QByteArray *data)
{
    const QList<StartedPrograms::Program> started = ctx.started->list();
    QSet<qint64> startedPids;
    for (const auto &p : started)
        startedPids.insert(p.pid);
    auto printStarted = [&](const StartedPrograms::Program &p) {
        appendProcEx(*data, p.cmdName, p.commandLine, p.pid, p.user, seconds(p.startTime),
                     p.running ? 0 : p.exitCode, p.running ? 0 : seconds(p.endTime));
    };
    int reported = 0;
    if (!pids.isEmpty()) {
        for (const quint64 pid : pids) {
            const auto it = std::find_if(started.cbegin(), started.cend(),
                                         [pid](const auto &p) { return quint64(p.pid) == pid; });
            if (it != started.cend()) {
                printStarted(*it);
                ++reported;
            }
        }
        if (reported == pids.size())
            return OpReply::ok();
    } else {
        for (const auto &p : started)
            printStarted(p);
    }
    platform::Result<QList<platform::ProcessInfo>> all = ctx.processes->listProcesses();
    if (!all.ok()) {
        const VixFailure f = vixFailureFor(OpFamily::Generic, all.error);
        return OpReply::failure(f.error, f.additionalError);
    }
    auto printOs = [&](const platform::ProcessInfo &p) {
        appendProcEx(*data, p.name, p.commandLine, p.pid, p.owner, seconds(p.startTime), 0, 0);
    };
    if (!pids.isEmpty()) {
        for (const quint64 pid : pids) {
            if (startedPids.contains(qint64(pid)))
                continue;
            for (const auto &p : all.value) {
                if (quint64(p.pid) == pid)
                    printOs(p);
            }
        }
    } else {
        for (const auto &p : all.value) {
            if (!startedPids.contains(p.pid))
                printOs(p);
        }
    }
    return OpReply::ok();
}

OpReply listProcessesEx(VixContext &ctx, const VixCall &call)
{
    const auto &req = call.body<ListProcessesExRequest>();
    const QString &user = call.login.account.name;
    if (req.key != 0) {
        // A continuation: only the user who asked may read it, and the
        // offset must lie inside it (VIX_E_FAIL otherwise, as vmtoolsd).
        const std::optional<QByteArray> data = ctx.listings->fetch(req.key, user);
        if (!data || req.offset > quint32(data->size()))
            return OpReply::failure(VixErr::Fail);
        const ListingPage page = listingPage(req.key, *data, req.offset, kVixMaxResultSize);
        if (page.last)
            ctx.listings->remove(req.key);
        return OpReply::ok(page.result);
    }
    QByteArray data;
    OpReply generated = listingData(ctx, req.pids, &data);
    if (generated.error != VixErr::Ok)
        return generated;
    data += '\0'; // vmtoolsd counts the final NUL in totalSize
    if (!listingNeedsPages(data.size(), kVixMaxResultSize))
        return OpReply::ok(data);
    const quint32 key = ctx.listings->store(user, data);
    const ListingPage page = listingPage(key, data, 0, kVixMaxResultSize);
    if (page.last)
        ctx.listings->remove(key);
    return OpReply::ok(page.result);
}

// VixToolsListProcesses: escaped only when the request asks; what does not
// fit one reply is left out.
OpReply listProcesses(VixContext &ctx, const VixCall &call)
{
    platform::Result<QList<platform::ProcessInfo>> all = ctx.processes->listProcesses();
    if (!all.ok()) {
        const VixFailure f = vixFailureFor(OpFamily::Generic, all.error);
        return OpReply::failure(f.error, f.additionalError);
    }
    const bool escape = call.request->header.wantsEscapedXml();
    // The escaped form announces itself (VIX_XML_ESCAPED_TAG).
    QByteArray out = escape ? QByteArray(VixXml::kEscapedTag) : QByteArray();
    for (const auto &p : all.value) {
        const QByteArray entry = VixXml::process(
            {p.name, p.commandLine, p.pid, p.owner, seconds(p.startTime), 0, 0}, escape);
        // What does not fit is left out, as vmtoolsd truncates.
        if (out.size() + entry.size() >= kVixMaxResultSize)
            break;
        out += entry;
    }
    return OpReply::ok(out);
}

OpReply readEnvVariables(VixContext &ctx, const VixCall &call)
{
    platform::Result<QProcessEnvironment> env = ctx.processes->loginEnvironment(call.login.account);
    if (!env.ok()) {
        const VixFailure f = vixFailureFor(OpFamily::Generic, env.error);
        return OpReply::failure(f.error, f.additionalError);
    }
    const QHash<QString, QString> additions = ctx.environment->all();
    for (auto it = additions.cbegin(); it != additions.cend(); ++it)
        env.value.insert(it.key(), it.value());
    const QStringList &names = call.body<ReadEnvVariablesRequest>().names;
    QByteArray out;
    if (!names.isEmpty()) {
        // VixToolsGetMultipleEnvVarsForUser: unknown names are left out.
        for (const QString &name : names) {
            if (env.value.contains(name))
                out += VixXml::envVar(name, env.value.value(name));
        }
    } else {
        QStringList keys = env.value.keys();
        keys.sort();
        for (const QString &name : keys)
            out += VixXml::envVarEntry(name + QLatin1Char('=') + env.value.value(name));
    }
    return OpReply::ok(out);
}

} // namespace

void addProcessListOperations(VixOperationTable &table, VixContext &ctx)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    table.add({VixOp::ListProcessesEx, QStringLiteral("ListProcessesEx"),
               QStringLiteral("ListProcessesInGuest"), C::Required, true, T::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   done(listProcessesEx(ctx, call));
               }});
    table.add({VixOp::ListProcesses, QStringLiteral("ListProcesses"),
               QStringLiteral("ListProcessesInGuest"), C::Required, true, T::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   done(listProcesses(ctx, call));
               }});
    table.add({VixOp::ReadEnvVariables, QStringLiteral("ReadEnvVariables"),
               QStringLiteral("ReadEnvironmentVariableInGuest"), C::Required, true, T::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   done(readEnvVariables(ctx, call));
               }});
}

} // namespace gk::vix::server
