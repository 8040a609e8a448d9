#include "TcloDispatcher.h"

#include <QLoggingCategory>

#include <algorithm>
#include <memory>

Q_LOGGING_CATEGORY(lcDispatch, "guestkit.dispatch")

namespace gk::rpc {

void TcloDispatcher::insert(const QByteArray &name, Entry entry)
{
    if (name.isEmpty() || name.contains(' ') || name.contains('\0'))
        qFatal("TCLO command name '%s' is not a single token", name.constData());
    if (m_handlers.contains(name))
        qFatal("TCLO command '%s' registered twice", name.constData());
    m_handlers.insert(name, std::move(entry));
}

void TcloDispatcher::add(const QByteArray &name, Handler handler)
{
    insert(name, Entry{std::move(handler), {}});
}

void TcloDispatcher::addSync(const QByteArray &name, SyncHandler handler)
{
    insert(name, Entry{{}, std::move(handler)});
}

QList<QByteArray> TcloDispatcher::names() const
{
    QList<QByteArray> list = m_handlers.keys();
    std::sort(list.begin(), list.end());
    return list;
}

TcloDispatcher::Parsed TcloDispatcher::parse(const QByteArray &message)
{
    Parsed parsed;
    qsizetype start = 0;
    while (start < message.size() && message.at(start) == ' ')
        ++start;
    qsizetype end = start;
    while (end < message.size() && message.at(end) != ' ' && message.at(end) != '\0')
        ++end;
    parsed.name = message.mid(start, end - start);
    if (end < message.size() && message.at(end) == ' ')
        ++end;
    else if (end < message.size()) // a NUL ends the C string vmtoolsd sees
        end = message.size();
    parsed.args = message.mid(end);
    return parsed;
}

void TcloDispatcher::dispatch(const QByteArray &message, Respond respond) const
{
    const Parsed parsed = parse(message);
    if (parsed.name.isEmpty()) {
        qCDebug(lcDispatch) << "bad command (no name)";
        respond(TcloReply::failure("Bad command"));
        return;
    }
    const auto it = m_handlers.constFind(parsed.name);
    if (it == m_handlers.constEnd()) {
        qCDebug(lcDispatch) << "unknown command" << parsed.name.left(64);
        respond(TcloReply::failure("Unknown Command"));
        return;
    }
    if (it->sync) {
        respond(it->sync(parsed.args));
        return;
    }
    // Hand the handler a responder that answers at most once, whatever it does.
    auto answered = std::make_shared<bool>(false);
    it->async(parsed.args, [answered, respond](const TcloReply &reply) {
        if (*answered)
            return;
        *answered = true;
        respond(reply);
    });
}

} // namespace gk::rpc
