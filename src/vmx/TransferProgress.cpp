#include "TransferProgress.h"

namespace gk::vmx {

TransferProgress::TransferProgress(bool enabled, QString label, std::FILE *out)
    : m_enabled(enabled), m_label(std::move(label)), m_out(out)
{
    m_timer.start();
}

QString TransferProgress::formatBytes(double bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(qint64(bytes))
                  : QStringLiteral("%1 %2").arg(bytes, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString TransferProgress::formatDuration(double seconds)
{
    if (!(seconds >= 0) || seconds > 360000)
        return QStringLiteral("--:--");
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString TransferProgress::line(const QString &label, qint64 done, qint64 total, double seconds,
                               int width)
{
    if (total < 0) {
        // A stream of unknown length: what has passed, and how fast.
        const double rate = seconds > 0 ? double(done) / seconds : 0;
        return QStringLiteral("%1 %2  %3/s  %4")
            .arg(label, formatBytes(double(done)), formatBytes(rate), formatDuration(seconds));
    }
    const double fraction = total > 0 ? double(done) / double(total) : 1.0;
    const int filled = int(fraction * width);
    const double rate = seconds > 0 ? double(done) / seconds : 0;
    const double left = rate > 0 ? double(total - done) / rate : -1;
    return QStringLiteral("%1 %2% [%3%4] %5 / %6  %7/s  %8 left")
        .arg(label)
        .arg(int(fraction * 100), 3)
        .arg(QString(filled, QLatin1Char('#')), QString(width - filled, QLatin1Char(' ')))
        .arg(formatBytes(double(done)), formatBytes(double(total)), formatBytes(rate),
             formatDuration(left));
}

void TransferProgress::update(qint64 done, qint64 total)
{
    m_done = done;
    m_total = total;
    if (!m_enabled || m_timer.elapsed() - m_lastDraw < 100)
        return;
    m_lastDraw = m_timer.elapsed();
    draw();
}

void TransferProgress::finish()
{
    if (!m_enabled)
        return;
    draw();
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void TransferProgress::draw()
{
    const QString text = line(m_label, m_done, m_total, m_timer.elapsed() / 1000.0);
    // \r back to the line start, \033[K clears what a longer line left.
    std::fprintf(m_out, "\r%s\033[K", qPrintable(text));
    std::fflush(m_out);
}

} // namespace gk::vmx
