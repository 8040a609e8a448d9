#include "VixTestUtil.h"

#include "vix/codec/VixRequest.h"

#include <QtTest>

using namespace gk::vix;
using vixtest::hex;

Q_DECLARE_METATYPE(gk::vix::VixRequestBody)

namespace {

// Decodes body for opCode, re-encodes it and checks the bytes are unchanged.
void roundTrip(quint32 opCode, const VixRequestBody &body)
{
    const QByteArray bytes = encodeVixRequestBody(opCode, body);
    const auto decoded = decodeVixRequestBody(opCode, bytes);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().reason));
    QCOMPARE(decoded->index(), body.index());
    QCOMPARE(encodeVixRequestBody(opCode, decoded.value()).toHex(), bytes.toHex());
    // And through the whole message path too.
    const auto request = decodeVixRequest(vixtest::requestArgs(opCode, bytes));
    QVERIFY(request.ok());
    QVERIFY(request->decodedBody.ok());
    QVERIFY(request->credential.ok());
    QCOMPARE(request->credential->userName, QStringLiteral("gktest"));
}

DecodeError bodyErrorOf(quint32 opCode, const QByteArray &body)
{
    const auto d = decodeVixRequestBody(opCode, body);
    return d.ok() ? DecodeError{VixErr::Ok, {}} : d.error();
}

} // namespace

class TestVixBodies : public QObject
{
    Q_OBJECT

private slots:
    void startProgramDecodesHandWrittenVector()
    {
        const QByteArray body = hex("01 0a000000 04000000 05000000 02000000 08000000"
                                    "2f62696e2f7472756500 2d6c6100 2f746d7000 413d3100 423d3200");
        const auto r = StartProgramRequest::decode(body);
        QVERIFY(r.ok());
        QVERIFY(r->startMinimized);
        QCOMPARE(r->programPath, QStringLiteral("/bin/true"));
        QCOMPARE(r->arguments, QStringLiteral("-la"));
        QCOMPARE(r->workingDir, QStringLiteral("/tmp"));
        QCOMPARE(r->envVars, (QStringList{QStringLiteral("A=1"), QStringLiteral("B=2")}));
        QCOMPARE(r->encode().toHex(), body.toHex());
    }

    void listFilesDecodesHandWrittenVector()
    {
        // fileOptions 0; pathLen 4; patternLen 3; index 1; maxResults 50;
        // offset 0; "/tmp" "a.*" (lengths without the NUL).
        const QByteArray body = hex("00000000 04000000 03000000 01000000 32000000 0000000000000000"
                                    "2f746d7000 612e2a00");
        const auto r = ListFilesRequest::decode(body);
        QVERIFY(r.ok());
        QCOMPARE(r->path, QStringLiteral("/tmp"));
        QCOMPARE(r->pattern, QStringLiteral("a.*"));
        QCOMPARE(r->index, 1);
        QCOMPARE(r->maxResults, 50);
        QCOMPARE(r->offset, 0ull);
        QCOMPARE(r->encode().toHex(), body.toHex());
    }

    void everyBodyRoundTrips_data()
    {
        QTest::addColumn<quint32>("opCode");
        QTest::addColumn<VixRequestBody>("body");
        StartProgramRequest sp;
        sp.programPath = QStringLiteral("/usr/bin/env");
        sp.arguments = QStringLiteral("FOO=1 ls -l '/tmp/a b'");
        sp.envVars = QStringList{QStringLiteral("PATH=/bin"), QStringLiteral("EMPTY=")};
        QTest::newRow("StartProgram") << VixOp::StartProgram << VixRequestBody(sp);
        StartProgramRequest sp2;
        sp2.programPath = QStringLiteral("/bin/true");
        QTest::newRow("StartProgram minimal") << VixOp::StartProgram << VixRequestBody(sp2);
        QTest::newRow("ListProcessesEx")
            << VixOp::ListProcessesEx
            << VixRequestBody(ListProcessesExRequest{0, 0, {1, 42, Q_UINT64_C(0xFFFFFFFFFF)}});
        QTest::newRow("ListProcessesEx continuation")
            << VixOp::ListProcessesEx << VixRequestBody(ListProcessesExRequest{3, 65000, {}});
        QTest::newRow("KillProcess")
            << VixOp::KillProcess << VixRequestBody(KillProcessRequest{1234, 0});
        QTest::newRow("TerminateProcess")
            << VixOp::TerminateProcess << VixRequestBody(KillProcessRequest{99, 1});
        QTest::newRow("ReadEnvVariables") << VixOp::ReadEnvVariables
                                          << VixRequestBody(ReadEnvVariablesRequest{
                                                 {QStringLiteral("HOME"), QStringLiteral("")}});
        QTest::newRow("ReadEnvVariables all")
            << VixOp::ReadEnvVariables << VixRequestBody(ReadEnvVariablesRequest{});
        QTest::newRow("RunProgram") << VixOp::RunProgram
                                    << VixRequestBody(RunProgramRequest{
                                           1, QStringLiteral("/bin/ls"), QStringLiteral("-l")});
        QTest::newRow("RunProgram no args")
            << VixOp::RunProgram
            << VixRequestBody(RunProgramRequest{0, QStringLiteral("/bin/ls"), QString()});
        QTest::newRow("RunScript")
            << VixOp::RunScriptInGuest
            << VixRequestBody(RunScriptRequest{0, QStringLiteral("/bin/sh"), QStringLiteral(""),
                                               QStringLiteral("echo hi\n")});
        QTest::newRow("ReadVariable")
            << VixOp::ReadVariable
            << VixRequestBody(ReadVariableRequest{VixVariableType::GuestEnvironmentVariable, 0,
                                                  QStringLiteral("PATH")});
        QTest::newRow("WriteVariable")
            << VixOp::WriteVariable
            << VixRequestBody(WriteVariableRequest{VixVariableType::GuestConfig, 0,
                                                   QStringLiteral("k"), QStringLiteral("")});
        QTest::newRow("GetFileInfo")
            << VixOp::GetFileInfo
            << VixRequestBody(SimpleFileRequest{0, QStringLiteral("/etc/hosts")});
        QTest::newRow("DeleteGuestFileEx")
            << VixOp::DeleteGuestFileEx
            << VixRequestBody(SimpleFileRequest{0, QStringLiteral("/tmp/\u00e9")});
        QTest::newRow("DirectoryExists")
            << VixOp::DirectoryExists
            << VixRequestBody(SimpleFileRequest{0, QStringLiteral("/tmp")});
        QTest::newRow("ListDirectory legacy")
            << VixOp::ListDirectory
            << VixRequestBody(ListDirectoryRequest{0, QStringLiteral("/tmp"), 0});
        QTest::newRow("ListDirectory offset")
            << VixOp::ListDirectory
            << VixRequestBody(
                   ListDirectoryRequest{kVixListDirectoryUseOffset, QStringLiteral("/tmp"), 17});
        ListFilesRequest lf;
        lf.path = QStringLiteral("/var/log");
        lf.maxResults = 50;
        lf.offset = 49;
        lf.index = 3;
        QTest::newRow("ListFiles no pattern") << VixOp::ListFiles << VixRequestBody(lf);
        QTest::newRow("CreateDirectory")
            << VixOp::CreateDirectory
            << VixRequestBody(CreateDirectoryRequest{0, QStringLiteral("/tmp/d"), true});
        QTest::newRow("CreateDirectoryEx")
            << VixOp::CreateDirectoryEx
            << VixRequestBody(CreateDirectoryRequest{0, QStringLiteral("/tmp/d/e"), false});
        QTest::newRow("DeleteDirectoryEx")
            << VixOp::DeleteGuestDirectoryEx
            << VixRequestBody(DeleteDirectoryRequest{0, QStringLiteral("/tmp/d"), true});
        QTest::newRow("MoveGuestFile")
            << VixOp::MoveGuestFile
            << VixRequestBody(MoveRequest{0, QStringLiteral("/a"), QStringLiteral("/b"), true});
        QTest::newRow("MoveGuestFileEx")
            << VixOp::MoveGuestFileEx
            << VixRequestBody(MoveRequest{0, QStringLiteral("/a"), QStringLiteral("/b"), false});
        QTest::newRow("MoveGuestDirectory")
            << VixOp::MoveGuestDirectory
            << VixRequestBody(MoveRequest{0, QStringLiteral("/d1"), QStringLiteral("/d2"), true});
        SetFileAttributesRequest sa;
        sa.fileOptions = VixFileAttrSet::ModifyDate | VixFileAttrSet::UnixPermissions;
        sa.accessTime = -1;
        sa.modificationTime = 1700000000;
        sa.ownerId = 1000;
        sa.groupId = 100;
        sa.permissions = 0644;
        sa.path = QStringLiteral("/tmp/f");
        QTest::newRow("SetGuestFileAttributes")
            << VixOp::SetGuestFileAttributes << VixRequestBody(sa);
        QTest::newRow("CreateTemporaryFileEx")
            << VixOp::CreateTemporaryFileEx
            << VixRequestBody(CreateTempFileRequest{0, QStringLiteral("pre"),
                                                    QStringLiteral(".txt"), QStringLiteral(""),
                                                    QByteArray()});
        QTest::newRow("CreateTemporaryDirectory")
            << VixOp::CreateTemporaryDirectory
            << VixRequestBody(CreateTempFileRequest{0, QStringLiteral(""), QStringLiteral(""),
                                                    QStringLiteral("/tmp"), QByteArray("pl")});
        QTest::newRow("InitiateFileTransferFromGuest")
            << VixOp::InitiateFileTransferFromGuest
            << VixRequestBody(FileTransferFromGuestRequest{0, QStringLiteral("/etc/passwd")});
        QTest::newRow("InitiateFileTransferToGuest")
            << VixOp::InitiateFileTransferToGuest
            << VixRequestBody(FileTransferToGuestRequest{VixFileAttrSet::UnixOwnerId,
                                                         QStringLiteral("/tmp/up"), true});
        QTest::newRow("HgfsSendPacket")
            << VixOp::HgfsSendPacket
            << VixRequestBody(HgfsSendPacketRequest{QByteArray("\x01\x00\xff", 3), 30});
        QTest::newRow("ListFileSystems")
            << VixOp::ListFileSystems << VixRequestBody(ListFileSystemsRequest{0, QByteArray()});
        QTest::newRow("WaitForTools")
            << VixOp::WaitForTools << VixRequestBody(WaitForToolsRequest{60, 0});
        QTest::newRow("AcquireCredentials")
            << VixOp::AcquireCredentials << VixRequestBody(AcquireCredentialsRequest{-5});
        QTest::newRow("GetToolsState") << VixOp::GetToolsState << VixRequestBody(NoBodyRequest{});
        QTest::newRow("ValidateCredentials")
            << VixOp::ValidateCredentials << VixRequestBody(NoBodyRequest{});
        QTest::newRow("ReleaseCredentials")
            << VixOp::ReleaseCredentials << VixRequestBody(NoBodyRequest{});
        QTest::newRow("CheckUserAccount")
            << VixOp::CheckUserAccount << VixRequestBody(NoBodyRequest{});
        QTest::newRow("LogoutInGuest") << VixOp::LogoutInGuest << VixRequestBody(NoBodyRequest{});
        QTest::newRow("ListProcesses") << VixOp::ListProcesses << VixRequestBody(NoBodyRequest{});
        QTest::newRow("ReadRegistry")
            << VixOp::ReadRegistry
            << VixRequestBody(
                   RegistryRequest{QStringLiteral("HKLM\\x"), VixPropertyType::Integer, {}, {}});
        QTest::newRow("WriteRegistry int")
            << VixOp::WriteRegistry
            << VixRequestBody(RegistryRequest{
                   QStringLiteral("HKLM\\x"), VixPropertyType::Integer, QByteArray(4, '\1'), {}});
        QTest::newRow("WriteRegistry string")
            << VixOp::WriteRegistry
            << VixRequestBody(RegistryRequest{
                   QStringLiteral("HKLM\\x"), VixPropertyType::String, {}, QStringLiteral("v")});
        QTest::newRow("CreateRegistryKey")
            << VixOp::CreateRegistryKey
            << VixRequestBody(CreateRegistryKeyRequest{0, QStringLiteral("HKLM\\k"), 64, true,
                                                       QStringLiteral("")});
        QTest::newRow("ListRegistryKeys")
            << VixOp::ListRegistryKeys
            << VixRequestBody(ListRegistryRequest{0, 1, 2, QStringLiteral("HKLM\\k"), 32, true,
                                                  QStringLiteral(".*")});
        QTest::newRow("ListRegistryValues")
            << VixOp::ListRegistryValues
            << VixRequestBody(
                   ListRegistryRequest{0, 0, 0, QStringLiteral("HKLM\\k"), 0, false, QString()});
        QTest::newRow("DeleteRegistryKey")
            << VixOp::DeleteRegistryKey
            << VixRequestBody(DeleteRegistryKeyRequest{0, QStringLiteral("HKLM\\k"), 0, true});
        QTest::newRow("SetRegistryValue")
            << VixOp::SetRegistryValue
            << VixRequestBody(RegistryValueRequest{0, QStringLiteral("HKLM\\k"), 0,
                                                   QStringLiteral("n"), 4, QByteArray(4, '\0')});
        QTest::newRow("DeleteRegistryValue")
            << VixOp::DeleteRegistryValue
            << VixRequestBody(RegistryValueRequest{
                   0, QStringLiteral("HKLM\\k"), 0, QStringLiteral("n"), 0, {}});
    }
    void everyBodyRoundTrips()
    {
        QFETCH(quint32, opCode);
        QFETCH(VixRequestBody, body);
        roundTrip(opCode, body);
    }

    void listFilesPatternRoundTrips()
    {
        ListFilesRequest lf;
        lf.path = QStringLiteral("/tmp");
        lf.pattern = QStringLiteral("^x.*");
        const auto d = ListFilesRequest::decode(lf.encode());
        QVERIFY(d.ok());
        QCOMPARE(d->pattern, lf.pattern);
    }

    void emptyWorkingDirectoryMeansDefault()
    {
        StartProgramRequest sp;
        sp.programPath = QStringLiteral("/bin/true");
        sp.workingDir = QStringLiteral("");
        const auto d = StartProgramRequest::decode(sp.encode());
        QVERIFY(d.ok());
        QVERIFY(d->workingDir.isNull());
    }

    void malformedBodiesGiveVmtoolsdErrors_data()
    {
        QTest::addColumn<quint32>("opCode");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<quint64>("code");
        const quint64 hdr = VixErr::InvalidMessageHeader;
        const quint64 bdy = VixErr::InvalidMessageBody;
        const quint64 arg = VixErr::InvalidArg;
        QTest::newRow("StartProgram short fixed part")
            << VixOp::StartProgram << hex("00 0a000000") << hdr;
        QTest::newRow("StartProgram path past end")
            << VixOp::StartProgram << hex("00 ffffffff 00000000 00000000 00000000 00000000 2f00")
            << bdy;
        QTest::newRow("StartProgram path without NUL")
            << VixOp::StartProgram << hex("00 03000000 00000000 00000000 00000000 00000000 2f6162")
            << bdy;
        QTest::newRow("StartProgram NUL inside path")
            << VixOp::StartProgram
            << hex("00 04000000 00000000 00000000 00000000 00000000 2f006200") << bdy;
        QTest::newRow("StartProgram empty path")
            << VixOp::StartProgram << hex("00 00000000 00000000 00000000 00000000 00000000") << arg;
        QTest::newRow("StartProgram env without =")
            << VixOp::StartProgram
            << hex("00 02000000 00000000 00000000 01000000 04000000 2f00 41424300") << arg;
        QTest::newRow("StartProgram env count over list")
            << VixOp::StartProgram
            << hex("00 02000000 00000000 00000000 03000000 04000000 2f00 413d3100") << bdy;
        QTest::newRow("StartProgram env trailing bytes")
            << VixOp::StartProgram
            << hex("00 02000000 00000000 00000000 01000000 06000000 2f00 413d3100 4200") << bdy;
        QTest::newRow("StartProgram path not UTF-8")
            << VixOp::StartProgram << hex("00 03000000 00000000 00000000 00000000 00000000 c0af00")
            << quint64(VixErr::InvalidUtf8String);
        QTest::newRow("ListProcessesEx pids past end")
            << VixOp::ListProcessesEx << hex("00000000 00000000 ffffffff 0100000000000000") << bdy;
        QTest::newRow("KillProcess truncated") << VixOp::KillProcess << hex("01000000") << hdr;
        QTest::newRow("ReadEnv names past end")
            << VixOp::ReadEnvVariables << hex("01000000 10000000 4100") << bdy;
        QTest::newRow("RunProgram empty program")
            << VixOp::RunProgram << hex("00000000 00000000 00000000 00") << arg;
        QTest::newRow("WriteVariable short fixed is body")
            << VixOp::WriteVariable << hex("03000000") << bdy;
        QTest::newRow("SimpleFile path length near 2^32")
            << VixOp::GetFileInfo << hex("00000000 ffffffff 2f00") << bdy;
        QTest::newRow("SimpleFile empty path")
            << VixOp::DeleteGuestFileEx << hex("00000000 00000000 00") << arg;
        QTest::newRow("SimpleFile no NUL at length")
            << VixOp::GuestFileExists << hex("00000000 01000000 2f2f") << bdy;
        QTest::newRow("ListDirectory offset form truncated")
            << VixOp::ListDirectory << hex("01000000 04000000 0000") << hdr;
        QTest::newRow("ListFiles offset >= MAX_INT32")
            << VixOp::ListFiles
            << hex("00000000 01000000 00000000 00000000 00000000 ffffff7f00000000 2f00") << arg;
        QTest::newRow("ListFiles offset >= maxResults")
            << VixOp::ListFiles
            << hex("00000000 01000000 00000000 00000000 05000000 0500000000000000 2f00") << arg;
        QTest::newRow("ListFiles pattern past end")
            << VixOp::ListFiles
            << hex("00000000 01000000 09000000 00000000 00000000 0000000000000000 2f00 6100")
            << bdy;
        QTest::newRow("Move empty destination")
            << VixOp::MoveGuestFileEx << hex("00000000 01000000 00000000 00000000 01 6100 00")
            << arg;
        QTest::newRow("Move Ex truncated")
            << VixOp::MoveGuestDirectory << hex("00000000 01000000 01000000 00000000") << hdr;
        QTest::newRow("CreateTempFileEx lengths do not add up")
            << VixOp::CreateTemporaryFileEx
            << hex("00000000 00000000 00000000 00000000 00000000 000000 00") << bdy;
        QTest::newRow("CreateTempFileEx short fixed is body")
            << VixOp::CreateTemporaryDirectory << hex("00000000") << bdy;
        QTest::newRow("CreateTempFileEx misplaced NUL")
            << VixOp::CreateTemporaryFileEx
            << hex("00000000 01000000 00000000 00000000 00000000 0000 00 00") << bdy;
        QTest::newRow("TransferToGuest empty path")
            << VixOp::InitiateFileTransferToGuest << hex("00000000 00000000 01 00") << arg;
        QTest::newRow("Hgfs zero size")
            << VixOp::HgfsSendPacket << hex("00000000 00000000") << quint64(VixErr::Fail);
        QTest::newRow("Hgfs packet past end")
            << VixOp::HgfsSendPacket << hex("10000000 00000000 0102") << bdy;
        QTest::newRow("SetAttributes truncated")
            << VixOp::SetGuestFileAttributes << hex("00000000 0000") << hdr;
        QTest::newRow("WaitForTools partial") << VixOp::WaitForTools << hex("3c00") << hdr;
        QTest::newRow("WriteRegistry unknown type")
            << VixOp::WriteRegistry << hex("01000000 09000000 00000000 6100") << arg;
        QTest::newRow("SetRegistryValue data past end")
            << VixOp::SetRegistryValue
            << hex("00000000 00000000 00000000 00000000 00000000 ff000000") << bdy;
    }
    void malformedBodiesGiveVmtoolsdErrors()
    {
        QFETCH(quint32, opCode);
        QFETCH(QByteArray, body);
        QFETCH(quint64, code);
        const DecodeError e = bodyErrorOf(opCode, body);
        QVERIFY2(e.code == code,
                 qPrintable(QStringLiteral("got %1: %2").arg(e.code).arg(e.reason)));
    }

    void unknownOpcodeBodyIsIgnored()
    {
        const auto d =
            decodeVixRequestBody(VixOp::TestUnsupportedToolsOpcode, QByteArray("\xff\xff", 2));
        QVERIFY(d.ok());
        QVERIFY(std::holds_alternative<NoBodyRequest>(d.value()));
    }
};

QTEST_GUILESS_MAIN(TestVixBodies)
#include "tst_vixbodies.moc"
