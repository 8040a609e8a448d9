#pragma once

#include "VixDecoded.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Request bodies of the process and variable operations: the bytes after the
// 51-byte VixCommandRequestHeader. Layouts are the packed structs of
// lib/include/vixCommands.h; the string rules are those of the matching
// handler in services/plugins/vix/vixTools.c. "String" below means
// VMAutomationMsgParserGetString (length without the NUL); "optional string"
// means ...GetOptionalString (length with the NUL, 0 = absent).
namespace gk::vix {

// VixMsgStartProgramRequest: Bool startMinimized; u32 programPathLength,
// argumentsLength, workingDirLength, numEnvVars, envVarLength; then optional
// strings programPath, arguments, workingDir, then numEnvVars strings in
// envVarLength bytes. VixTools_StartProgram refuses an empty program path and
// an environment entry without '=' with VIX_E_INVALID_ARG; an empty working
// directory means "the default" (null here).
struct StartProgramRequest
{
    static constexpr quint32 kFixedSize = 21;
    bool startMinimized = false;
    QString programPath;
    QString arguments;   // null: none
    QString workingDir;  // null: the user's default
    QStringList envVars; // "NAME=value"

    static Decoded<StartProgramRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgListProcessesExRequest: u32 key, offset, numPids; then numPids u64.
// key 0 starts a listing; a non-zero key continues a cached one at offset.
struct ListProcessesExRequest
{
    static constexpr quint32 kFixedSize = 12;
    quint32 key = 0;
    quint32 offset = 0;
    QList<quint64> pids;

    static Decoded<ListProcessesExRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixCommandKillProcessRequest (KillProcess and TerminateProcess): u64 pid;
// u32 options.
struct KillProcessRequest
{
    static constexpr quint32 kFixedSize = 12;
    quint64 pid = 0;
    quint32 options = 0;

    static Decoded<KillProcessRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgReadEnvironmentVariablesRequest: u32 numNames, namesLength; then the
// names. No names means "all variables".
struct ReadEnvVariablesRequest
{
    static constexpr quint32 kFixedSize = 8;
    QStringList names;

    static Decoded<ReadEnvVariablesRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgRunProgramRequest (the older RunProgramInGuest): i32 runProgramOptions;
// u32 programNameLength, commandLineArgsLength; then string program, and the
// arguments string when its length is non-zero. Empty program: INVALID_ARG.
struct RunProgramRequest
{
    static constexpr quint32 kFixedSize = 12;
    qint32 options = 0;
    QString program;
    QString arguments; // null: none

    static Decoded<RunProgramRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgRunScriptRequest: i32 scriptOptions; u32 interpreterNameLength,
// scriptLength, propertiesLength; then the strings in the order vmtoolsd reads
// them: interpreter, properties, script (not the order of the lengths).
struct RunScriptRequest
{
    static constexpr quint32 kFixedSize = 16;
    qint32 options = 0;
    QString interpreter; // empty: the default shell
    QString properties;
    QString script;

    static Decoded<RunScriptRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgReadVariableRequest: i32 variableType, options; u32 nameLength; then
// string name.
struct ReadVariableRequest
{
    static constexpr quint32 kFixedSize = 12;
    qint32 variableType = 0;
    qint32 options = 0;
    QString name;

    static Decoded<ReadVariableRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgWriteVariableRequest: i32 variableType, options; u32 nameLength,
// valueLength; then strings name and value. Parsed by
// VixMsg_ParseWriteVariableRequest (foundryMsg.c), which answers
// VIX_E_INVALID_MESSAGE_BODY even for a short fixed part.
struct WriteVariableRequest
{
    static constexpr quint32 kFixedSize = 16;
    qint32 variableType = 0;
    qint32 options = 0;
    QString name;
    QString value;

    static Decoded<WriteVariableRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

} // namespace gk::vix
