#include "VixProcessRequests.h"

#include "VixBodyParser.h"
#include "VixStringCodec.h"
#include "WireWriter.h"

namespace gk::vix {

Decoded<StartProgramRequest> StartProgramRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "StartProgram");
    StartProgramRequest r;
    r.startMinimized = p.fixed().boolean();
    const quint32 pathLen = p.fixed().u32();
    const quint32 argsLen = p.fixed().u32();
    const quint32 dirLen = p.fixed().u32();
    const quint32 numEnv = p.fixed().u32();
    const quint32 envLen = p.fixed().u32();
    r.programPath = p.optionalString(pathLen);
    if (p.ok() && r.programPath.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty program path"));
    r.arguments = p.optionalString(argsLen);
    r.workingDir = p.optionalString(dirLen);
    if (r.workingDir.isEmpty())
        r.workingDir = QString();
    r.envVars = p.stringArray(numEnv, envLen);
    for (const QString &e : std::as_const(r.envVars)) {
        if (p.ok() && !e.contains(QLatin1Char('=')))
            p.refuse(VixErr::InvalidArg, QStringLiteral("environment entry without '='"));
    }
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray StartProgramRequest::encode() const
{
    const QByteArray env = encodeStringList(envVars);
    WireWriter w;
    w.boolean(startMinimized).u32(optionalLength(programPath)).u32(optionalLength(arguments));
    w.u32(optionalLength(workingDir)).u32(quint32(envVars.size())).u32(quint32(env.size()));
    writeOptional(w, programPath);
    writeOptional(w, arguments);
    writeOptional(w, workingDir);
    w.bytes(env);
    return w.data();
}

Decoded<ListProcessesExRequest> ListProcessesExRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ListProcessesEx");
    ListProcessesExRequest r;
    r.key = p.fixed().u32();
    r.offset = p.fixed().u32();
    const quint32 numPids = p.fixed().u32();
    const QByteArray raw = p.data(quint64(numPids) * 8);
    if (!p.ok())
        return p.error();
    WireReader pr(raw);
    r.pids.reserve(qsizetype(numPids));
    for (quint32 i = 0; i < numPids; ++i)
        r.pids.append(pr.u64());
    return r;
}

QByteArray ListProcessesExRequest::encode() const
{
    WireWriter w;
    w.u32(key).u32(offset).u32(quint32(pids.size()));
    for (const quint64 pid : pids)
        w.u64(pid);
    return w.data();
}

Decoded<KillProcessRequest> KillProcessRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "KillProcess");
    KillProcessRequest r;
    r.pid = p.fixed().u64();
    r.options = p.fixed().u32();
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray KillProcessRequest::encode() const
{
    WireWriter w;
    w.u64(pid).u32(options);
    return w.data();
}

Decoded<ReadEnvVariablesRequest> ReadEnvVariablesRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ReadEnvVariables");
    ReadEnvVariablesRequest r;
    const quint32 numNames = p.fixed().u32();
    const quint32 namesLen = p.fixed().u32();
    r.names = p.stringArray(numNames, namesLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ReadEnvVariablesRequest::encode() const
{
    const QByteArray list = encodeStringList(names);
    WireWriter w;
    w.u32(quint32(names.size())).u32(quint32(list.size())).bytes(list);
    return w.data();
}

Decoded<RunProgramRequest> RunProgramRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "RunProgram");
    RunProgramRequest r;
    r.options = p.fixed().i32();
    const quint32 programLen = p.fixed().u32();
    const quint32 argsLen = p.fixed().u32();
    r.program = p.string(programLen);
    if (p.ok() && r.program.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty program"));
    if (argsLen > 0)
        r.arguments = p.string(argsLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray RunProgramRequest::encode() const
{
    const QByteArray prog = program.toUtf8();
    const QByteArray args = arguments.toUtf8();
    WireWriter w;
    w.i32(options).u32(quint32(prog.size())).u32(quint32(args.size())).cstring(prog);
    if (!args.isEmpty())
        w.cstring(args);
    return w.data();
}

Decoded<RunScriptRequest> RunScriptRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "RunScriptInGuest");
    RunScriptRequest r;
    r.options = p.fixed().i32();
    const quint32 interpreterLen = p.fixed().u32();
    const quint32 scriptLen = p.fixed().u32();
    const quint32 propertiesLen = p.fixed().u32();
    r.interpreter = p.string(interpreterLen);
    r.properties = p.string(propertiesLen);
    r.script = p.string(scriptLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray RunScriptRequest::encode() const
{
    const QByteArray interp = interpreter.toUtf8();
    const QByteArray props = properties.toUtf8();
    const QByteArray text = script.toUtf8();
    WireWriter w;
    w.i32(options).u32(quint32(interp.size())).u32(quint32(text.size()));
    w.u32(quint32(props.size())).cstring(interp).cstring(props).cstring(text);
    return w.data();
}

Decoded<ReadVariableRequest> ReadVariableRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ReadVariable");
    ReadVariableRequest r;
    r.variableType = p.fixed().i32();
    r.options = p.fixed().i32();
    r.name = p.string(p.fixed().u32());
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ReadVariableRequest::encode() const
{
    const QByteArray n = name.toUtf8();
    WireWriter w;
    w.i32(variableType).i32(options).u32(quint32(n.size())).cstring(n);
    return w.data();
}

Decoded<WriteVariableRequest> WriteVariableRequest::decode(const QByteArray &body)
{
    if (quint64(body.size()) < kFixedSize)
        return bodyError(QStringLiteral("WriteVariable: body shorter than its fixed part"));
    VixBodyParser p(body, kFixedSize, "WriteVariable");
    WriteVariableRequest r;
    r.variableType = p.fixed().i32();
    r.options = p.fixed().i32();
    const quint32 nameLen = p.fixed().u32();
    const quint32 valueLen = p.fixed().u32();
    r.name = p.string(nameLen);
    r.value = p.string(valueLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray WriteVariableRequest::encode() const
{
    const QByteArray n = name.toUtf8();
    const QByteArray v = value.toUtf8();
    WireWriter w;
    w.i32(variableType).i32(options).u32(quint32(n.size())).u32(quint32(v.size()));
    w.cstring(n).cstring(v);
    return w.data();
}

} // namespace gk::vix
