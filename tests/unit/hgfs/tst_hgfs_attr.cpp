// GETATTR/SETATTR V2 and V3: the 104-byte HgfsAttrV2, requests by name and by
// handle, and replies, through whole packets in both header forms
// (open-vm-tools lib/include/hgfsProto.h).
#include "HgfsTestSupport.h"
#include "hgfs/codec/HgfsWireReader.h"
#include "hgfs/codec/HgfsWireWriter.h"

#include <QtTest>

using namespace gk::hgfs;
using namespace gk::hgfs::test;

class TstHgfsAttr : public QObject
{
    Q_OBJECT

private slots:
    void attrIs104PackedBytes()
    {
        HgfsWireWriter w;
        sampleAttr().write(w);
        QCOMPARE(w.size(), qsizetype(HgfsAttr::kSize));
        HgfsWireReader r(w.data());
        HgfsAttr back;
        QVERIFY(back.read(r));
        QCOMPARE(back, sampleAttr());
        // mask at 0, type at 8, size at 12, perms at 52..55, userId at 72
        QCOMPARE(w.data().mid(12, 8).toHex(), QByteArray("8967452301000000"));
        QCOMPARE(w.data().mid(52, 4).toHex(), QByteArray("01070504"));
        QCOMPARE(w.data().mid(72, 4).toHex(), QByteArray("e8030000"));
    }

    void getattrRoundTripsByNameAndByHandle()
    {
        for (HgfsOp op : {HgfsOp::GetattrV2, HgfsOp::GetattrV3}) {
            for (HgfsHeaderForm form : kBothForms) {
                HgfsGetattrRequest byName;
                byName.op = opValue(op);
                byName.file.components = QStringList{"root", "home", "u", "file.bin"};
                QCOMPARE(roundTrip<HgfsGetattrRequest>(form, op, byName.encode()), byName);

                HgfsGetattrRequest byHandle;
                byHandle.op = opValue(op);
                byHandle.hints = kAttrHintUseFileDesc;
                byHandle.file.useHandle = true;
                byHandle.file.handle = 17;
                QCOMPARE(roundTrip<HgfsGetattrRequest>(form, op, byHandle.encode()), byHandle);

                HgfsGetattrReply rep{sampleAttr(), QStringLiteral("/etc/target")};
                auto back = HgfsGetattrReply::decode(
                    opValue(op), replyRoundTrip(form, op, rep.encode(opValue(op))));
                QVERIFY(back.ok());
                QCOMPARE(back.value, rep);
            }
        }
        // HgfsReplyGetattrV2: attr + name length + NUL; V3 adds reserved and 12 bytes of name.
        QCOMPARE(HgfsGetattrReply{}.encode(opValue(HgfsOp::GetattrV2)).size(), 104 + 4 + 1);
        QCOMPARE(HgfsGetattrReply{}.encode(opValue(HgfsOp::GetattrV3)).size(), 104 + 8 + 16 + 1);
    }

    void getattrV2WithDotDotIsInvalidName()
    {
        HgfsGetattrRequest q;
        q.op = opValue(HgfsOp::GetattrV2);
        q.file.components = QStringList{"root", ".."};
        QCOMPARE(HgfsGetattrRequest::decode(q.op, q.encode()).status, HgfsStatus::InvalidName);
        QCOMPARE(HgfsGetattrRequest::decode(q.op, q.encode().left(10)).status,
                 HgfsStatus::ProtocolError);
    }

    void setattrRoundTripsByNameAndByHandle()
    {
        for (HgfsOp op : {HgfsOp::SetattrV2, HgfsOp::SetattrV3}) {
            for (HgfsHeaderForm form : kBothForms) {
                HgfsSetattrRequest q;
                q.op = opValue(op);
                q.hints = kAttrHintSetWriteTime;
                q.attr = sampleAttr();
                q.file.components = QStringList{"root", "tmp", "up.txt"};
                QCOMPARE(roundTrip<HgfsSetattrRequest>(form, op, q.encode()), q);

                q.hints |= kAttrHintUseFileDesc;
                q.file = HgfsFileRef{true, 8, {}, HgfsCaseType::Default};
                QCOMPARE(roundTrip<HgfsSetattrRequest>(form, op, q.encode()), q);

                const QByteArray body = HgfsSetattrReply::encode(opValue(op));
                QCOMPARE(replyRoundTrip(form, op, body), body);
            }
        }
        QCOMPARE(HgfsSetattrReply::encode(opValue(HgfsOp::SetattrV2)), QByteArray());
        QCOMPARE(HgfsSetattrReply::encode(opValue(HgfsOp::SetattrV3)), QByteArray(8, '\0'));
        HgfsSetattrRequest q;
        q.file.components = QStringList{"root", "x"};
        QCOMPARE(HgfsSetattrRequest::decode(q.op, q.encode().left(100)).status,
                 HgfsStatus::ProtocolError);
    }
};

QTEST_GUILESS_MAIN(TstHgfsAttr)
#include "tst_hgfs_attr.moc"
