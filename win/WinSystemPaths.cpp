#include "platform/SystemPaths.h"

#include <QDir>

#include <windows.h>

#include <knownfolders.h>
#include <shlobj.h>

namespace gk::platform {

QString defaultConfigPath()
{
    // The known folder, not %ProgramData%: a service's environment need not
    // have the variable (Wine's services.exe gives LocalSystem
    // C:\users\Public there).
    QString base = QStringLiteral("C:\\ProgramData");
    wchar_t *path = nullptr;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &path)))
        base = QString::fromWCharArray(path);
    CoTaskMemFree(path);
    return QDir::toNativeSeparators(base + QStringLiteral("/guestkit/guestkit.conf"));
}

QString sharedFoldersRoot()
{
    // vmtoolsd asks the vmhgfs redirector for its UNC root
    // (lib/hgfsHelper/hgfsHelperWin32.c) and reports nothing without it;
    // guestkit ships no redirector, so there is nothing to report.
    return {};
}

std::optional<QByteArray> pathBelowRootShare(const QStringList &components)
{
    auto isLetter = [](const QString &s) {
        return s.size() == 1 && s.at(0).isLetter() && s.at(0).unicode() < 128;
    };
    auto rest = [&components](qsizetype from) {
        QByteArray out;
        for (qsizetype i = from; i < components.size(); ++i)
            out += '/' + components.at(i).toUtf8();
        return out;
    };
    if (components.size() >= 2 && components.at(0) == QLatin1String("drive") &&
        isLetter(components.at(1)))
        return components.at(1).toUtf8() + ':' + (components.size() == 2 ? "/" : rest(2));
    // A drive named as the guest writes it ("C:"), as a client that did not
    // convert the path sends it.
    if (!components.isEmpty() && components.at(0).size() == 2 &&
        components.at(0).at(1) == QLatin1Char(':') && isLetter(components.at(0).left(1)))
        return components.at(0).toUtf8() + (components.size() == 1 ? "/" : rest(1));
    if (components.size() >= 3 && components.at(0) == QLatin1String("unc"))
        return '/' + rest(1);
    return std::nullopt;
}

QByteArray directoryOfGuestPath(const QByteArray &path)
{
    auto isSeparator = [](char c) {
        return c == '/' || c == '\\';
    };
    QByteArray p = path;
    while (p.size() > 1 && isSeparator(p.back()))
        p.chop(1);
    qsizetype slash = p.size() - 1;
    while (slash >= 0 && !isSeparator(p.at(slash)))
        --slash;
    if (slash < 0)
        return {};
    // The root of a drive ("C:\x") or of the current drive ("\x") keeps its separator.
    if (slash == 0 || (slash == 2 && p.at(1) == ':'))
        return p.left(slash + 1);
    return p.left(slash);
}

} // namespace gk::platform
