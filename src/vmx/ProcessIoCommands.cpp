// guestkit-vmx's use of process I/O (govc guest.run, govmomi toolbox/client.go
// Run and RoundTrip): `run NAME ...` streams the program's stdout and stderr
// here and exits with its exit code; `http GET URL` goes through the guest's
// http.RoundTrip built-in.
#include "ProcessIoClient.h"
#include "VixClient.h"
#include "VmxCommands.h"

#include "vix/codec/VixProcessRequests.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>
#include <QUrl>

#include <cstdio>

namespace gk::vmx {

namespace {

using namespace gk::vix;

CommandOutput vixFailure(const VixCallResult &r)
{
    if (!r.delivered)
        return CommandOutput::error(r.problem);
    return CommandOutput::error(QStringLiteral("guest error %1").arg(r.reply.error));
}

// The exit code once ListProcessesEx reports the end.
bool waitForExit(VixClient &client, quint64 pid, int *exitCode, QString *why)
{
    int sleepMs = 5;
    while (true) {
        QList<GuestProcess> procs;
        const VixCallResult r = listProcessesEx(client, {pid}, &procs);
        if (!r.ok()) {
            *why = QStringLiteral("ListProcessesEx failed: guest error %1").arg(r.reply.error);
            return false;
        }
        if (procs.isEmpty()) {
            *why = QStringLiteral("pid %1 is no longer known to the guest").arg(pid);
            return false;
        }
        if (procs.first().exitTime != 0) {
            *exitCode = procs.first().exitCode;
            return true;
        }
        QThread::msleep(quint64(sleepMs));
        sleepMs = qMin(sleepMs * 2, 200);
    }
}

bool writeTo(FILE *f, const QByteArray &data)
{
    const bool ok = std::fwrite(data.constData(), 1, size_t(data.size()), f) == size_t(data.size());
    std::fflush(f);
    return ok;
}

QByteArray readStdin()
{
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    const size_t n = std::fread(buffer.data(), 1, size_t(buffer.size()), stdin);
    buffer.truncate(int(n));
    return buffer;
}

// The raw HTTP exchange's body, and its status code.
struct HttpAnswer
{
    int status = 0;
    QByteArray headers;
    QByteArray body;
};

bool parseHttp(const QByteArray &raw, HttpAnswer *answer)
{
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/") || end < 0)
        return false;
    answer->headers = raw.left(end);
    const QList<QByteArray> statusLine = raw.left(raw.indexOf("\r\n")).split(' ');
    answer->status = statusLine.value(1).toInt();
    answer->body = raw.mid(end + 4);
    // An HTTP/1.0 request gets no chunked answer from a conforming server;
    // decode one anyway.
    if (answer->headers.toLower().contains("transfer-encoding: chunked")) {
        QByteArray body;
        qsizetype at = 0;
        while (at < answer->body.size()) {
            const qsizetype eol = answer->body.indexOf("\r\n", at);
            if (eol < 0)
                return false;
            bool ok = false;
            const qsizetype size =
                answer->body.mid(at, eol - at).split(';').first().toLongLong(&ok, 16);
            if (!ok)
                return false;
            if (size == 0)
                break;
            body += answer->body.mid(eol + 2, size);
            at = eol + 2 + size + 2;
        }
        answer->body = body;
    }
    return true;
}

CommandOutput runHttp(VmxSession &s, const QStringList &args)
{
    bool verbose = false;
    QStringList rest;
    QStringList headers;
    for (int i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("-v"))
            verbose = true;
        else if (args.at(i) == QLatin1String("-H") && i + 1 < args.size())
            headers << args.at(++i);
        else
            rest << args.at(i);
    }
    if (rest.size() != 2)
        return CommandOutput::error(
            QStringLiteral("usage: http [-v] [-H 'Name: value'] METHOD URL"), 2);
    const QString method = rest.at(0).toUpper();
    const QUrl url(rest.at(1));
    if (url.scheme() != QLatin1String("http") || url.host().isEmpty())
        return CommandOutput::error(QStringLiteral("only http://host[:port]/path URLs (govmomi's "
                                                   "RoundTripper has no TLS)"),
                                    2);
    QByteArray body;
    if (method == QLatin1String("POST") || method == QLatin1String("PUT")) {
        for (QByteArray chunk = readStdin(); !chunk.isEmpty(); chunk = readStdin())
            body += chunk;
    }
    const QString authority =
        url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    QByteArray request =
        method.toLatin1() + ' ' +
        (url.path(QUrl::FullyEncoded).isEmpty() ? QByteArray("/")
                                                : url.path(QUrl::FullyEncoded).toLatin1()) +
        (url.hasQuery() ? '?' + url.query(QUrl::FullyEncoded).toLatin1() : QByteArray()) +
        " HTTP/1.0\r\nHost: " + authority.toUtf8() +
        "\r\nConnection: close\r\nUser-Agent: guestkit-vmx\r\n";
    for (const QString &h : std::as_const(headers))
        request += h.toUtf8() + "\r\n";
    if (!body.isEmpty() || method == QLatin1String("POST") || method == QLatin1String("PUT"))
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;

    VixClient client(s.sim, s.credentials);
    StartProgramRequest start;
    start.programPath = QStringLiteral("http.RoundTrip");
    start.arguments = authority;
    const VixCallResult started = client.call(VixOp::StartProgram, start.encode());
    if (!started.ok())
        return vixFailure(started);
    const qint64 pid = started.reply.result.toLongLong();
    ProcessIoClient io(client, pid);
    bool sent = false;
    HgfsOutcome r = io.sendInput([&] {
        if (sent)
            return QByteArray();
        sent = true;
        return request;
    });
    if (!r.ok())
        return CommandOutput::error(QStringLiteral("sending the request: %1").arg(r.message()));
    QByteArray raw, errors;
    r = io.readOutput(
        [&raw](const QByteArray &d) {
            raw += d;
            return true;
        },
        [&errors](const QByteArray &d) {
            errors += d;
            return true;
        });
    if (!r.ok())
        return CommandOutput::error(QStringLiteral("reading the answer: %1").arg(r.message()));
    if (raw.isEmpty())
        return CommandOutput::error(errors.trimmed().isEmpty()
                                        ? QStringLiteral("no answer")
                                        : QString::fromUtf8(errors.trimmed()));
    HttpAnswer answer;
    if (!parseHttp(raw, &answer))
        return CommandOutput::error(QStringLiteral("the answer is not HTTP"));
    CommandOutput out;
    if (s.json) {
        out.json = QJsonObject{{QStringLiteral("status"), answer.status},
                               {QStringLiteral("headers"), QString::fromUtf8(answer.headers)},
                               {QStringLiteral("body"), QString::fromUtf8(answer.body)}};
    } else {
        if (verbose)
            writeTo(stdout, answer.headers + "\r\n\r\n");
        writeTo(stdout, answer.body);
    }
    out.exitCode = answer.status >= 200 && answer.status < 400 ? 0 : 1;
    if (out.exitCode != 0 && !s.json)
        out.text = QStringLiteral("HTTP status %1").arg(answer.status);
    return out;
}

} // namespace

CommandOutput runProgramWithIo(VmxSession &s, const QStringList &args)
{
    // govc guest.run's flags: -d DATA (input; "-" forwards stdin), -C dir,
    // -e NAME=value.
    QString data;
    bool haveData = false;
    StartProgramRequest req;
    int i = 0;
    for (; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-d") && i + 1 < args.size()) {
            data = args.at(++i);
            haveData = true;
        } else if (a == QLatin1String("-C") && i + 1 < args.size()) {
            req.workingDir = args.at(++i);
        } else if (a == QLatin1String("-e") && i + 1 < args.size()) {
            req.envVars << args.at(++i);
        } else {
            break;
        }
    }
    if (i >= args.size())
        return CommandOutput::error(
            QStringLiteral("usage: run [-d DATA|-] [-C dir] [-e N=V]... PROGRAM [ARGS...]"), 2);
    req.programPath = args.at(i);
    if (i + 1 < args.size())
        req.arguments = args.mid(i + 1).join(QLatin1Char(' '));
    VixClient client(s.sim, s.credentials);
    QElapsedTimer timer;
    timer.start();
    const VixCallResult started = client.call(VixOp::StartProgram, req.encode());
    if (!started.ok())
        return vixFailure(started);
    const qint64 pid = started.reply.result.toLongLong();
    ProcessIoClient io(client, pid);
    qint64 inBytes = 0, outBytes = 0;
    // The input goes first, then the output is read (as govc does): a
    // program that writes more than the guest buffers (1 MiB a stream)
    // before it has read its input waits for it.
    HgfsOutcome r;
    if (haveData && data == QLatin1String("-")) {
        r = io.sendInput(readStdin, &inBytes);
    } else {
        bool sent = !haveData;
        r = io.sendInput(
            [&] {
                if (sent)
                    return QByteArray();
                sent = true;
                return data.toUtf8();
            },
            &inBytes);
    }
    if (!r.ok())
        return CommandOutput::error(
            QStringLiteral("stdin of pid %1: %2").arg(pid).arg(r.message()));
    // With --json the output goes into the JSON (the first MiB of each
    // stream) instead of the terminal.
    constexpr qsizetype kJsonOutputMax = 1024 * 1024;
    QByteArray capturedOut, capturedErr;
    bool truncated = false;
    const auto keep = [&truncated](QByteArray &into, const QByteArray &d) {
        const qsizetype room = kJsonOutputMax - into.size();
        truncated = truncated || d.size() > room;
        into += d.left(std::max<qsizetype>(room, 0));
        return true;
    };
    const bool json = s.json;
    r = io.readOutput(
        [&](const QByteArray &d) { return json ? keep(capturedOut, d) : writeTo(stdout, d); },
        [&](const QByteArray &d) { return json ? keep(capturedErr, d) : writeTo(stderr, d); },
        &outBytes);
    if (!r.ok())
        return CommandOutput::error(
            QStringLiteral("output of pid %1: %2").arg(pid).arg(r.message()));
    int exitCode = 0;
    QString why;
    if (!waitForExit(client, quint64(pid), &exitCode, &why))
        return CommandOutput::error(why);
    CommandOutput out;
    out.exitCode = exitCode;
    const double seconds = timer.elapsed() / 1000.0;
    out.json = QJsonObject{{QStringLiteral("pid"), pid},
                           {QStringLiteral("exitCode"), exitCode},
                           {QStringLiteral("inputBytes"), inBytes},
                           {QStringLiteral("outputBytes"), outBytes},
                           {QStringLiteral("seconds"), seconds},
                           {QStringLiteral("stdout"), QString::fromUtf8(capturedOut)},
                           {QStringLiteral("stderr"), QString::fromUtf8(capturedErr)},
                           {QStringLiteral("outputTruncated"), truncated}};
    return out;
}

QList<VmxCommand> processIoVmxCommands()
{
    return {
        {QStringLiteral("http"), QStringLiteral("[-v] [-H 'Name: value'] METHOD URL"),
         QStringLiteral("an HTTP request made inside the guest (http.RoundTrip built-in); "
                        "POST/PUT send stdin"),
         runHttp},
    };
}

} // namespace gk::vmx
