// The GetLastError table of the Windows backend gives the kinds the Linux
// backend gives for the same failure, so the VIX and HGFS error replies do
// not depend on the OS.
#include "WinErrors.h"
#include "WinGuestOsId.h"
#include "WinPath.h"

#include <QtTest>

#include <windows.h>

using namespace gk::platform;
using K = PlatformError::Kind;

class TestWinErrors : public QObject
{
    Q_OBJECT
private slots:
    void win32CodesMapToTheKindsLinuxGives_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("kind");
        QTest::newRow("file not found") << int(ERROR_FILE_NOT_FOUND) << int(K::NotFound);
        QTest::newRow("path not found") << int(ERROR_PATH_NOT_FOUND) << int(K::NotFound);
        QTest::newRow("already exists") << int(ERROR_ALREADY_EXISTS) << int(K::Exists);
        QTest::newRow("file exists") << int(ERROR_FILE_EXISTS) << int(K::Exists);
        QTest::newRow("directory name invalid") << int(ERROR_DIRECTORY) << int(K::NotADirectory);
        QTest::newRow("dir not empty") << int(ERROR_DIR_NOT_EMPTY) << int(K::NotEmpty);
        QTest::newRow("access denied") << int(ERROR_ACCESS_DENIED) << int(K::PermissionDenied);
        QTest::newRow("privilege") << int(ERROR_PRIVILEGE_NOT_HELD) << int(K::PermissionDenied);
        QTest::newRow("invalid name") << int(ERROR_INVALID_NAME) << int(K::InvalidName);
        QTest::newRow("name too long") << int(ERROR_FILENAME_EXCED_RANGE) << int(K::NameTooLong);
        QTest::newRow("disk full") << int(ERROR_DISK_FULL) << int(K::NoSpace);
        QTest::newRow("too many files") << int(ERROR_TOO_MANY_OPEN_FILES) << int(K::TooMany);
        QTest::newRow("sharing violation") << int(ERROR_SHARING_VIOLATION) << int(K::Busy);
        QTest::newRow("invalid parameter")
            << int(ERROR_INVALID_PARAMETER) << int(K::InvalidArgument);
        QTest::newRow("not supported") << int(ERROR_NOT_SUPPORTED) << int(K::NotSupported);
        QTest::newRow("logon failure") << int(ERROR_LOGON_FAILURE) << int(K::AuthenticationFailed);
        QTest::newRow("account disabled")
            << int(ERROR_ACCOUNT_DISABLED) << int(K::AuthenticationFailed);
        QTest::newRow("timeout") << int(WAIT_TIMEOUT) << int(K::TimedOut);
        QTest::newRow("other volume") << int(ERROR_NOT_SAME_DEVICE) << int(K::CrossDevice);
        QTest::newRow("anything else") << int(ERROR_CRC) << int(K::Io);
        QTest::newRow("success") << int(ERROR_SUCCESS) << int(K::None);
    }
    void win32CodesMapToTheKindsLinuxGives()
    {
        QFETCH(int, code);
        QFETCH(int, kind);
        QCOMPARE(int(winos::kindFromWin32(DWORD(code))), kind);
    }

    void errorMessageNamesOperationPathAndSystemText()
    {
        const PlatformError e = winos::winError(ERROR_FILE_NOT_FOUND, "stat",
                                                FilePath::fromString(QStringLiteral("C:/x")));
        QCOMPARE(e.kind, K::NotFound);
        QCOMPARE(e.nativeCode, int(ERROR_FILE_NOT_FOUND));
        QVERIFY2(e.message.startsWith(QStringLiteral("stat 'C:/x': ")), qPrintable(e.message));
        QVERIFY(e.message.size() > QStringLiteral("stat 'C:/x': ").size());
    }

    void longAbsolutePathsGetTheExtendedPrefix()
    {
        std::wstring wide;
        const QString longPath = QStringLiteral("C:/") + QString(300, QLatin1Char('a'));
        QVERIFY(winos::toWide(FilePath::fromString(longPath), &wide));
        QVERIFY(QString::fromStdWString(wide).startsWith(QStringLiteral("\\\\?\\C:\\aaa")));
        QVERIFY(winos::toWide(FilePath::fromString(QStringLiteral("C:/short/x")), &wide));
        QCOMPARE(QString::fromStdWString(wide), QStringLiteral("C:\\short\\x"));
    }

    void invalidUtf8OrNulInAPathIsRefused()
    {
        std::wstring wide;
        QVERIFY(!winos::toWide(FilePath::fromBytes(QByteArray("C:/a\xff", 5)), &wide));
        QVERIFY(!winos::toWide(FilePath::fromBytes(QByteArray("C:/a\0b", 6)), &wide));
        QVERIFY(!winos::toWide(FilePath(), &wide));
    }

    void guestOsIdsFollowOpenVmToolsTable_data()
    {
        QTest::addColumn<uint>("major");
        QTest::addColumn<uint>("minor");
        QTest::addColumn<uint>("build");
        QTest::addColumn<bool>("server");
        QTest::addColumn<QString>("id");
        QTest::newRow("Windows 10") << 10u << 0u << 19045u << false << "windows9-64";
        QTest::newRow("Windows 11") << 10u << 0u << 22631u << false << "windows11-64";
        QTest::newRow("Server 2016") << 10u << 0u << 14393u << true << "windows9srv-64";
        QTest::newRow("Server 2019") << 10u << 0u << 17763u << true << "windows2019srv-64";
        QTest::newRow("Server 2022") << 10u << 0u << 20348u << true << "windows2019srvNext-64";
        QTest::newRow("Server 2025") << 10u << 0u << 26100u << true << "windows2022srvNext-64";
        QTest::newRow("Server 2012 R2") << 6u << 3u << 9600u << true << "windows8srv-64";
        QTest::newRow("Windows 8.1") << 6u << 3u << 9600u << false << "windows8-64";
        QTest::newRow("Windows 7") << 6u << 1u << 7601u << false << "windows7-64";
        QTest::newRow("Vista") << 6u << 0u << 6002u << false << "windowsUnknown-64";
    }
    void guestOsIdsFollowOpenVmToolsTable()
    {
        QFETCH(uint, major);
        QFETCH(uint, minor);
        QFETCH(uint, build);
        QFETCH(bool, server);
        QFETCH(QString, id);
        QCOMPARE(winos::windowsGuestOsId(major, minor, build, server, true), id);
    }
};

QTEST_GUILESS_MAIN(TestWinErrors)
#include "tst_win_errors.moc"
