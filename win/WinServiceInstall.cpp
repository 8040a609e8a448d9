// guestkitd --install / --uninstall: the service registration the MSI does
// (installer/msi/guestkit.wxs), for people who copy the files by hand.
#include "platform/ServiceHost.h"

#include "WinErrors.h"
#include "WinServiceNames.h"

#include <QCoreApplication>
#include <QDir>

#include <windows.h>

#include <cstdio>

namespace gk::platform {
namespace {

void say(const QString &text)
{
    std::fprintf(stderr, "guestkitd: %s\n", qUtf8Printable(text));
}

int fail(const QString &what)
{
    say(winos::lastError(what).message);
    return 1;
}

struct ScHandle
{
    SC_HANDLE h;
    ~ScHandle()
    {
        if (h)
            CloseServiceHandle(h);
    }
};

int install(const QStringList &extra)
{
    ScHandle scm{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE)};
    if (!scm.h)
        return fail(QStringLiteral("cannot open the Service Control Manager"));
    // Options after --install (e.g. --config FILE) become the service's own.
    QString command = QLatin1Char('"') +
                      QDir::toNativeSeparators(QCoreApplication::applicationFilePath()) +
                      QLatin1Char('"');
    for (const QString &arg : extra)
        command += QStringLiteral(" \"%1\"").arg(arg);
    const std::wstring wide = command.toStdWString();
    ScHandle service{CreateServiceW(scm.h, winos::kServiceName, winos::kServiceDisplayName,
                                    SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                    SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, wide.c_str(), nullptr,
                                    nullptr, nullptr, nullptr /* LocalSystem */, nullptr)};
    if (!service.h)
        return fail(QStringLiteral("cannot register the service"));
    SERVICE_DESCRIPTIONW description{const_cast<wchar_t *>(winos::kServiceDescription)};
    ChangeServiceConfig2W(service.h, SERVICE_CONFIG_DESCRIPTION, &description);
    // Restart after a failure, as the MSI configures it.
    SC_ACTION restart[3] = {
        {SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 5000}, {SC_ACTION_NONE, 0}};
    SERVICE_FAILURE_ACTIONSW actions = {86400, nullptr, nullptr, 3, restart};
    ChangeServiceConfig2W(service.h, SERVICE_CONFIG_FAILURE_ACTIONS, &actions);
    say(QStringLiteral("service %1 registered (automatic start, LocalSystem); start it with "
                       "`sc start %1`")
            .arg(QString::fromWCharArray(winos::kServiceName)));
    return 0;
}

int uninstall()
{
    ScHandle scm{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
    if (!scm.h)
        return fail(QStringLiteral("cannot open the Service Control Manager"));
    ScHandle service{
        OpenServiceW(scm.h, winos::kServiceName, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE)};
    if (!service.h)
        return fail(QStringLiteral("cannot open the service"));
    SERVICE_STATUS status = {};
    if (ControlService(service.h, SERVICE_CONTROL_STOP, &status)) {
        for (int i = 0; i < 150 && status.dwCurrentState != SERVICE_STOPPED; ++i) {
            Sleep(200);
            if (!QueryServiceStatus(service.h, &status))
                break;
        }
    }
    if (!DeleteService(service.h))
        return fail(QStringLiteral("cannot remove the service"));
    say(QStringLiteral("service %1 removed").arg(QString::fromWCharArray(winos::kServiceName)));
    return 0;
}

} // namespace

std::optional<int> runServiceCommand(const QStringList &arguments)
{
    const int at = arguments.indexOf(QStringLiteral("--install"));
    if (at > 0)
        return install(arguments.mid(at + 1));
    if (arguments.contains(QStringLiteral("--uninstall")))
        return uninstall();
    return std::nullopt;
}

} // namespace gk::platform
