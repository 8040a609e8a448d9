// guestkit-vmx's guest operations, in govc's guest.* vocabulary: run, start,
// ps, kill, getenv, validate, toolsstate, login, logout; and the VIX
// operations govc has no word for: getvar, setvar, checkuser, waitfortools.
#include "VixClient.h"
#include "VmxCommands.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixPropertyList.h"
#include "vix/codec/VixStateRequests.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

#include <iterator>

namespace gk::vmx {

namespace {

using namespace gk::vix;

// Without credentials a request goes out with none: a daemon with `auth =
// none` accepts it, any other answers VIX_E_NOT_SUPPORTED, as vmtoolsd does.
CommandOutput vixError(const VixCallResult &r, const VmxSession *s = nullptr)
{
    if (!r.delivered)
        return CommandOutput::error(r.problem);
    CommandOutput out = CommandOutput::error(
        QStringLiteral("guest error %1%2")
            .arg(r.reply.error)
            .arg(r.reply.additionalError
                     ? QStringLiteral(", OS error %1").arg(qint32(r.reply.additionalError))
                     : QString()));
    if (s && s->credentials.isEmpty() && r.reply.error == VixErr::NotSupported)
        out.text += QStringLiteral(" (no --user/--password or --ticket given)");
    out.json = QJsonObject{{QStringLiteral("error"), out.text},
                           {QStringLiteral("vixError"), qint64(r.reply.error)},
                           {QStringLiteral("additionalError"), qint32(r.reply.additionalError)}};
    return out;
}

// govc guest.start's flags: -C dir, -e NAME=value (repeatable); then the
// program and its arguments.
bool parseStart(const QStringList &args, StartProgramRequest *req, QString *why)
{
    int i = 0;
    for (; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-C") && i + 1 < args.size())
            req->workingDir = args.at(++i);
        else if (a == QLatin1String("-e") && i + 1 < args.size())
            req->envVars << args.at(++i);
        else
            break;
    }
    if (i >= args.size()) {
        *why = QStringLiteral("usage: [-C dir] [-e NAME=value]... PROGRAM [ARGS...]");
        return false;
    }
    req->programPath = args.at(i);
    const QStringList rest = args.mid(i + 1);
    if (!rest.isEmpty())
        req->arguments = rest.join(QLatin1Char(' '));
    return true;
}

CommandOutput runStart(VmxSession &s, const QStringList &args)
{
    CommandOutput out;
    StartProgramRequest req;
    QString why;
    if (!parseStart(args, &req, &why))
        return CommandOutput::error(why, 2);
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::StartProgram, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    out.text = QString::fromUtf8(r.reply.result);
    out.json = QJsonObject{{QStringLiteral("pid"), r.reply.result.toLongLong()}};
    return out;
}

// govc guest.run: start, then wait for the exit code through ListProcessesEx.
// A program named without a directory runs with I/O: its output streams here.
CommandOutput runRun(VmxSession &s, const QStringList &args)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if ((a == QLatin1String("-C") || a == QLatin1String("-e") || a == QLatin1String("-d")) &&
            i + 1 < args.size()) {
            ++i;
            continue;
        }
        if (!a.contains(QLatin1Char('/')) && !a.contains(QLatin1Char('\\')))
            return runProgramWithIo(s, args);
        break;
    }
    CommandOutput out;
    StartProgramRequest req;
    QString why;
    if (!parseStart(args, &req, &why))
        return CommandOutput::error(why, 2);
    VixClient client(s.sim, s.credentials);
    const VixCallResult started = client.call(VixOp::StartProgram, req.encode());
    if (!started.ok())
        return vixError(started, &s);
    const quint64 pid = started.reply.result.toULongLong();
    QElapsedTimer timer;
    timer.start();
    int sleepMs = 5;
    while (true) {
        QList<GuestProcess> procs;
        const VixCallResult r = listProcessesEx(client, {pid}, &procs);
        if (!r.ok())
            return vixError(r, &s);
        if (procs.isEmpty())
            return CommandOutput::error(
                QStringLiteral("pid %1 is no longer known to the guest").arg(pid));
        if (procs.first().exitTime != 0) {
            out.exitCode = procs.first().exitCode;
            out.text = QStringLiteral("pid %1 exited with %2").arg(pid).arg(out.exitCode);
            out.json = QJsonObject{{QStringLiteral("pid"), qint64(pid)},
                                   {QStringLiteral("exitCode"), out.exitCode},
                                   {QStringLiteral("seconds"), timer.elapsed() / 1000.0}};
            return out;
        }
        QThread::msleep(quint64(sleepMs));
        sleepMs = qMin(sleepMs * 2, 500);
    }
}

CommandOutput runPs(VmxSession &s, const QStringList &args)
{
    CommandOutput out;
    QList<quint64> pids;
    for (int i = 0; i < args.size(); ++i) {
        bool ok = false;
        const QString v =
            args.at(i) == QLatin1String("-p") && i + 1 < args.size() ? args.at(++i) : args.at(i);
        pids << v.toULongLong(&ok);
        if (!ok)
            return CommandOutput::error(QStringLiteral("usage: ps [-p PID]..."), 2);
    }
    VixClient client(s.sim, s.credentials);
    QList<GuestProcess> procs;
    const VixCallResult r = listProcessesEx(client, pids, &procs);
    if (!r.ok())
        return vixError(r, &s);
    QStringList lines{QStringLiteral("%1 %2 %3 %4")
                          .arg(QStringLiteral("PID"), 8)
                          .arg(QStringLiteral("USER"), -12)
                          .arg(QStringLiteral("EXIT"), -6)
                          .arg(QStringLiteral("COMMAND"))};
    QJsonArray array;
    for (const GuestProcess &p : procs) {
        lines << QStringLiteral("%1 %2 %3 %4")
                     .arg(p.pid, 8)
                     .arg(p.user, -12)
                     .arg(p.exitTime ? QString::number(p.exitCode) : QStringLiteral("-"), -6)
                     .arg(p.name);
        array.append(QJsonObject{{QStringLiteral("pid"), p.pid},
                                 {QStringLiteral("name"), p.cmd},
                                 {QStringLiteral("cmdLine"), p.name},
                                 {QStringLiteral("owner"), p.user},
                                 {QStringLiteral("startTime"), p.start},
                                 {QStringLiteral("exitCode"), p.exitCode},
                                 {QStringLiteral("endTime"), p.exitTime}});
    }
    out.text = lines.join(QLatin1Char('\n'));
    out.json = QJsonObject{{QStringLiteral("processes"), array}};
    return out;
}

CommandOutput runKill(VmxSession &s, const QStringList &args)
{
    CommandOutput out;
    const QString v = args.size() == 2 && args.first() == QLatin1String("-p") ? args.at(1)
                      : args.size() == 1                                      ? args.first()
                                                                              : QString();
    bool ok = false;
    KillProcessRequest req;
    req.pid = v.toULongLong(&ok);
    if (!ok)
        return CommandOutput::error(QStringLiteral("usage: kill -p PID"), 2);
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::TerminateProcess, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    out.text = QStringLiteral("terminated %1").arg(req.pid);
    out.json = QJsonObject{{QStringLiteral("pid"), qint64(req.pid)}};
    return out;
}

CommandOutput runGetenv(VmxSession &s, const QStringList &args)
{
    CommandOutput out;
    ReadEnvVariablesRequest req;
    req.names = args;
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::ReadEnvVariables, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    const QMap<QString, QString> env = parseEnvironment(r.reply.result);
    QStringList lines;
    QJsonObject o;
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        lines << it.key() + QLatin1Char('=') + it.value();
        o.insert(it.key(), it.value());
    }
    out.text = lines.join(QLatin1Char('\n'));
    out.json = QJsonObject{{QStringLiteral("environment"), o}};
    return out;
}

CommandOutput simpleCall(VmxSession &s, quint32 opCode, const QString &done)
{
    CommandOutput out;
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(opCode, {});
    if (!r.ok())
        return vixError(r, &s);
    out.text = done;
    out.json = QJsonObject{{QStringLiteral("ok"), true}};
    return out;
}

CommandOutput runValidate(VmxSession &s, const QStringList &)
{
    return simpleCall(s, VixOp::ValidateCredentials, QStringLiteral("credentials are valid"));
}

CommandOutput runLogin(VmxSession &s, const QStringList &)
{
    CommandOutput out;
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::AcquireCredentials, QByteArray(8, '\0'));
    if (!r.ok())
        return vixError(r, &s);
    out.text = QString::fromLatin1(r.reply.result);
    out.json = QJsonObject{{QStringLiteral("ticket"), out.text}};
    return out;
}

CommandOutput runLogout(VmxSession &s, const QStringList &)
{
    if (!s.credentials.ticket.isEmpty())
        return simpleCall(s, VixOp::ReleaseCredentials, QStringLiteral("ticket released"));
    return simpleCall(s, VixOp::LogoutInGuest, QStringLiteral("logged out"));
}

QJsonValue propertyJson(const VixPropertyList::Property &p)
{
    switch (p.type) {
    case VixPropertyType::Integer:
        return p.value.toInt();
    case VixPropertyType::Bool:
        return p.value.toBool();
    case VixPropertyType::Int64:
        return p.value.toLongLong();
    default:
        return p.value.toString();
    }
}

CommandOutput runCheckUser(VmxSession &s, const QStringList &)
{
    return simpleCall(s, VixOp::CheckUserAccount, QStringLiteral("the user account is valid"));
}

// [-t env|config] NAME: ReadVariable of a guest environment variable (the
// default) or a guest config variable.
bool parseVariable(const QStringList &args, qint32 *type, QStringList *rest)
{
    *type = VixVariableType::GuestEnvironmentVariable;
    QStringList a = args;
    if (a.size() >= 2 && a.first() == QLatin1String("-t")) {
        if (a.at(1) == QLatin1String("env"))
            *type = VixVariableType::GuestEnvironmentVariable;
        else if (a.at(1) == QLatin1String("config"))
            *type = VixVariableType::GuestConfig;
        else
            return false;
        a = a.mid(2);
    }
    *rest = a;
    return true;
}

CommandOutput runGetVar(VmxSession &s, const QStringList &args)
{
    qint32 type = 0;
    QStringList rest;
    if (!parseVariable(args, &type, &rest) || rest.size() != 1)
        return CommandOutput::error(QStringLiteral("usage: getvar [-t env|config] NAME"), 2);
    ReadVariableRequest req;
    req.variableType = type;
    req.name = rest.first();
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::ReadVariable, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    CommandOutput out;
    out.text = QString::fromUtf8(r.reply.result);
    out.json = QJsonObject{{QStringLiteral("name"), req.name}, {QStringLiteral("value"), out.text}};
    return out;
}

CommandOutput runSetVar(VmxSession &s, const QStringList &args)
{
    qint32 type = 0;
    QStringList rest;
    if (!parseVariable(args, &type, &rest) || rest.size() != 2)
        return CommandOutput::error(QStringLiteral("usage: setvar [-t env|config] NAME VALUE"), 2);
    WriteVariableRequest req;
    req.variableType = type;
    req.name = rest.at(0);
    req.value = rest.at(1);
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(VixOp::WriteVariable, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    CommandOutput out;
    out.text = QStringLiteral("%1 set").arg(req.name);
    out.json =
        QJsonObject{{QStringLiteral("name"), req.name}, {QStringLiteral("value"), req.value}};
    return out;
}

CommandOutput runWaitForTools(VmxSession &s, const QStringList &args)
{
    WaitForToolsRequest req;
    if (!args.isEmpty()) {
        bool ok = false;
        req.timeoutInSeconds = args.first().toInt(&ok);
        if (!ok || args.size() > 1)
            return CommandOutput::error(QStringLiteral("usage: waitfortools [SECONDS]"), 2);
    }
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.callAnonymous(VixOp::WaitForTools, req.encode());
    if (!r.ok())
        return vixError(r, &s);
    CommandOutput out;
    out.text = QStringLiteral("tools are running");
    out.json = QJsonObject{{QStringLiteral("ok"), true}};
    return out;
}

// The names vix.h gives GetToolsState's properties (VIX_PROPERTY_...).
QString propertyName(qint32 id)
{
    using namespace VixProperty;
    switch (id) {
    case GuestTempDir:
        return QStringLiteral("VM_GUEST_TEMP_DIR");
    case GuestToolsVersion:
        return QStringLiteral("GUEST_TOOLS_VERSION");
    case GuestToolsApiOptions:
        return QStringLiteral("GUEST_TOOLS_API_OPTIONS");
    case GuestOsFamily:
        return QStringLiteral("GUEST_OS_FAMILY");
    case GuestOsVersion:
        return QStringLiteral("GUEST_OS_VERSION");
    case GuestOsPackageList:
        return QStringLiteral("GUEST_OS_PACKAGE_LIST");
    case GuestName:
        return QStringLiteral("GUEST_NAME");
    case GuestPowerOffScript:
        return QStringLiteral("GUEST_POWER_OFF_SCRIPT");
    case GuestPowerOnScript:
        return QStringLiteral("GUEST_POWER_ON_SCRIPT");
    case GuestResumeScript:
        return QStringLiteral("GUEST_RESUME_SCRIPT");
    case GuestSuspendScript:
        return QStringLiteral("GUEST_SUSPEND_SCRIPT");
    case GuestToolsProductName:
        return QStringLiteral("GUEST_TOOLS_PRODUCT_NAM");
    case GuestToolsWordSize:
        return QStringLiteral("GUEST_TOOLS_WORD_SIZE");
    case GuestOsVersionShort:
        return QStringLiteral("GUEST_OS_VERSION_SHORT");
    case GuestSharedFoldersSharesPath:
        return QStringLiteral("GUEST_SHAREDFOLDERS_SHARES_PATH");
    default:
        break;
    }
    // 4540-4568: GUEST_<WSDL operation>_ENABLED, in vix.h's order.
    static const char *const kEnabled[] = {
        "START_PROGRAM",
        "LIST_PROCESSES",
        "TERMINATE_PROCESS",
        "READ_ENVIRONMENT_VARIABLE",
        "VALIDATE_CREDENTIALS",
        "ACQUIRE_CREDENTIALS",
        "RELEASE_CREDENTIALS",
        "MAKE_DIRECTORY",
        "DELETE_FILE",
        "DELETE_DIRECTORY",
        "MOVE_DIRECTORY",
        "MOVE_FILE",
        "CREATE_TEMP_FILE",
        "CREATE_TEMP_DIRECTORY",
        "LIST_FILES",
        "CHANGE_FILE_ATTRIBUTES",
        "INITIATE_FILE_TRANSFER_FROM_GUEST",
        "INITIATE_FILE_TRANSFER_TO_GUEST",
        "ADD_AUTH_ALIAS",
        "REMOVE_AUTH_ALIAS",
        "LIST_AUTH_ALIASES",
        "LIST_MAPPED_ALIASES",
        "CREATE_REGISTRY_KEY",
        "LIST_REGISTRY_KEYS",
        "DELETE_REGISTRY_KEY",
        "SET_REGISTRY_VALUE",
        "LIST_REGISTRY_VALUES",
        "DELETE_REGISTRY_VALUE",
        "REMOVE_AUTH_ALIAS_BY_CERT",
    };
    const qint32 first = GuestStartProgramEnabled;
    if (id >= first && id < first + qint32(std::size(kEnabled)))
        return QStringLiteral("GUEST_%1_ENABLED").arg(QLatin1String(kEnabled[id - first]));
    return QString::number(id);
}

CommandOutput runToolsState(VmxSession &s, const QStringList &)
{
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.callAnonymous(VixOp::GetToolsState, {});
    if (!r.ok())
        return vixError(r, &s);
    const auto list = VixPropertyList::deserialize(QByteArray::fromBase64(r.reply.result));
    if (!list.ok())
        return CommandOutput::error(
            QStringLiteral("bad property list: %1").arg(list.error().reason));
    CommandOutput out;
    QStringList lines;
    QJsonObject o;
    for (const auto &p : list->properties()) {
        const QJsonValue v = propertyJson(p);
        o.insert(QString::number(p.id), v);
        // vmtoolsd's *_ENABLED booleans mean "is disabled"
        // (VixToolsComputeEnabledProperty); the raw value is in --json.
        const QString value = v.isBool()
                                  ? (v.toBool() ? QStringLiteral("TRUE") : QStringLiteral("FALSE"))
                                  : v.toVariant().toString();
        lines << QStringLiteral("%1 (%2) = %3").arg(propertyName(p.id)).arg(p.id).arg(value);
    }
    out.text = lines.join(QLatin1Char('\n'));
    out.json = QJsonObject{{QStringLiteral("properties"), o}};
    return out;
}

} // namespace

CommandOutput vixErrorOutput(const VixCallResult &r, const VmxSession *s)
{
    return vixError(r, s);
}

QList<VmxCommand> vixVmxCommands()
{
    return {
        {QStringLiteral("run"), QStringLiteral("[-d DATA|-] [-C dir] [-e N=V] PROG [ARGS]"),
         QStringLiteral("start a program in the guest and wait for its exit code; a PROG "
                        "without a directory streams its output here (-d -: stdin to it)"),
         runRun},
        {QStringLiteral("start"), QStringLiteral("[-C dir] [-e N=V] PROG [ARGS]"),
         QStringLiteral("start a program in the guest, print its pid"), runStart},
        {QStringLiteral("ps"), QStringLiteral("[-p PID]..."),
         QStringLiteral("list guest processes (ListProcessesEx)"), runPs},
        {QStringLiteral("kill"), QStringLiteral("-p PID"),
         QStringLiteral("terminate a guest process"), runKill},
        {QStringLiteral("getenv"), QStringLiteral("[NAME]..."),
         QStringLiteral("the guest user's environment"), runGetenv},
        {QStringLiteral("validate"), QString(),
         QStringLiteral("check --user/--password with the guest"), runValidate},
        {QStringLiteral("toolsstate"), QString(),
         QStringLiteral("the guest's GetToolsState properties"), runToolsState},
        {QStringLiteral("checkuser"), QString(),
         QStringLiteral("check the user account (CheckUserAccount)"), runCheckUser},
        {QStringLiteral("getvar"), QStringLiteral("[-t env|config] NAME"),
         QStringLiteral("read a guest variable (ReadVariable)"), runGetVar},
        {QStringLiteral("setvar"), QStringLiteral("[-t env|config] NAME VALUE"),
         QStringLiteral("write a guest variable (WriteVariable)"), runSetVar},
        {QStringLiteral("waitfortools"), QStringLiteral("[SECONDS]"),
         QStringLiteral("wait until the guest's tools answer (WaitForTools)"), runWaitForTools},
        {QStringLiteral("login"), QString(),
         QStringLiteral("acquire a ticket for --ticket (AcquireCredentials)"), runLogin},
        {QStringLiteral("logout"), QString(),
         QStringLiteral("release --ticket, or log the user out"), runLogout},
    };
}

} // namespace gk::vmx
