// The Windows guestkitd (the real guestkitd.exe, under Wine in CI) connected
// to the simulated VMX with --channel sim:tcp:127.0.0.1:PORT: the handshake,
// ping, a guest program run through VIX with its exit code, a file upload
// and download over HGFS, ListFiles, and a registry key round trip.
// auth=none, because Wine has no real logon (docs/windows.md).
#include "BuildPaths.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixRegistryRequests.h"
#include "vix/codec/VixResultXml.h"
#include "vix/codec/VixTransferRequests.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/HgfsClient.h"
#include "vmx/VixClient.h"
#include "vmx/VixFileClient.h"
#include "vmx/VmxSimulator.h"

#include <QBuffer>
#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtEndian>
#include <QtTest>

using namespace gk;
using namespace gk::vix;

class TestWineGuestkitd : public QObject
{
    Q_OBJECT
    vmx::VmxSimulator m_sim;
    vmx::DaemonLauncher m_daemon;

    // The test runs under the same Wine prefix as the daemon: its temporary
    // directory is a Windows path the daemon can reach.
    QTemporaryDir m_files;

    vmx::VixClient client()
    {
        return vmx::VixClient(m_sim, {QStringLiteral("any"), QStringLiteral("any"), {}});
    }
    QString guestPath(const QString &name) const
    {
        return QDir::toNativeSeparators(m_files.filePath(name));
    }
    static QString describe(const vmx::VixCallResult &r)
    {
        return r.problem + QStringLiteral(" VIX error ") + QString::number(quint64(r.reply.error));
    }
    static QByteArray u32le(quint32 n)
    {
        QByteArray b(4, '\0');
        qToLittleEndian(n, b.data());
        return b;
    }

private slots:
    void initTestCase()
    {
        QString why;
        const auto endpoint =
            channel::ChannelEndpoint::parse(QStringLiteral("sim:tcp:127.0.0.1:0"), &why);
        QVERIFY2(endpoint && m_sim.listen(*endpoint, &why), qPrintable(why));
        QVERIFY(m_sim.endpoint().port != 0);
        QVERIFY2(m_daemon.start(gk::test::guestkitdPath(), m_sim.endpoint(),
                                "[logging]\nsyslog = false\n[auth]\nmode = none\n",
                                QStringLiteral("warning"), &why),
                 qPrintable(why));
        // Wine starts a process in about a second; a cold prefix takes longer.
        QVERIFY2(m_sim.waitForGuest(120000), "guestkitd.exe did not connect");
    }

    void init() { QVERIFY(m_files.isValid()); }

    void handshakeAnnouncesTheToolsAndPingAnswers()
    {
        QVERIFY(m_sim.waitForRpci("tools.capability.features", 30000));
        QVERIFY(!m_sim.resetReply().isEmpty());
        QCOMPARE(m_sim.call("ping", 10000).reply, QByteArray("OK "));
    }

    void startProgramReportsTheExitCodeOfCmd()
    {
        vmx::VixClient c = client();
        StartProgramRequest req;
        req.programPath = QStringLiteral("C:\\windows\\system32\\cmd.exe");
        req.arguments = QStringLiteral("/c exit 3");
        const vmx::VixCallResult r = c.call(VixOp::StartProgram, req.encode());
        QVERIFY2(r.ok(), qPrintable(r.problem + QString::number(quint64(r.reply.error))));
        const qint64 pid = r.reply.result.toLongLong();
        QVERIFY(pid > 0);
        std::optional<vmx::GuestProcess> ended;
        for (int i = 0; i < 400 && !ended; ++i) {
            QList<vmx::GuestProcess> procs;
            QVERIFY(vmx::listProcessesEx(c, {quint64(pid)}, &procs).ok());
            QCOMPARE(procs.size(), 1);
            if (procs.first().exitTime != 0)
                ended = procs.first();
            else
                QTest::qWait(50);
        }
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 3);
        QVERIFY((ended->name + ended->cmd).contains(QStringLiteral("cmd"), Qt::CaseInsensitive));
    }

    void processListShowsTheDaemonItself()
    {
        vmx::VixClient c = client();
        QList<vmx::GuestProcess> procs;
        QVERIFY(vmx::listProcessesEx(c, {}, &procs).ok());
        bool found = false;
        for (const vmx::GuestProcess &p : procs)
            found = found ||
                    (p.name + p.cmd).contains(QStringLiteral("guestkitd.exe"), Qt::CaseInsensitive);
        QVERIFY(found);
        QCOMPARE(m_sim.call("ping", 10000).reply, QByteArray("OK "));
    }

    void fileUploadAndDownloadRoundTripOverHgfs()
    {
        QByteArray data(300 * 1024 + 17, '\0');
        for (int i = 0; i < data.size(); ++i)
            data[i] = char(i * 7 + i / 251);
        const QString remote = guestPath(QStringLiteral("uploaded.bin"));

        vmx::VixClient c = client();
        FileTransferToGuestRequest to;
        to.path = remote;
        to.overwrite = false;
        const vmx::VixCallResult started = c.call(VixOp::InitiateFileTransferToGuest, to.encode());
        QVERIFY2(started.ok(), qPrintable(describe(started)));
        QBuffer source;
        source.setData(data);
        QVERIFY(source.open(QIODevice::ReadOnly));
        vmx::HgfsClient up(vmx::hgfsOverVix(c));
        const vmx::HgfsOutcome sent = up.upload(source, data.size(), remote, false);
        QVERIFY2(sent.ok(), qPrintable(sent.message()));

        // The daemon wrote the file where the test can see it.
        QFile written(m_files.filePath(QStringLiteral("uploaded.bin")));
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), data);

        FileTransferFromGuestRequest from;
        from.path = remote;
        const vmx::VixCallResult back = c.call(VixOp::InitiateFileTransferFromGuest, from.encode());
        QVERIFY2(back.ok(), qPrintable(describe(back)));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        vmx::HgfsClient down(vmx::hgfsOverVix(c));
        const vmx::HgfsOutcome got = down.download(remote, sink);
        QVERIFY2(got.ok(), qPrintable(got.message()));
        QCOMPARE(sink.data(), data);

        // Without overwrite a second upload to the same name is refused.
        FileTransferToGuestRequest again = to;
        QCOMPARE(c.call(VixOp::InitiateFileTransferToGuest, again.encode()).reply.error,
                 VixErr::FileAlreadyExists);
    }

    void listFilesShowsTheDirectory()
    {
        for (const char *name : {"alpha.txt", "beta.txt", "gamma.log"}) {
            QFile f(m_files.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(name);
        }
        QVERIFY(QDir(m_files.path()).mkdir(QStringLiteral("sub")));
        vmx::VixClient c = client();
        QList<vmx::GuestFileEntry> entries;
        const vmx::VixCallResult r = vmx::listGuestFiles(
            c, QDir::toNativeSeparators(m_files.path()), QString(), 100, &entries);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QMap<QByteArray, vmx::GuestFileEntry> byName;
        QByteArrayList names;
        for (const vmx::GuestFileEntry &e : entries) {
            byName.insert(e.name, e);
            names.append(e.name);
        }
        QVERIFY2(byName.contains("alpha.txt") && byName.contains("beta.txt") &&
                     byName.contains("gamma.log") && byName.contains("sub"),
                 names.join(' ').constData());
        QCOMPARE(byName.value("gamma.log").size, quint64(9));
        QVERIFY(byName.value("sub").flags & VixFileAttr::Directory);
        QVERIFY(!(byName.value("alpha.txt").flags & VixFileAttr::Directory));

        // The pattern filters (a regular expression, as in vmtoolsd).
        QList<vmx::GuestFileEntry> logs;
        QVERIFY(vmx::listGuestFiles(c, QDir::toNativeSeparators(m_files.path()),
                                    QStringLiteral("\\.log$"), 100, &logs)
                    .ok());
        QCOMPARE(logs.size(), 1);
        QCOMPARE(logs.first().name, QByteArray("gamma.log"));
    }

    void registryKeyRoundTrip()
    {
        const QString key =
            QStringLiteral("HKEY_CURRENT_USER\\Software\\guestkit-test-%1")
                .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        vmx::VixClient c = client();

        CreateRegistryKeyRequest create;
        create.path = key;
        vmx::VixCallResult r = c.call(VixOp::CreateRegistryKey, create.encode());
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(c.call(VixOp::CreateRegistryKey, create.encode()).reply.error,
                 VixErr::RegKeyAlreadyExists);

        RegistryValueRequest setText;
        setText.path = key;
        setText.name = QStringLiteral("greeting");
        setText.dataBlobType = 1; // REG_SZ
        setText.data = QByteArray("hello, registry");
        r = c.call(VixOp::SetRegistryValue, setText.encode(true));
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        RegistryValueRequest setNumber = setText;
        setNumber.name = QStringLiteral("answer");
        setNumber.dataBlobType = 4; // REG_DWORD
        setNumber.data = u32le(42);
        r = c.call(VixOp::SetRegistryValue, setNumber.encode(true));
        QVERIFY2(r.ok(), qPrintable(describe(r)));

        ListRegistryRequest list;
        list.path = key;
        r = c.call(VixOp::ListRegistryValues, list.encode());
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        const QByteArray values = r.reply.result;
        QVERIFY2(values.contains("<rv><name>greeting</name><type>1</type>"
                                 "<data>hello, registry</data></rv>"),
                 values.constData());
        QVERIFY2(values.contains("<rv><name>answer</name><type>4</type><data>42</data></rv>"),
                 values.constData());
        list.matchPattern = QStringLiteral("^ans");
        r = c.call(VixOp::ListRegistryValues, list.encode());
        QVERIFY(r.ok());
        QVERIFY(r.reply.result.contains("answer") && !r.reply.result.contains("greeting"));

        // The old form reads the same value.
        RegistryRequest read;
        read.keyPath = key + QStringLiteral("\\answer");
        read.expectedType = VixPropertyType::Integer;
        r = c.call(VixOp::ReadRegistry, read.encode(false));
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.reply.result, QByteArray("42"));

        RegistryValueRequest del;
        del.path = key;
        del.name = QStringLiteral("answer");
        r = c.call(VixOp::DeleteRegistryValue, del.encode(false));
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(c.call(VixOp::DeleteRegistryValue, del.encode(false)).reply.error,
                 VixErr::RegValueNotFound);

        // A key with a subkey is deleted only recursively.
        CreateRegistryKeyRequest child = create;
        child.path = key + QStringLiteral("\\child");
        QVERIFY(c.call(VixOp::CreateRegistryKey, child.encode()).ok());
        ListRegistryRequest keys;
        keys.path = key;
        r = c.call(VixOp::ListRegistryKeys, keys.encode());
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QVERIFY2(r.reply.result.contains("<path>" + VixXml::escape(child.path) + "</path>"),
                 r.reply.result.constData());
        DeleteRegistryKeyRequest drop;
        drop.path = key;
        QCOMPARE(c.call(VixOp::DeleteRegistryKey, drop.encode()).reply.error,
                 VixErr::RegKeyHasSubkeys);
        drop.recursive = true;
        r = c.call(VixOp::DeleteRegistryKey, drop.encode());
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        r = c.call(VixOp::ListRegistryValues, list.encode());
        QCOMPARE(r.reply.error, VixErr::RegKeyInvalid);
    }
};

QTEST_GUILESS_MAIN(TestWineGuestkitd)
#include "tst_wine_guestkitd.moc"
