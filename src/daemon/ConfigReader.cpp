#include "ConfigReader.h"

#include <QFileInfo>

namespace gk::daemon {

ConfigReader::ConfigReader(const QString &path) : m_path(path)
{
    if (path.isEmpty())
        return;
    QFileInfo info(path);
    m_exists = info.exists();
    if (!m_exists)
        return;
    if (!info.isFile() || !info.isReadable()) {
        m_errors.append(QStringLiteral("%1: cannot be read").arg(path));
        return;
    }
    m_settings = std::make_unique<QSettings>(path, QSettings::IniFormat);
    if (m_settings->status() != QSettings::NoError)
        m_errors.append(QStringLiteral("%1: not a valid INI file").arg(path));
}

bool ConfigReader::fetch(const QString &key, QString *value)
{
    m_asked.insert(key);
    if (!m_settings || !m_settings->contains(key))
        return false;
    const QVariant v = m_settings->value(key);
    // QSettings turns "a, b" into a list; keep the text as written.
    *value = v.userType() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                    : v.toString();
    *value = value->trimmed();
    return true;
}

void ConfigReader::checkUnknownKeys(const QStringList &sectionsReadWhole)
{
    if (!m_settings)
        return;
    const QStringList keys = m_settings->allKeys();
    for (const QString &key : keys) {
        const QString section = key.contains(QLatin1Char('/')) ? key.section(QLatin1Char('/'), 0, 0)
                                                               : QStringLiteral("General");
        if (m_asked.contains(key) || sectionsReadWhole.contains(section))
            continue;
        addError(key.contains(QLatin1Char('/')) ? key : QStringLiteral("General/") + key,
                 QStringLiteral("unknown key (see docs/configuration.md)"));
    }
}

void ConfigReader::addError(const QString &key, const QString &reason)
{
    m_errors.append(QStringLiteral("%1: [%2] %3: %4")
                        .arg(m_path, key.section(QLatin1Char('/'), 0, 0),
                             key.section(QLatin1Char('/'), 1), reason));
}

QString ConfigReader::readString(const QString &key, const QString &def)
{
    QString value;
    return fetch(key, &value) ? value : def;
}

bool ConfigReader::readBool(const QString &key, bool def)
{
    QString value;
    if (!fetch(key, &value))
        return def;
    const QString v = value.toLower();
    if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on") ||
        v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off") ||
        v == QLatin1String("0"))
        return false;
    addError(key, QStringLiteral("'%1' is not a boolean (true/false)").arg(value));
    return def;
}

qint64 ConfigReader::readInt(const QString &key, qint64 def, qint64 min, qint64 max)
{
    QString value;
    if (!fetch(key, &value))
        return def;
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    if (!ok) {
        addError(key, QStringLiteral("'%1' is not a whole number").arg(value));
        return def;
    }
    if (n < min || n > max) {
        addError(key, QStringLiteral("%1 is out of range (%2 to %3)").arg(n).arg(min).arg(max));
        return def;
    }
    return n;
}

qint64 ConfigReader::readSize(const QString &key, qint64 def, qint64 min, qint64 max)
{
    QString value;
    if (!fetch(key, &value))
        return def;
    qint64 unit = 1;
    QString digits = value;
    const QChar last = value.isEmpty() ? QChar() : value.back().toUpper();
    if (last == QLatin1Char('K') || last == QLatin1Char('M') || last == QLatin1Char('G')) {
        unit = last == QLatin1Char('K')   ? 1024
               : last == QLatin1Char('M') ? 1024 * 1024
                                          : 1024 * 1024 * 1024;
        digits.chop(1);
    }
    bool ok = false;
    const qint64 n = digits.trimmed().toLongLong(&ok);
    if (!ok || n < 0 || n > max / unit) {
        addError(
            key,
            QStringLiteral("'%1' is not a size (a number with an optional K, M or G)").arg(value));
        return def;
    }
    if (n * unit < min || n * unit > max) {
        addError(
            key,
            QStringLiteral("%1 is out of range (%2 to %3 bytes)").arg(value).arg(min).arg(max));
        return def;
    }
    return n * unit;
}

QString ConfigReader::readChoice(const QString &key, const QString &def, const QStringList &choices)
{
    QString value;
    if (!fetch(key, &value))
        return def;
    if (!choices.contains(value.toLower())) {
        addError(key, QStringLiteral("'%1' is not one of: %2")
                          .arg(value, choices.join(QStringLiteral(", "))));
        return def;
    }
    return value.toLower();
}

QStringList ConfigReader::readList(const QString &key, const QStringList &def)
{
    QString value;
    if (!fetch(key, &value))
        return def;
    QStringList items;
    for (const QString &item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!item.trimmed().isEmpty())
            items.append(item.trimmed());
    }
    return items;
}

} // namespace gk::daemon
