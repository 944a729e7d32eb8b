package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.OpenFlags;
import java.io.PrintStream;
import java.util.List;

/** {@code qemu-img map [-f fmt] [--output=ofmt] [--start-offset=o] [--max-length=l] [-U] filename}. */
final class ImgMap implements ImgTool.Command {
    /** BDRV_REQUEST_MAX_BYTES: the largest block-status query qemu makes. */
    static final long MAX_REQUEST = 0x7fffffffL & ~511L;

    /** One merged line of the map (MapEntry). */
    private record Entry(long start, long length, int depth, boolean present, boolean zero, boolean data,
                         boolean hasOffset, long offset, String filename) {
        boolean mergeable(Entry next) {
            return start + length == next.start && depth == next.depth && present == next.present
                    && zero == next.zero && data == next.data && hasOffset == next.hasOffset
                    && (!hasOffset || (offset + length == next.offset && filename.equals(next.filename)));
        }

        Entry extend(Entry next) {
            return new Entry(start, length + next.length, depth, present, zero, data, hasOffset, offset, filename);
        }
    }

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":f:hU", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("format", true, 'f'),
                new GetOpt.LongOpt("output", true, ImgOptions.OPTION_OUTPUT),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U'),
                new GetOpt.LongOpt("start-offset", true, 's'),
                new GetOpt.LongOpt("max-length", true, 'l')));
        String fmt = null;
        String output = null;
        boolean imageOpts = false;
        boolean forceShare = false;
        long start = 0;
        long maxLength = -1;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_OUTPUT -> output = g.optarg();
                case 's' -> start = ImgOptions.size(env, g.optarg(), "start offset");
                case 'l' -> maxLength = ImgOptions.size(env, g.optarg(), "max length");
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 1) {
            throw ImgError.usage("Expecting one image file name");
        }
        String filename = ops.get(0);
        boolean json = output != null && ImgOptions.outputJson(output);
        OpenFlags flags = OpenFlags.readOnly().withForceShare(forceShare);
        try (BlockNode node = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
            return map(env, node, start, maxLength, json);
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private int map(ImgEnv env, BlockNode node, long start, long maxLength, boolean json)
            throws BlockException, ImgError {
        long length = ImageInfoData.sectorLength(node);
        if (maxLength >= 0 && maxLength < length - start) {
            length = start + maxLength;
        }
        StringBuilder sb = new StringBuilder();
        if (json) {
            sb.append('[');
        } else {
            sb.append(String.format("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File"));
        }
        Entry cur = null;
        boolean first = true;
        int rc = 0;
        for (long off = start; off < length; ) {
            long n = Math.min(length - off, MAX_REQUEST);
            ChainStatus.Extent e;
            try {
                e = ChainStatus.above(node, off, n);
            } catch (BlockException ex) {
                env.out().print(sb);
                sb.setLength(0);
                env.report("Could not read file metadata: " + ex.errno().text());
                rc = 1;
                break;
            }
            boolean hasOffset = e.offsetValid();
            Entry next = new Entry(off, e.bytes(), e.depth(), e.allocated(), e.zero(), e.data(), hasOffset,
                    hasOffset ? e.mapOffset() : 0, hasOffset ? e.file().filename() : null);
            off += e.bytes();
            if (cur != null && cur.mergeable(next)) {
                cur = cur.extend(next);
                continue;
            }
            if (cur != null) {
                if (!dump(env, sb, cur, json, first)) {
                    return 1;
                }
                first = false;
            }
            cur = next;
        }
        if (cur == null && rc == 0) {
            // an empty range still yields one (empty, unallocated) extent, as in qemu-img
            cur = new Entry(start, 0, 0, false, false, false, false, 0, null);
        }
        if (cur != null && rc == 0) {
            if (!dump(env, sb, cur, json, first)) {
                return 1;
            }
        }
        if (json) {
            sb.append("]\n");
        }
        printAll(env.out(), sb);
        return rc;
    }

    /**
     * {@code out.print(sb)} encoded in one step: PrintStream's writer path inflates the text to
     * chars and encodes it back in 8 KiB pieces, ~10 % of a 2048-extent map run's main thread
     * (same bytes, same flushing: both flush on an autoflush stream and buffer otherwise).
     */
    static void printAll(PrintStream out, CharSequence sb) {
        byte[] b = sb.toString().getBytes(out.charset());
        out.write(b, 0, b.length);
    }

    private boolean dump(ImgEnv env, StringBuilder sb, Entry e, boolean json, boolean first) {
        if (json) {
            if (!first) {
                sb.append(",\n");
            }
            sb.append("{ \"start\": ").append(e.start).append(", \"length\": ").append(e.length)
                    .append(", \"depth\": ").append(e.depth)
                    .append(", \"present\": ").append(e.present)
                    .append(", \"zero\": ").append(e.zero)
                    .append(", \"data\": ").append(e.data);
            if (e.hasOffset) {
                sb.append(", \"offset\": ").append(e.offset);
            }
            sb.append('}');
            return true;
        }
        if (e.data && !e.hasOffset) {
            env.out().print(sb);
            sb.setLength(0);
            env.report("File contains external, encrypted or compressed clusters.");
            return false;
        }
        if (e.data && !e.zero) {
            sb.append(String.format("%-16s%-16s%-16s%s\n", hex(e.start), hex(e.length), hex(e.offset), e.filename));
        }
        return true;
    }

    /** printf("%#x"): 0 stays "0". */
    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
