#pragma once

#include <functional>

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

namespace gk::vmx {

// A one-line progress bar for uploads and downloads: percentage, bar, rate
// and time left, redrawn at most ten times a second. Drawn only when
// `enabled` (stdout is a terminal and no JSON was asked for).
class TransferProgress
{
public:
    TransferProgress(bool enabled, QString label, std::FILE *out = stdout);

    void update(qint64 done, qint64 total);
    // update() as a callback for a transfer; this object must outlive it.
    std::function<void(qint64 done, qint64 total)> reporter()
    {
        return [this](qint64 done, qint64 total) {
            update(done, total);
        };
    }
    // Draws the final state and ends the line.
    void finish();

    qint64 elapsedMs() const { return m_timer.elapsed(); }

    // "12.3 MiB", "512 B".
    static QString formatBytes(double bytes);
    // "1:05", "1:02:03"; "--:--" when unknown.
    static QString formatDuration(double seconds);
    // The line update() draws (without the leading carriage return).
    static QString line(const QString &label, qint64 done, qint64 total, double seconds,
                        int width = 30);

private:
    void draw();

    bool m_enabled;
    QString m_label;
    std::FILE *m_out;
    QElapsedTimer m_timer;
    qint64 m_lastDraw = -1000;
    qint64 m_done = 0;
    qint64 m_total = 0;
};

} // namespace gk::vmx
