#pragma once

#include <QSet>
#include <QSettings>
#include <QStringList>

#include <memory>

namespace gk::daemon {

// Typed, validating reads from the INI config. Every bad value is recorded
// with the file, key and reason; the daemon refuses to start if any was.
// A key that is absent takes its default.
class ConfigReader
{
public:
    // An empty path reads nothing: every key takes its default.
    explicit ConfigReader(const QString &path);

    QString path() const { return m_path; }
    bool fileExists() const { return m_exists; }

    QString readString(const QString &key, const QString &def);
    bool readBool(const QString &key, bool def);
    qint64 readInt(const QString &key, qint64 def, qint64 min, qint64 max);
    // A value with an optional K, M or G suffix (powers of 1024).
    qint64 readSize(const QString &key, qint64 def, qint64 min, qint64 max);
    QString readChoice(const QString &key, const QString &def, const QStringList &choices);
    QStringList readList(const QString &key, const QStringList &def); // comma-separated

    void addError(const QString &key, const QString &reason);
    // Records an error for every key in the file that no read asked for (a
    // misspelt key would otherwise leave its setting at the default without
    // a word), except in the sections named, which a caller reads whole.
    void checkUnknownKeys(const QStringList &sectionsReadWhole);
    const QStringList &errors() const { return m_errors; }

private:
    bool fetch(const QString &key, QString *value);

    QString m_path;
    bool m_exists = false;
    std::unique_ptr<QSettings> m_settings;
    QStringList m_errors;
    QSet<QString> m_asked; // every key a read asked for, present or not
};

} // namespace gk::daemon
