#pragma once

#include "VixOperation.h"

#include <QByteArray>
#include <QString>

namespace gk::vix::server {

// The TCLO reply body vmtoolsd builds in ToolsDaemonTcloReceiveVixCommand
// (services/plugins/vix/foundryToolsDaemon.c): "<error %lld> <additional %d> "
// then, for a binary reply, '#' and the bytes; otherwise the text and a NUL.
QByteArray frameVixReply(const VixReply &reply, bool binary);

// VixToolsEscapeXMLString (services/plugins/vix/vixTools.c, lib/misc/escape.c):
// '%' and the XML-sensitive " & ' < > become %XX with upper-case hex.
QByteArray escapeVixXml(const QByteArray &utf8);
inline QByteArray escapeVixXml(const QString &text)
{
    return escapeVixXml(text.toUtf8());
}

} // namespace gk::vix::server
