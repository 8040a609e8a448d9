#include "ProgramMonitor.h"

#include "StartedPrograms.h"
#include "platform/ProcessManager.h"

#include <QDateTime>

namespace gk::vix::server {

ProgramMonitor::ProgramMonitor(platform::ProcessManager &processes, StartedPrograms &started,
                               QObject *parent)
    : QObject(parent), m_started(started)
{
    connect(&processes, &platform::ProcessManager::processFinished, this,
            &ProgramMonitor::onFinished);
}

void ProgramMonitor::onCompletion(qint64 pid, Completion completion)
{
    m_completions.insert(pid, std::move(completion));
}

void ProgramMonitor::onFinished(qint64 pid, int exitCode)
{
    m_started.finished(pid, exitCode, QDateTime::currentDateTimeUtc());
    const Completion completion = m_completions.take(pid);
    if (completion)
        completion(exitCode);
}

} // namespace gk::vix::server
