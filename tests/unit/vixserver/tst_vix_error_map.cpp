#include "vix/server/ProgramLauncher.h"
#include "vix/server/VixErrorMap.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <array>

#ifdef Q_OS_LINUX
#include "linux/LinuxErrors.h"

#include <cerrno>
#include <unistd.h>
#endif

using namespace gk;
using namespace gk::vix;
using namespace gk::vix::server;
using Kind = platform::PlatformError::Kind;

class TestVixErrorMap : public QObject
{
    Q_OBJECT
private slots:
    void genericFollowsVixTranslateErrno_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<quint64>("error");
        QTest::newRow("ENOENT") << int(Kind::NotFound) << quint64(VixErr::FileNotFound);
        QTest::newRow("EEXIST") << int(Kind::Exists) << quint64(VixErr::FileAlreadyExists);
        QTest::newRow("ENOTDIR") << int(Kind::NotADirectory) << quint64(VixErr::NotADirectory);
        QTest::newRow("EISDIR") << int(Kind::IsADirectory) << quint64(VixErr::NotAFile);
        QTest::newRow("ENOTEMPTY") << int(Kind::NotEmpty) << quint64(VixErr::DirectoryNotEmpty);
        QTest::newRow("EACCES") << int(Kind::PermissionDenied) << quint64(VixErr::FileAccessError);
        QTest::newRow("ENAMETOOLONG") << int(Kind::NameTooLong) << quint64(VixErr::FileNameTooLong);
        QTest::newRow("ENOSPC") << int(Kind::NoSpace) << quint64(VixErr::DiskFull);
        QTest::newRow("EMFILE") << int(Kind::TooMany) << quint64(VixErr::FileError);
        QTest::newRow("EBUSY") << int(Kind::Busy) << quint64(VixErr::ObjectIsBusy);
        QTest::newRow("EINVAL") << int(Kind::InvalidArgument) << quint64(VixErr::InvalidArg);
        QTest::newRow("ESRCH") << int(Kind::NoSuchProcess) << quint64(VixErr::NoSuchProcess);
        QTest::newRow("EIO") << int(Kind::Io) << quint64(VixErr::FileError);
        QTest::newRow("EINTR") << int(Kind::Interrupted) << quint64(VixErr::Fail);
        QTest::newRow("none") << int(Kind::None) << quint64(VixErr::Ok);
    }
    void genericFollowsVixTranslateErrno()
    {
        QFETCH(int, kind);
        QFETCH(quint64, error);
        QCOMPARE(vixErrorFor(OpFamily::Generic, Kind(kind)), error);
        QCOMPARE(vixErrorFor(OpFamily::File, Kind(kind)), error);
    }

    void processFamilyCallsPermissionProblemsTheUsers()
    {
        QCOMPARE(vixErrorFor(OpFamily::Process, Kind::PermissionDenied),
                 VixErr::GuestUserPermissions);
        QCOMPARE(vixErrorFor(OpFamily::Process, Kind::NoSuchProcess), VixErr::NoSuchProcess);
    }

    void startFamilyMapsProgramChecksAndSpawnFailures()
    {
        QCOMPARE(vixErrorFor(OpFamily::Start, Kind::NotFound), VixErr::FileNotFound);
        QCOMPARE(vixErrorFor(OpFamily::Start, Kind::PermissionDenied),
                 VixErr::GuestUserPermissions);
        QCOMPARE(vixErrorFor(OpFamily::Start, Kind::NotADirectory), VixErr::NotADirectory);
        QCOMPARE(vixErrorFor(OpFamily::Start, Kind::TooMany), VixErr::ProgramNotStarted);
        QCOMPARE(vixErrorFor(OpFamily::Start, Kind::Io), VixErr::ProgramNotStarted);
    }

    void authFamilyIsAlwaysInvalidLogin()
    {
        QCOMPARE(vixErrorFor(OpFamily::Auth, Kind::AuthenticationFailed),
                 VixErr::InvalidLoginCredentials);
        QCOMPARE(vixErrorFor(OpFamily::Auth, Kind::NotFound), VixErr::InvalidLoginCredentials);
    }

    void registryFamilyNamesKeyProblems()
    {
        QCOMPARE(vixErrorFor(OpFamily::Registry, Kind::NotFound), VixErr::RegKeyInvalid);
        QCOMPARE(vixErrorFor(OpFamily::Registry, Kind::Exists), VixErr::RegKeyAlreadyExists);
        QCOMPARE(vixErrorFor(OpFamily::Registry, Kind::NotEmpty), VixErr::RegKeyHasSubkeys);
        QCOMPARE(vixErrorFor(OpFamily::Registry, Kind::NotSupported),
                 VixErr::OpNotSupportedOnGuest);
        QCOMPARE(vixErrorFor(OpFamily::Registry, Kind::PermissionDenied),
                 vixErrorFor(OpFamily::Generic, Kind::PermissionDenied));
    }

    void commandLinesAreBuiltAsVmtoolsdBuildsThem()
    {
        QCOMPARE(fullCommandLine(QStringLiteral("/bin/ls"), QStringLiteral("-l /tmp")),
                 QStringLiteral("\"/bin/ls\" -l /tmp"));
        QCOMPARE(fullCommandLine(QStringLiteral("/bin/ls"), QString()),
                 QStringLiteral("\"/bin/ls\""));
        QCOMPARE(programFileName(QStringLiteral("  \"/opt/my app/run\" x")),
                 QStringLiteral("/opt/my app/run"));
        QCOMPARE(programFileName(QStringLiteral("/bin/true")), QStringLiteral("/bin/true"));
    }

    void onlyPlainCommandLinesSkipTheShell()
    {
        QVERIFY(isPlainCommand(QStringLiteral("/bin/sleep"), QStringLiteral("60")));
        QVERIFY(isPlainCommand(QStringLiteral("/opt/my app/run"), QStringLiteral("-a=1,b:2 x@y")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/sh"), QStringLiteral("-c 'exit 3'")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/echo"), QStringLiteral("$HOME")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/ls"), QStringLiteral("*.txt")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/true"), QStringLiteral("; reboot")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/cat"), QStringLiteral("< /etc/shadow")));
        QVERIFY(!isPlainCommand(QStringLiteral("/bin/ls"), QStringLiteral("~")));
        QVERIFY(!isPlainCommand(QStringLiteral("/tmp/$x"), QString()));
        QVERIFY(!isPlainCommand(QStringLiteral(" /bin/true"), QString()));
    }

    void plainArgumentsSplitAtBlanksAndTabs()
    {
        QCOMPARE(splitAtBlanks(QStringLiteral("  -a\t\tb  c ")),
                 (QStringList{QStringLiteral("-a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(splitAtBlanks(QStringLiteral("60")), QStringList{QStringLiteral("60")});
        QVERIFY(splitAtBlanks(QString()).isEmpty());
        QVERIFY(splitAtBlanks(QStringLiteral(" \t ")).isEmpty());
    }

#ifdef Q_OS_LINUX
    void executabilityComesFromTheModeBitsAgainstTheAccount()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prog"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        // Owned by neither root nor the groups below (as root, hand it over).
        if (::geteuid() == 0)
            QVERIFY(::chown(QFile::encodeName(path).constData(), 99996, 99995) == 0);
        const QFileInfo info(path);
        platform::UserAccount owner, groupMate, other, admin;
        owner.uid = info.ownerId();
        owner.gid = 99999;
        groupMate.uid = 99998;
        groupMate.gid = info.groupId();
        other.uid = 99997;
        other.gid = 99997;
        admin.uid = 0;
        admin.gid = 0;
        const QList<std::pair<QFile::Permissions, std::array<bool, 4>>> cases = {
            {QFile::ReadOwner, {false, false, false, false}},
            {QFile::ExeOwner, {true, false, false, true}},
            {QFile::ExeGroup, {false, true, false, true}},
            {QFile::ExeOther, {false, false, true, true}},
        };
        for (const auto &[mode, expected] : cases) {
            QVERIFY(QFile::setPermissions(path, mode | QFile::ReadOwner | QFile::WriteOwner));
            const QFileInfo fresh(path);
            QCOMPARE(isExecutableBy(fresh, owner), expected[0]);
            QCOMPARE(isExecutableBy(fresh, groupMate), expected[1]);
            QCOMPARE(isExecutableBy(fresh, other), expected[2]);
            QCOMPARE(isExecutableBy(path, admin), expected[3]);
        }
    }
#endif

#ifdef Q_OS_LINUX
    // Every row of Vix_TranslateErrno (open-vm-tools
    // lib/foundryMsg/vixTranslateErrOpenSource.c), and errnos it does not
    // list, through the Linux backend's errors: the file operations answer
    // what vmtoolsd answers for the same errno.
    void fileFamilyFollowsVixTranslateErrnoByErrno_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<quint64>("error");
        auto row = [](const char *name, int err, VixError error) {
            QTest::newRow(name) << err << quint64(error);
        };
        row("EPERM", EPERM, VixErr::FileAccessError);
        row("EACCES", EACCES, VixErr::FileAccessError);
        row("EAGAIN", EAGAIN, VixErr::ObjectIsBusy);
        row("EBUSY", EBUSY, VixErr::ObjectIsBusy);
        row("EEXIST", EEXIST, VixErr::FileAlreadyExists);
        row("EFBIG", EFBIG, VixErr::FileTooBig);
        row("ENOTEMPTY", ENOTEMPTY, VixErr::DirectoryNotEmpty);
        row("ENOTDIR", ENOTDIR, VixErr::NotADirectory);
        row("ETIMEDOUT", ETIMEDOUT, VixErr::FileError);
        row("ENOBUFS", ENOBUFS, VixErr::FileError);
        row("EIO", EIO, VixErr::FileError);
        row("EMFILE", EMFILE, VixErr::FileError);
        row("ENFILE", ENFILE, VixErr::FileError);
        row("EMLINK", EMLINK, VixErr::FileError);
        row("EROFS", EROFS, VixErr::FileError);
        row("ENODEV", ENODEV, VixErr::FileNotFound);
        row("ENOENT", ENOENT, VixErr::FileNotFound);
        row("ENOSPC", ENOSPC, VixErr::DiskFull);
        row("EISDIR", EISDIR, VixErr::NotAFile);
        row("ESRCH", ESRCH, VixErr::NoSuchProcess);
        row("ENAMETOOLONG", ENAMETOOLONG, VixErr::FileNameTooLong);
        row("EMSGSIZE", EMSGSIZE, VixErr::InvalidArg);
        row("EINVAL", EINVAL, VixErr::InvalidArg);
        row("ELOOP", ELOOP, VixErr::OutOfMemory);
        row("ENOMEM", ENOMEM, VixErr::OutOfMemory);
        // Not listed: the default, VIX_E_FAIL.
        row("EDQUOT", EDQUOT, VixErr::Fail);
        row("EILSEQ", EILSEQ, VixErr::Fail);
        row("EOPNOTSUPP", EOPNOTSUPP, VixErr::Fail);
        row("ENOSYS", ENOSYS, VixErr::Fail);
        row("ETXTBSY", ETXTBSY, VixErr::Fail);
        row("E2BIG", E2BIG, VixErr::Fail);
        row("ENOEXEC", ENOEXEC, VixErr::Fail);
        row("EXDEV", EXDEV, VixErr::Fail);
        row("EINTR", EINTR, VixErr::Fail);
        row("EBADF", EBADF, VixErr::Fail);
        row("EPIPE", EPIPE, VixErr::Fail);
        row("ENXIO", ENXIO, VixErr::Fail);
    }
    void fileFamilyFollowsVixTranslateErrnoByErrno()
    {
        QFETCH(int, err);
        QFETCH(quint64, error);
        const platform::PlatformError e =
            platform::linuxos::errnoError(err, "open", platform::FilePath::fromString("/x"));
        QCOMPARE(vixErrorFor(OpFamily::File, e), error);
        QCOMPARE(vixErrorFor(OpFamily::Generic, e), error);
        const VixFailure f = vixFailureFor(OpFamily::File, e);
        QCOMPARE(f.error, error);
        QCOMPARE(f.additionalError, quint32(err));
    }

    // An error the backend made with a kind of its own keeps the kind's code;
    // the per-operation rewrites still win over the errno.
    void synthesizedErrorsAndRewritesKeepTheirCodes()
    {
        using platform::PlatformError;
        QCOMPARE(vixErrorFor(OpFamily::File,
                             PlatformError::make(Kind::InvalidName, EINVAL, QStringLiteral("x"))),
                 VixErr::FileNameInvalid);
        QCOMPARE(vixErrorFor(OpFamily::File,
                             PlatformError::make(Kind::NotFound, 0, QStringLiteral("x"))),
                 VixErr::FileNotFound);
        QCOMPARE(vixErrorFor(OpFamily::Process, platform::linuxos::errnoError(EPERM, "kill 1")),
                 VixErr::GuestUserPermissions);
        QCOMPARE(vixErrorFor(OpFamily::Process, platform::linuxos::errnoError(ESRCH, "kill 1")),
                 VixErr::NoSuchProcess);
        QCOMPARE(vixErrorFor(OpFamily::Start, platform::linuxos::errnoError(EROFS, "spawn")),
                 VixErr::GuestUserPermissions);
        QCOMPARE(vixErrorFor(OpFamily::Start, platform::linuxos::errnoError(ENOMEM, "spawn")),
                 VixErr::ProgramNotStarted);
        QCOMPARE(vixErrorFor(OpFamily::Auth, platform::linuxos::errnoError(ENOENT, "pam")),
                 VixErr::InvalidLoginCredentials);
        QCOMPARE(vixErrorFor(OpFamily::Variable, platform::linuxos::errnoError(ENOENT, "env")),
                 VixErr::Fail);
    }
#endif

    void additionalErrorIsTheNativeCode()
    {
        const VixFailure f =
            vixFailureFor(OpFamily::Process, platform::PlatformError::make(Kind::NoSuchProcess, 3,
                                                                           QStringLiteral("gone")));
        QCOMPARE(f.error, VixErr::NoSuchProcess);
        QCOMPARE(f.additionalError, 3u);
    }
};

QTEST_GUILESS_MAIN(TestVixErrorMap)
#include "tst_vix_error_map.moc"
