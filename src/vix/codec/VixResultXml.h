#pragma once

#include <QByteArray>
#include <QString>

// The XML-like result strings of vmtoolsd's guest operations
// (services/plugins/vix/vixTools.c). Tags, order and number formats are
// vmtoolsd's; strings are escaped as VixToolsEscapeXMLString does.
namespace gk::vix::VixXml {

// VIX_XML_ESCAPED_TAG (vixCommands.h): opens results of the old ops
// (ListProcesses, ListDirectory) when the request set
// VIX_REQUESTMSG_ESCAPE_XML_DATA.
inline constexpr char kEscapedTag[] = "<escaped/>";

// Each of % < > & ' " becomes '%' and two upper-case hex digits (Escape_Do,
// lib/misc/escape.c); other bytes, UTF-8 included, pass unchanged.
QByteArray escape(const QByteArray &utf8);
QByteArray escape(const QString &text);
// The inverse, for the host side: every '%' and two hex digits back to the
// byte; anything else (a lone '%' included) as it is.
QByteArray unescape(const QByteArray &escaped);

struct ProcessInfo
{
    QString command; // the executable; null: no <cmd> element
    QString name;    // the full command line
    qint64 pid = 0;
    QString owner;
    qint64 startTime = 0; // Unix seconds
    qint32 exitCode = 0;
    qint64 exitTime = 0; // 0 while running
};

// One ListProcessesEx entry (VixToolsPrintProcInfoEx), always escaped:
// <proc>[<cmd>C</cmd>]<name>N</name><pid>P</pid><user>U</user>
// <start>S</start><eCode>E</eCode><eTime>T</eTime></proc>
QByteArray processEx(const ProcessInfo &p);
// One old ListProcesses entry, POSIX form (VixToolsListProcesses): the same
// up to <start>, no exit fields, pid printed as a 32-bit int; escaped only
// when the request asked.
QByteArray process(const ProcessInfo &p, bool escapeStrings);

// ListProcessesEx paging headers: the first chunk of a cached listing
// carries "<key>K</key><totalSize>N</totalSize><leftToSend>L</leftToSend>",
// later chunks "<leftToSend>L</leftToSend>". vmtoolsd reserves
// sizeof(format) + 10 per number for them when it sizes a chunk.
QByteArray listProcessesFirstChunkHeader(quint32 key, qint32 totalSize, qint32 leftToSend);
QByteArray listProcessesNextChunkHeader(qint32 leftToSend);
qsizetype listProcessesFirstChunkHeaderReserve();
qsizetype listProcessesNextChunkHeaderReserve();

struct FileInfo
{
    QString name;
    qint32 flags = 0; // VixFileAttr bits
    qint64 size = 0;
    qint64 modTime = 0;    // Unix seconds
    qint64 accessTime = 0; // Unix seconds
    qint64 createTime = 0; // Windows only
    qint32 ownerId = 0;
    qint32 groupId = 0;
    qint32 permissions = 0; // st_mode as a whole, file type bits included
    QString symlinkTarget;  // empty when not a link
};

// GetFileInfo / ListDirectory entry (fileInfoFormatString):
// <FileInfo><Name>N</Name><FileFlags>F</FileFlags><FileSize>S</FileSize>
// <ModTime>M</ModTime></FileInfo>; the name escaped only when asked.
QByteArray fileInfo(const FileInfo &f, bool escapeStrings);
// ListFiles / InitiateFileTransferFromGuest entry, POSIX form
// (fileExtendedInfoLinuxFormatString):
// <fxi><Name>N</Name><ft>F</ft><fs>S</fs><mt>M</mt><at>A</at><uid>U</uid>
// <gid>G</gid><perm>P</perm><slt>L</slt></fxi>; size and times unsigned.
QByteArray fileExtendedInfoPosix(const FileInfo &f);
// Windows form: <fxi><Name/><ft/><fs/><mt/><ct/><at/></fxi>.
QByteArray fileExtendedInfoWindows(const FileInfo &f);
// ListFiles opens with "<0|1> <rem>R</rem>": truncated flag, then how many
// matching entries were not returned.
QByteArray listFilesPrefix(bool truncated, qint32 remaining);
// ListDirectory (new format) opens with "<0|1> ".
QByteArray listDirectoryPrefix(bool truncated);

// ReadEnvVariables entries: <ev>NAME=VALUE</ev>, both sides escaped.
QByteArray envVar(const QString &name, const QString &value);
// The "all variables" form, escaping the whole NAME=VALUE entry.
QByteArray envVarEntry(const QString &entry);

// ListFileSystems entry (VixToolsPrintFileSystemInfo): <filesystem>
// <name>N</name><size>S</size><freeSpace>F</freeSpace><type>T</type>
// </filesystem>; escaped only when asked (and on Linux without the
// <escaped/> tag, as vmtoolsd does).
QByteArray fileSystem(const QString &name, quint64 size, quint64 freeSpace, const QString &type,
                      bool escapeStrings);

} // namespace gk::vix::VixXml
