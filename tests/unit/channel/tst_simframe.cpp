// The sim channel framing (../shared/spec/sim-channel.md): length-prefixed
// frames, decoded incrementally whatever the read boundaries, capped at 4 MiB.
#include "channel/SimFrameCodec.h"

#include <QtTest>

#include <algorithm>
#include <cstring>

using gk::channel::encodeSimFrame;
using gk::channel::kSimMaxFrame;
using gk::channel::SimFrameDecoder;

class TstSimFrame : public QObject
{
    Q_OBJECT

private:
    static QList<QByteArray> drain(SimFrameDecoder &d)
    {
        QList<QByteArray> frames;
        while (auto f = d.next())
            frames.append(*f);
        return frames;
    }

private slots:
    void encodePrefixesBigEndianLength()
    {
        QCOMPARE(encodeSimFrame("ping"), QByteArray("\x00\x00\x00\x04ping", 8));
        QCOMPARE(encodeSimFrame(QByteArray()), QByteArray(4, '\0'));
        const QByteArray big(0x01020304 & 0xffff, 'x');
        QCOMPARE(encodeSimFrame(big).left(4), QByteArray("\x00\x00\x03\x04", 4));
    }

    void decodesFrameFedByteByByte()
    {
        const QByteArray wire = encodeSimFrame(QByteArray("OK \x00\xff binary", 12));
        SimFrameDecoder d;
        for (qsizetype i = 0; i < wire.size() - 1; ++i) {
            d.feed(wire.mid(i, 1));
            QVERIFY2(!d.next(), "a frame came out before its last byte");
        }
        d.feed(wire.right(1));
        const auto frame = d.next();
        QVERIFY(frame);
        QCOMPARE(*frame, QByteArray("OK \x00\xff binary", 12));
        QVERIFY(!d.next());
        QCOMPARE(d.pending(), 0);
    }

    void decodesFramesSplitAcrossReads()
    {
        const QByteArray wire = encodeSimFrame("reset") + encodeSimFrame("ping") +
                                encodeSimFrame("Set_Option broadcastIP 1");
        // Every split point of the stream into two reads gives the same frames.
        for (qsizetype cut = 0; cut <= wire.size(); ++cut) {
            SimFrameDecoder d;
            d.feed(wire.left(cut));
            QList<QByteArray> frames = drain(d);
            d.feed(wire.mid(cut));
            frames += drain(d);
            QCOMPARE(frames, (QList<QByteArray>{"reset", "ping", "Set_Option broadcastIP 1"}));
        }
    }

    void decodesSeveralFramesFromOneRead()
    {
        QByteArray wire;
        QList<QByteArray> expected;
        for (int i = 0; i < 100; ++i) {
            expected.append(QByteArray::number(i).repeated(i));
            wire += encodeSimFrame(expected.last());
        }
        SimFrameDecoder d;
        d.feed(wire);
        QCOMPARE(drain(d), expected);
        QVERIFY(!d.failed());
    }

    void decodesZeroLengthFrame()
    {
        SimFrameDecoder d;
        d.feed(encodeSimFrame({}) + encodeSimFrame("x"));
        auto first = d.next();
        QVERIFY(first);
        QVERIFY(first->isEmpty());
        QCOMPARE(*d.next(), QByteArray("x"));
    }

    void acceptsFrameOfExactlyFourMiB()
    {
        QByteArray payload(kSimMaxFrame, 'a');
        payload[int(kSimMaxFrame - 1)] = 'z';
        SimFrameDecoder d;
        d.feed(encodeSimFrame(payload));
        const auto frame = d.next();
        QVERIFY(frame);
        QCOMPARE(frame->size(), kSimMaxFrame);
        QCOMPARE(frame->back(), 'z');
        QVERIFY(!d.failed());
    }

    void rejectsLengthOverFourMiBFromHeaderAlone()
    {
        SimFrameDecoder d;
        QByteArray header(4, '\0');
        qToBigEndian<quint32>(quint32(kSimMaxFrame + 1), header.data());
        d.feed(header); // no payload needed: the header alone is the protocol error
        QVERIFY(!d.next());
        QVERIFY(d.failed());
        QVERIFY(d.error().contains(QLatin1String("4 MiB")));
        // Once failed, nothing more comes out, even a valid frame.
        d.feed(encodeSimFrame("ping"));
        QVERIFY(!d.next());
        QVERIFY(d.failed());
    }

    void rejectsMaximumLengthHeader()
    {
        SimFrameDecoder d;
        d.feed(QByteArray("\xff\xff\xff\xff", 4));
        QVERIFY(!d.next());
        QVERIFY(d.failed());
    }

    void validFramesBeforeOversizedOneStillComeOut()
    {
        SimFrameDecoder d;
        d.feed(encodeSimFrame("ping") + QByteArray("\x7f\x00\x00\x00", 4));
        QCOMPARE(*d.next(), QByteArray("ping"));
        QVERIFY(!d.next());
        QVERIFY(d.failed());
    }

    void readerWritesStraightIntoTheRecord()
    {
        // What StreamTransport does: read at most wanted() bytes into space().
        SimFrameDecoder d;
        const QByteArray stream =
            encodeSimFrame(QByteArray(70000, 'a')) + encodeSimFrame({}) + encodeSimFrame("tail");
        qsizetype at = 0;
        int step = 1;
        while (at < stream.size()) {
            QVERIFY(d.wanted() > 0);
            const qsizetype n = std::min({d.wanted(), qsizetype(step), stream.size() - at});
            std::memcpy(d.space(), stream.constData() + at, size_t(n));
            d.commit(n);
            at += n;
            step = step * 3 % 9001 + 1; // odd sizes across prefix and payload
            QCOMPARE(d.pending(), at);  // prefixes included
        }
        QCOMPARE(d.pending(), stream.size());
        const QList<QByteArray> frames = drain(d);
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames.at(0), QByteArray(70000, 'a'));
        QCOMPARE(frames.at(1), QByteArray());
        QCOMPARE(frames.at(2), QByteArray("tail"));
        QCOMPARE(d.pending(), 0);
        QCOMPARE(d.wanted(), 4); // the next prefix
    }

    void longStreamOfHalfFramesDecodesEveryFrame()
    {
        SimFrameDecoder d;
        const QByteArray frame = encodeSimFrame(QByteArray(1000, 'p'));
        for (int i = 0; i < 10000; ++i) {
            // Half a frame is always left behind, so the buffer never empties fully.
            d.feed(frame.left(500));
            while (d.next()) {
            }
            d.feed(frame.mid(500));
            QVERIFY(d.next());
        }
        QCOMPARE(d.pending(), 0);
    }
};

QTEST_GUILESS_MAIN(TstSimFrame)
#include "tst_simframe.moc"
