package io.jiotests.engine.formats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random qemu-io command sequences for the differential write properties of the format drivers:
 * writes, zero writes, discards, pattern reads, dumps, allocation queries, vectored and aio requests
 * and a format's fixed commands, drawn from the offsets and lengths a test gives (inside the image,
 * on its block boundaries and around its end) with the weights it gives.
 */
public final class QemuIoSequences {
    /** The kinds of command a sequence is drawn from. */
    public enum Kind { WRITE, ZERO, DISCARD, READ, DUMP, ALLOC, WRITEV, READV, AIO, FIXED }

    private final Arbitrary<Long> off;
    private final Arbitrary<Long> len;
    private final Map<Kind, Integer> weights = new EnumMap<>(Kind.class);
    private final List<Tuple.Tuple2<Integer, Arbitrary<String>>> extra = new ArrayList<>();
    private List<String> fixed = List.of("map", "length", "flush");
    private int minPattern = 1;
    private long dumpMax = 40;

    private QemuIoSequences(Arbitrary<Long> off, Arbitrary<Long> len) {
        this.off = off;
        this.len = len;
    }

    /** Sequences over these offsets and lengths; every kind starts with weight 0. */
    public static QemuIoSequences over(Arbitrary<Long> offsets, Arbitrary<Long> lengths) {
        return new QemuIoSequences(offsets, lengths);
    }

    /**
     * Offsets anywhere in an image of {@code size} bytes, on its sectors, on {@code boundaries}
     * (a test's block or table edges) and from {@code before} bytes before its end to {@code after}
     * bytes past it (errors must match too).
     */
    public static Arbitrary<Long> offsets(long size, Arbitrary<Long> boundaries, long before, long after) {
        List<Arbitrary<Long>> all = new ArrayList<>(List.of(
                Arbitraries.longs().between(0, size),
                Arbitraries.longs().between(0, size / 512).map(s -> s * 512),
                Arbitraries.longs().between(Math.max(0, size - before), size + after)));
        if (boundaries != null) {
            all.add(2, boundaries);
        }
        return Arbitraries.oneOf(all);
    }

    /** Lengths: small ones up to 9000 bytes, up to {@code units} whole {@code unit}s, and the given big ones. */
    public static Arbitrary<Long> lengths(long unit, int units, Long... big) {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 9000),
                Arbitraries.longs().between(1, units).map(n -> n * unit), Arbitraries.of(big));
    }

    /**
     * The command mix of the format write property tests: writes 8, zero writes 3, discards 2,
     * reads 4, allocation queries 2, writev 2, aio writes 1 and fixed commands 1 (map, length,
     * flush, a compressed write and a truncate to 8 MiB).
     */
    public QemuIoSequences formatWriteMix() {
        return weight(Kind.WRITE, 8).weight(Kind.ZERO, 3).weight(Kind.DISCARD, 2).weight(Kind.READ, 4)
                .weight(Kind.ALLOC, 2).weight(Kind.WRITEV, 2).weight(Kind.AIO, 1).weight(Kind.FIXED, 1)
                .fixed("map", "length", "flush", "write -c 0 512", "truncate 8M");
    }

    public QemuIoSequences weight(Kind kind, int weight) {
        weights.put(kind, weight);
        return this;
    }

    /** The commands FIXED draws from (qemu-io commands without random arguments). */
    public QemuIoSequences fixed(String... commands) {
        fixed = List.of(commands);
        return this;
    }

    /** A format-specific command kind with its weight. */
    public QemuIoSequences with(int weight, Arbitrary<String> commands) {
        extra.add(Tuple.of(weight, commands));
        return this;
    }

    public QemuIoSequences patternsFrom(int first) {
        minPattern = first;
        return this;
    }

    public QemuIoSequences dumpsUpTo(long bytes) {
        dumpMax = bytes;
        return this;
    }

    /** Lists of 1 to {@code maxSize} commands; an aio write comes with its aio_flush on a second line. */
    public Arbitrary<List<String>> lists(int maxSize) {
        Arbitrary<Integer> pat = Arbitraries.integers().between(minPattern, 255);
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> choices = new ArrayList<>();
        for (Map.Entry<Kind, Integer> e : weights.entrySet()) {
            if (e.getValue() > 0) {
                choices.add(Tuple.of(e.getValue(), commands(e.getKey(), pat)));
            }
        }
        choices.addAll(extra);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Tuple.Tuple2<Integer, Arbitrary<? extends String>>[] all = choices.toArray(new Tuple.Tuple2[0]);
        return Arbitraries.frequencyOf(all).list().ofMinSize(1).ofMaxSize(maxSize);
    }

    private Arbitrary<String> commands(Kind kind, Arbitrary<Integer> pat) {
        return switch (kind) {
            case WRITE -> Combinators.combine(pat, off, len).as((p, o, l) -> "write -P " + p + " " + o + " " + l);
            case ZERO -> Combinators.combine(Arbitraries.of("", "-u "), off, len)
                    .as((u, o, l) -> "write -z " + u + o + " " + l);
            case DISCARD -> Combinators.combine(off, len).as((o, l) -> "discard " + o + " " + l);
            case READ -> Combinators.combine(pat, off, len).as((p, o, l) -> "read -P " + p + " " + o + " " + l);
            case DUMP -> Combinators.combine(off, Arbitraries.longs().between(0, dumpMax))
                    .as((o, l) -> "read -v " + o + " " + l);
            case ALLOC -> Combinators.combine(off, len).as((o, l) -> "alloc " + o + " " + l);
            case WRITEV -> Combinators.combine(pat, off, len, len)
                    .as((p, o, a, b) -> "writev -P " + p + " " + o + " " + a + " " + b);
            case READV -> Combinators.combine(pat, off, len, len)
                    .as((p, o, a, b) -> "readv -P " + p + " " + o + " " + a + " " + b);
            case AIO -> Combinators.combine(pat, off, len)
                    .as((p, o, l) -> "aio_write -P " + p + " " + o + " " + l + "\naio_flush");
            case FIXED -> Arbitraries.of(fixed);
        };
    }
}
