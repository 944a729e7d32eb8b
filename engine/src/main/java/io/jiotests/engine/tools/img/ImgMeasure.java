package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockStatus;
import io.jiotests.engine.block.BlockStatusQuery;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qemu-img measure [--output=ofmt] [-O fmt] [-o options] [--size N | [-f fmt] filename]}: the
 * space a new image needs, with qcow2's metadata accounting (header, L1/L2 tables, refcount
 * structures) as documented for the qcow2 format.
 */
final class ImgMeasure implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, "hf:l:o:O:U", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("output", true, ImgOptions.OPTION_OUTPUT),
                new GetOpt.LongOpt("size", true, ImgOptions.OPTION_SIZE),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt = null;
        String outFmt = "raw";
        String options = null;
        SnapshotParam snapshot = null;
        String output = null;
        long size = -1;
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'l' -> snapshot = SnapshotParam.parse(env, g.optarg());
                case 'o' -> options = CreateOpts.accumulate(options, g.optarg());
                case 'O' -> outFmt = g.optarg();
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_OUTPUT -> output = g.optarg();
                case ImgOptions.OPTION_SIZE -> {
                    SizeArg.Result r = SizeArg.parse(g.optarg());
                    if (r.invalid()) {
                        throw ImgError.report(ImgOptions.SIZE_SUFFIX_ERROR.replace("%s", "image size"));
                    }
                    if (r.asLong() < 0) {
                        throw ImgError.report("Invalid image size specified. Must be between 0 and 9223372036854775807.");
                    }
                    size = r.asLong();
                }
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                case GetOpt.UNKNOWN, GetOpt.MISSING -> {
                    // measure's option string has no leading ':': getopt complains, then help
                    env.err().print(g.gnuMessage(c) + "\n");
                    throw new HelpRequested();
                }
                default -> ImgOptions.common(env, g, c);
            }
        }
        List<String> ops = g.operands();
        String filename = ops.isEmpty() ? null : ops.get(ops.size() - 1);
        if (ops.size() > 1) {
            throw ImgError.report("At most one filename argument is allowed.");
        }
        if (filename == null && (imageOpts || fmt != null || snapshot != null)) {
            throw ImgError.report("--image-opts, -f, and -l require a filename argument.");
        }
        if (filename == null && size < 0) {
            throw ImgError.report("Either --size N or one filename must be specified.");
        }
        if (filename != null && size >= 0) {
            throw ImgError.report("--size N cannot be used together with a filename.");
        }
        boolean json = output != null && ImgOptions.outputJson(output);
        BlockDriver drv = env.registry().find(outFmt);
        if (drv == null) {
            throw ImgError.report("Unknown file format '" + outFmt + "'");
        }
        if (!drv.supportsCreate()) {
            throw ImgError.report("Format driver '" + outFmt + "' does not support image creation");
        }
        OptionValues values = CreateOpts.parse(options, drv.createOptions(), new OptionValues());
        if (!outFmt.equals("raw") && !outFmt.equals("qcow2")) {
            throw ImgError.report("Block driver '" + outFmt + "' does not support size measurement");
        }
        Map<String, Object> info;
        if (filename != null) {
            OpenFlags flags = OpenFlags.readOnly().withForceShare(forceShare);
            try (BlockNode src = ImageOpener.openOrFail(env, filename, fmt, imageOpts, flags)) {
                if (snapshot != null) {
                    snapshot.load(src);
                }
                info = measure(outFmt, values, src, ImageInfoData.sectorLength(src));
            } catch (BlockException e) {
                throw ImgError.report(e.getMessage());
            }
        } else {
            info = measure(outFmt, values, null, size);
        }
        if (json) {
            env.out().print(QJson.pretty(info) + "\n");
        } else {
            StringBuilder sb = new StringBuilder();
            sb.append("required size: ").append(info.get("required")).append('\n');
            sb.append("fully allocated size: ").append(info.get("fully-allocated")).append('\n');
            if (info.containsKey("bitmaps")) {
                sb.append("bitmaps size: ").append(info.get("bitmaps")).append('\n');
            }
            env.out().print(sb);
        }
        return 0;
    }

    private static Map<String, Object> measure(String outFmt, OptionValues opts, BlockNode src, long size)
            throws BlockException, ImgError {
        Map<String, Object> m = new LinkedHashMap<>();
        String prealloc = opts.get("preallocation", "off");
        if (outFmt.equals("raw")) {
            long n = (size + 511) & ~511L;
            m.put("required", n);
            m.put("fully-allocated", n);
            return m;
        }
        long clusterSize = opts.getSize("cluster_size", 65536);
        if (clusterSize < 512 || clusterSize > (2 << 20) || Long.bitCount(clusterSize) != 1) {
            throw ImgError.report("Cluster size must be a power of two between 512 and 2048k");
        }
        long refcountBits = opts.getNumber("refcount_bits", 16);
        if (refcountBits > 64 || Long.bitCount(refcountBits) != 1) {
            throw ImgError.report("Refcount width must be a power of two and may not exceed 64 bits");
        }
        boolean extendedL2 = opts.getFlag("extended_l2", false);
        String compat = opts.get("compat", "1.1");
        long virtualSize = roundUp(size, clusterSize);
        long perL2 = clusterSize / (extendedL2 ? 16 : 8);
        long l1Entries = (virtualSize / clusterSize + perL2 - 1) / perL2;
        if (l1Entries > (32L << 20) / 8) {
            throw ImgError.report("The image size is too large (try using a larger cluster size)");
        }
        long required = 0;
        if (src != null && !prealloc.equals("full") && !prealloc.equals("falloc")) {
            long ssize = size;
            long pnum;
            for (long offset = 0; offset < ssize; offset += pnum) {
                BlockStatusQuery.ChainStatus cs = BlockStatusQuery.statusAbove(src, null, false, offset,
                        ssize - offset, true);
                BlockStatus st = cs.status();
                pnum = Math.max(1, st.bytes());
                int f = st.flags();
                if ((f & BlockStatus.ZERO) != 0) {
                    continue;
                }
                if ((f & (BlockStatus.DATA | BlockStatus.ALLOCATED)) == (BlockStatus.DATA | BlockStatus.ALLOCATED)) {
                    pnum = roundUp(offset + pnum, clusterSize) - offset;
                    required += offset % clusterSize + pnum;
                }
            }
        }
        if (prealloc.equals("full") || prealloc.equals("falloc")) {
            required = virtualSize;
        }
        long fully = preallocSize(virtualSize, clusterSize, Long.numberOfTrailingZeros(refcountBits), extendedL2);
        m.put("required", fully - virtualSize + required);
        m.put("fully-allocated", fully);
        if (src != null && !compat.equals("0.10") && !compat.equals("v2")
                && src.dirtyBitmaps() != null && src.dirtyBitmaps().supportsPersistent()) {
            m.put("bitmaps", bitmapsSize(src, clusterSize));
        }
        return m;
    }

    /**
     * Room the source's persistent bitmaps need in a qcow2 target with this cluster size: each as
     * if fully allocated (data clusters and its table, whole clusters), plus the directory.
     */
    static long bitmapsSize(BlockNode src, long clusterSize) {
        io.jiotests.engine.block.DirtyBitmaps bitmaps = src.dirtyBitmaps();
        if (bitmaps == null) {
            return 0;
        }
        long size = 0;
        long dirSize = 0;
        for (io.jiotests.engine.block.DirtyBitmap bm : bitmaps.list()) {
            if (!bm.persistent()) {
                continue;
            }
            long dataClusters = roundUp((bm.bitCount() + 7) / 8, clusterSize) / clusterSize;
            size += dataClusters * clusterSize + roundUp(dataClusters * 8, clusterSize);
            dirSize += (24 + bm.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 7) & ~7L;
        }
        return size + roundUp(dirSize, clusterSize);
    }

    static long roundUp(long v, long align) {
        return (v + align - 1) / align * align;
    }

    /** Metadata plus data of a fully allocated qcow2 image of {@code total} bytes. */
    static long preallocSize(long total, long cluster, int refcountOrder, boolean extendedL2) {
        long aligned = roundUp(total, cluster);
        long l2eSize = extendedL2 ? 16 : 8;
        long meta = cluster;
        long nl2e = aligned / cluster;
        nl2e = roundUp(nl2e, cluster / l2eSize);
        meta += nl2e * l2eSize;
        long nl1e = nl2e * l2eSize / cluster;
        nl1e = roundUp(nl1e, cluster / 8);
        meta += nl1e * 8;
        meta += refcountMetadataSize((meta + aligned) / cluster, cluster, refcountOrder);
        return meta + aligned;
    }

    /** Clusters of refcount blocks and refcount table needed to cover {@code clusters} clusters. */
    static long refcountMetadataSize(long clusters, long cluster, int refcountOrder) {
        long perTable = cluster / 8;
        long perBlock = cluster * 8 / (1L << refcountOrder);
        long table = 0;
        long blocks = 0;
        long n = 0;
        long last;
        do {
            last = n;
            blocks = (clusters + table + blocks + perBlock - 1) / perBlock;
            table = (blocks + perTable - 1) / perTable;
            n = clusters + blocks + table;
        } while (n != last);
        return (blocks + table) * cluster;
    }
}
