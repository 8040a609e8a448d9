#pragma once

#include <QString>

namespace gk::test {

// An unprivileged guest user for the identity tests, created on first use
// (as root only) with a known password. Tests that need it call ensure() and
// QSKIP when it returns false, so they are skipped visibly when not root.
struct TestUser
{
    QString name;
    QString password;
    qint64 uid = -1;
    qint64 gid = -1;

    // Creates (or reuses) the user `name` with `password`; false with a
    // reason when not root or the user tools fail.
    static bool ensure(TestUser *user, QString *why, const QString &name = QStringLiteral("gktest"),
                       const QString &password = QStringLiteral("gk-Test-pw1"));
    static bool isRoot();
};

// Installs the PAM service file guestkit uses when it is missing (the
// package installs it on a real system).
bool ensurePamService(QString *why);

// Runs a system command (useradd, mkfs.xfs, mount, ...) to its end with
// `input` on its stdin; false with what it said on stderr when it cannot be
// started or does not exit with 0.
bool runCommand(const QString &program, const QStringList &args, QString *why,
                const QByteArray &input = {});

} // namespace gk::test
