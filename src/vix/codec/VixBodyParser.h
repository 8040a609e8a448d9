#pragma once

#include "VixDecoded.h"
#include "WireReader.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace gk::vix {

// Reads one request body the way vmtoolsd's VMAutomationMsgParser does
// (lib/foundryMsg/foundryMsg.c): first the fixed struct fields, then the
// variable strings, each checked against the bytes present. The first
// failure is kept (and later reads return empty values), so a decoder can
// read everything and ask for error() once.
class VixBodyParser
{
public:
    // body: the bytes after the 51-byte request header. fixedSize: the struct
    // size past the header; a shorter body is VIX_E_INVALID_MESSAGE_HEADER,
    // as VMAutomationMsgParserInit answers (extBodySize < 0).
    VixBodyParser(const QByteArray &body, quint32 fixedSize, const char *what);

    WireReader &fixed() { return m_fixed; }

    // VMAutomationMsgParserGetString: length counts the characters, the NUL
    // follows them; no NUL inside; valid UTF-8.
    QString string(quint32 length);
    // VMAutomationMsgParserGetOptionalString: length includes the NUL; 0 means
    // "absent" (a null QString).
    QString optionalString(quint32 lengthWithNul);
    // VMAutomationMsgParserGetOptionalStrings: count NUL-terminated strings
    // filling exactly length bytes; count 0 reads nothing.
    QStringList stringArray(quint32 count, quint32 length);
    // VMAutomationMsgParserGetData.
    QByteArray data(quint64 length);
    // Everything left in the body.
    QByteArray rest();

    // A semantic refusal found by the decoder (e.g. an empty path).
    void refuse(VixError code, const QString &reason);

    bool ok() const { return !m_error.has_value(); }
    const DecodeError &error() const { return *m_error; }

    // A checked conversion from the validated wire bytes of a string.
    static std::optional<QString> utf8(const QByteArray &bytes);
    static bool isValidUtf8(const char *data, qsizetype size);

private:
    bool fail(VixError code, const QString &reason);

    WireReader m_fixed;
    WireReader m_var;
    const char *m_what;
    std::optional<DecodeError> m_error;
};

} // namespace gk::vix
