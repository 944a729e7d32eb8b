package io.jiotests.engine.tools.img;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.ImageCreator;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.OptionValues;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code qemu-img dd [--image-opts] [-U] [-f fmt] [-O output_fmt] [bs=n] [count=n] [skip=n]
 * if=input of=output}: copies block by block into a newly created output image.
 */
final class ImgDd implements ImgTool.Command {

    @Override
    public int run(ImgEnv env, String[] argv) throws Exception {
        GetOpt g = new GetOpt(argv, ":hf:O:U", List.of(
                new GetOpt.LongOpt("help", false, 'h'),
                new GetOpt.LongOpt("object", true, ImgOptions.OPTION_OBJECT),
                new GetOpt.LongOpt("image-opts", false, ImgOptions.OPTION_IMAGE_OPTS),
                new GetOpt.LongOpt("force-share", false, 'U')));
        String fmt = null;
        String outFmt = "raw";
        boolean imageOpts = false;
        boolean forceShare = false;
        int c;
        while ((c = g.next()) != GetOpt.DONE) {
            switch (c) {
                case 'f' -> fmt = g.optarg();
                case 'O' -> outFmt = g.optarg();
                case 'U' -> forceShare = true;
                case ImgOptions.OPTION_OBJECT -> ImgOptions.object(g.optarg());
                case ImgOptions.OPTION_IMAGE_OPTS -> imageOpts = true;
                default -> ImgOptions.common(env, g, c);
            }
        }
        long bs = 512;
        long count = -1;
        long skip = -1;
        String in = null;
        String out = null;
        for (String op : g.operands()) {
            int eq = op.indexOf('=');
            String key = eq < 0 ? op : op.substring(0, eq);
            String value = eq < 0 ? null : op.substring(eq + 1);
            if (value == null) {
                throw ImgError.report("unrecognized operand " + op);
            }
            switch (key) {
                case "bs" -> {
                    SizeArg.Result r = SizeArg.parse(value);
                    if (r.invalid()) {
                        throw ImgError.report(ImgOptions.SIZE_SUFFIX_ERROR.replace("%s", "bs"));
                    }
                    long v = r.asLong();
                    if (v <= 0 || v > Integer.MAX_VALUE) {
                        throw ImgError.report("Invalid bs specified. Must be between 1 and 2147483647.");
                    }
                    bs = v;
                }
                case "count" -> count = ImgOptions.size(env, value, "count");
                case "skip" -> skip = ImgOptions.size(env, value, "skip");
                case "if" -> in = value;
                case "of" -> out = value;
                default -> throw ImgError.report("unrecognized operand " + key);
            }
        }
        if (in == null || out == null) {
            throw ImgError.report("Must specify both input and output files");
        }
        OpenFlags inFlags = OpenFlags.readOnly().withForceShare(forceShare);
        try (BlockNode src = ImageOpener.openOrFail(env, in, fmt, imageOpts, inFlags)) {
            BlockDriver drv = env.registry().find(outFmt);
            if (drv == null) {
                throw ImgError.report("Unknown file format");
            }
            if (!drv.supportsCreate()) {
                throw ImgError.report("Format driver '" + outFmt + "' does not support image creation");
            }
            long size = ImageInfoData.sectorLength(src);
            if (count >= 0 && count <= Long.MAX_VALUE / bs && size > count * bs) {
                size = count * bs;
            }
            boolean skipTooFar = skip >= 0 && (skip > Long.MAX_VALUE / bs || size < bs * skip);
            long outSize = skipTooFar ? 0 : size - (skip >= 0 ? bs * skip : 0);
            OptionValues opts = new OptionValues().set("size", Long.toString(outSize));
            try {
                ImageCreator.create(env.registry(), outFmt, out, opts, env.ctx().cwd());
            } catch (BlockException e) {
                throw ImgError.report(out + ": error while creating output image: " + e.getMessage());
            }
            long inPos;
            if (skipTooFar) {
                env.report(in + ": cannot skip to specified offset");
                inPos = size;
            } else {
                inPos = skip >= 0 ? skip * bs : 0;
            }
            OpenFlags outFlags = OpenFlags.readWrite().withNoBacking(true);
            try (BlockNode dst = ImageOpener.openOrFail(env, out, outFmt, false, outFlags)) {
                copy(env, src, dst, in, out, inPos, size, (int) bs);
                dst.flush();
            }
            return 0;
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
    }

    private static void copy(ImgEnv env, BlockNode src, BlockNode dst, String in, String out, long inPos,
                             long size, int bs) throws ImgError {
        ByteBuffer buf = ByteBuffer.allocate(bs);
        long outPos = 0;
        long dstLen;
        try {
            dstLen = dst.length();
        } catch (BlockException e) {
            throw ImgError.report(e.getMessage());
        }
        while (inPos < size) {
            int n = (int) Math.min(bs, size - inPos);
            buf.clear().limit(n);
            try {
                ImgCompare.read(src, inPos, buf, n);
            } catch (BlockException e) {
                throw ImgError.report("error while reading from input image file: " + e.errno().text());
            }
            inPos += n;
            int w = (int) Math.min(n, Math.max(0, dstLen - outPos));
            buf.position(0).limit(w);
            try {
                if (w > 0) {
                    dst.pwrite(outPos, buf, 0);
                }
            } catch (BlockException e) {
                throw ImgError.report("error while writing to output image file: " + e.errno().text());
            }
            outPos += n;
        }
    }
}
