#include "WinProcessLaunch.h"

#include "WinErrors.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <windows.h>

#include <userenv.h>

namespace gk::platform::winos {
namespace {

struct Handle
{
    HANDLE h = nullptr;
    Handle() = default;
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    ~Handle()
    {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
    HANDLE release() { return std::exchange(h, nullptr); }
};

} // namespace

QString quoteArgument(const QString &arg)
{
    if (!arg.isEmpty() && !arg.contains(QRegularExpression(QStringLiteral("[\\s\"]"))))
        return arg;
    QString out = QStringLiteral("\"");
    int backslashes = 0;
    for (const QChar c : arg) {
        if (c == QLatin1Char('\\')) {
            ++backslashes;
            continue;
        }
        if (c == QLatin1Char('"'))
            out += QString(backslashes * 2 + 1, QLatin1Char('\\'));
        else
            out += QString(backslashes, QLatin1Char('\\'));
        backslashes = 0;
        out += c;
    }
    out += QString(backslashes * 2, QLatin1Char('\\'));
    out += QLatin1Char('"');
    return out;
}

QString commandLine(const QString &program, const QStringList &arguments)
{
    QStringList parts{quoteArgument(QDir::toNativeSeparators(program))};
    for (const QString &a : arguments)
        parts.append(quoteArgument(a));
    return parts.join(QLatin1Char(' '));
}

QString resolveProgram(const QString &program, const QString &path)
{
    if (program.contains(QLatin1Char('/')) || program.contains(QLatin1Char('\\')) ||
        program.contains(QLatin1Char(':')))
        return program;
    const bool hasExtension = program.contains(QLatin1Char('.'));
    const QStringList extensions = {QStringLiteral(".exe"), QStringLiteral(".com"),
                                    QStringLiteral(".bat"), QStringLiteral(".cmd")};
    for (const QString &dir : path.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString base = QDir::fromNativeSeparators(dir) + QLatin1Char('/') + program;
        if (hasExtension && QFileInfo(base).isFile())
            return QDir::toNativeSeparators(base);
        for (const QString &ext : extensions) {
            if (QFileInfo(base + ext).isFile())
                return QDir::toNativeSeparators(base + ext);
        }
    }
    return program;
}

Result<QProcessEnvironment> environmentOf(void *token)
{
    if (!token)
        return Result<QProcessEnvironment>::success(QProcessEnvironment::systemEnvironment());
    void *block = nullptr;
    if (!CreateEnvironmentBlock(&block, static_cast<HANDLE>(token), FALSE))
        return Result<QProcessEnvironment>::failure(
            lastError(QStringLiteral("cannot build the user's environment")));
    QProcessEnvironment env;
    for (const wchar_t *p = static_cast<const wchar_t *>(block); *p; p += wcslen(p) + 1) {
        const QString entry = QString::fromWCharArray(p);
        const int eq = entry.indexOf(QLatin1Char('='), 1); // "=C:=C:\" entries start with '='
        if (eq > 0)
            env.insert(entry.left(eq), entry.mid(eq + 1));
    }
    DestroyEnvironmentBlock(block);
    return Result<QProcessEnvironment>::success(env);
}

std::wstring environmentBlock(const QProcessEnvironment &env)
{
    QStringList entries = env.toStringList();
    // CreateProcess wants the block sorted case-insensitively by name.
    std::sort(entries.begin(), entries.end(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
    std::wstring block;
    for (const QString &e : entries) {
        block += e.toStdWString();
        block.push_back(L'\0');
    }
    if (block.empty())
        block.push_back(L'\0');
    block.push_back(L'\0');
    return block;
}

Result<LaunchedProcess> launch(void *token, const ProcessSpec &spec, const QProcessEnvironment &env,
                               const QString &workingDirectory)
{
    using R = Result<LaunchedProcess>;
    SECURITY_ATTRIBUTES inherit = {sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    Handle nul;
    nul.h = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        &inherit, OPEN_EXISTING, 0, nullptr);
    Handle parentEnd[3], childEnd[3];
    const bool wanted[3] = {spec.pipeStdin, spec.pipeStdout, spec.pipeStderr};
    for (int i = 0; i < 3; ++i) {
        if (!wanted[i])
            continue;
        HANDLE read = nullptr, write = nullptr;
        if (!CreatePipe(&read, &write, &inherit, 0))
            return R::failure(
                lastError(QStringLiteral("cannot create a pipe for %1").arg(spec.program)));
        parentEnd[i].h = i == 0 ? write : read;
        childEnd[i].h = i == 0 ? read : write;
        // Only the child's end is inherited.
        SetHandleInformation(parentEnd[i].h, HANDLE_FLAG_INHERIT, 0);
    }
    STARTUPINFOW startup = {};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = childEnd[0].h ? childEnd[0].h : nul.h;
    startup.hStdOutput = childEnd[1].h ? childEnd[1].h : nul.h;
    startup.hStdError = childEnd[2].h ? childEnd[2].h : nul.h;
    // The interactive desktop, as vmtoolsd starts guest programs there.
    wchar_t desktop[] = L"winsta0\\default";
    startup.lpDesktop = desktop;

    const QString program = resolveProgram(spec.program, env.value(QStringLiteral("PATH")));
    std::wstring cmd = commandLine(program, spec.arguments).toStdWString();
    std::wstring block = environmentBlock(env);
    const std::wstring dir = QDir::toNativeSeparators(workingDirectory).toStdWString();
    const DWORD flags = CREATE_UNICODE_ENVIRONMENT | CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW;
    PROCESS_INFORMATION pi = {};
    const BOOL ok =
        token ? CreateProcessAsUserW(static_cast<HANDLE>(token), nullptr, cmd.data(), nullptr,
                                     nullptr, TRUE, flags, block.data(),
                                     dir.empty() ? nullptr : dir.c_str(), &startup, &pi)
              : CreateProcessW(nullptr, cmd.data(), nullptr, nullptr, TRUE, flags, block.data(),
                               dir.empty() ? nullptr : dir.c_str(), &startup, &pi);
    if (!ok)
        return R::failure(lastError(QStringLiteral("cannot start %1").arg(spec.program)));
    CloseHandle(pi.hThread);
    LaunchedProcess out;
    out.process = pi.hProcess;
    out.pid = pi.dwProcessId;
    for (int i = 0; i < 3; ++i)
        out.stdio[i] = parentEnd[i].release();
    return R::success(out);
}

} // namespace gk::platform::winos
