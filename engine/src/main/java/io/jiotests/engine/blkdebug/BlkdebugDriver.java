package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OpenContext;
import io.jiotests.engine.block.OptionValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blkdebug filter (a protocol in QEMU's terms): {@code blkdebug:RULES:IMAGE} or the options
 * {@code config}, {@code image.*} / {@code x-image}, {@code align}, {@code max-transfer},
 * {@code opt-write-zero}, {@code max-write-zero}, {@code opt-discard}, {@code max-discard},
 * {@code inject-error.N.*}, {@code set-state.N.*}. The image child is opened as a protocol node
 * (no format probing), as QEMU does. Errors come in QEMU's order: rules, image, limits, then
 * options blkdebug does not know.
 */
public final class BlkdebugDriver implements BlockDriver {
    private static final String PREFIX = "blkdebug:";
    private static final Set<String> KNOWN = Set.of("config", "x-image", "align", "max-transfer",
            "opt-write-zero", "max-write-zero", "opt-discard", "max-discard", "filename");

    @Override
    public String name() {
        return "blkdebug";
    }

    @Override
    public Kind kind() {
        return Kind.PROTOCOL;
    }

    @Override
    public String protocolPrefix() {
        return "blkdebug";
    }

    @Override
    public BlockNode open(OpenContext ctx) throws BlockException {
        Map<String, String> opts = new LinkedHashMap<>(ctx.options());
        Path cwd = Path.of(opts.getOrDefault(BlockOpener.CWD_OPTION, "."));
        opts.remove(BlockOpener.CWD_OPTION);
        String filename = opts.getOrDefault("filename", ctx.filename());
        if (filename != null) {
            parseFilename(filename, opts);
        }
        String config = opts.get("config");
        BlkdebugRules rules = new BlkdebugRules();
        if (config != null) {
            for (BlkdebugConfig.Group g : BlkdebugConfig.parse(readConfig(cwd.resolve(config)))) {
                rules.add(BlkdebugRule.fromGroup(g));
            }
        }
        List<BlkdebugConfig.Group> optionGroups = BlkdebugConfig.fromOptions(opts);
        for (BlkdebugConfig.Group g : optionGroups) {
            rules.add(BlkdebugRule.fromGroup(g));
        }
        Map<String, String> imageOpts = new LinkedHashMap<>();
        for (String k : List.copyOf(opts.keySet())) {
            if (k.startsWith("image.")) {
                imageOpts.put(k.substring(6), opts.remove(k));
            }
        }
        String imageName = opts.get("x-image");
        if (imageName == null) {
            imageName = imageOpts.remove("filename");
        }
        if (imageName == null && !imageOpts.containsKey("driver")) {
            throw new BlockException(Errno.EINVAL, "A block device must be specified for \"image\"");
        }
        BlockOpener opener = new BlockOpener(ctx.registry(), cwd, null);
        String childFormat = imageOpts.containsKey("driver") ? null
                : opener.protocolForFilename(imageName).name();
        BlockNode image = opener.open(imageName, childFormat, imageOpts, ctx.flags());
        try {
            OptionValues v = new OptionValues(opts);
            long align = v.getSize("align", 0);
            if (align != 0 && (align >= Integer.MAX_VALUE || Long.bitCount(align) != 1)) {
                throw new BlockException(Errno.EINVAL, "Cannot meet constraints with align " + align);
            }
            long unit = Math.max(1, align);
            long maxTransfer = v.getSize("max-transfer", 0);
            if (maxTransfer != 0 && (maxTransfer >= Integer.MAX_VALUE || maxTransfer % unit != 0)) {
                throw new BlockException(Errno.EINVAL, "Cannot meet constraints with max-transfer " + maxTransfer);
            }
            checkMultiple(v, "opt-write-zero", unit, unit);
            checkMultiple(v, "max-write-zero", Math.max(unit, v.getSize("opt-write-zero", 0)), unit);
            checkMultiple(v, "opt-discard", unit, unit);
            checkMultiple(v, "max-discard", Math.max(unit, v.getSize("opt-discard", 0)), unit);
            for (String k : opts.keySet()) {
                if (!KNOWN.contains(k) && !k.startsWith("inject-error.") && !k.startsWith("set-state.")
                        && !k.startsWith("take-child-perms") && !k.startsWith("unshare-child-perms")) {
                    throw new BlockException(Errno.EINVAL,
                            "Block protocol 'blkdebug' doesn't support the option '" + k + "'");
                }
            }
            String shown = "blkdebug:" + (config == null ? "" : config) + ":" + image.filename();
            // like QEMU: the rules of event "none" run once when the node opens, so they are active
            // (or have switched the state) before the first request, the format's own open included
            rules.event(BlkdebugEvent.NONE);
            return new BlkdebugNode(this, shown, ctx.flags(), image, rules, (int) align, (int) maxTransfer);
        } catch (BlockException | RuntimeException e) {
            try {
                image.close();
            } catch (BlockException ignored) {
                // reporting the open error
            }
            throw e;
        }
    }

    private static void checkMultiple(OptionValues v, String name, long multipleOf, long unit)
            throws BlockException {
        long value = v.getSize(name, 0);
        if (value != 0 && (value >= Integer.MAX_VALUE || value % multipleOf != 0 || value % unit != 0)) {
            throw new BlockException(Errno.EINVAL, "Cannot meet constraints with " + name + " " + value);
        }
    }

    /** blkdebug:[CONFIG]:IMAGE puts config and x-image; a name without the prefix is the image. */
    static void parseFilename(String filename, Map<String, String> opts) throws BlockException {
        opts.remove("filename");
        if (!filename.startsWith(PREFIX)) {
            opts.put("x-image", filename);
            return;
        }
        String rest = filename.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw new BlockException(Errno.EINVAL, "blkdebug requires both config file and image path");
        }
        if (colon > 0) {
            opts.put("config", rest.substring(0, colon));
        }
        opts.put("x-image", rest.substring(colon + 1));
    }

    private static String readConfig(Path path) throws BlockException {
        try {
            if (Files.size(path) > 1 << 20) {
                throw new BlockException(Errno.EFBIG,
                        "Could not read blkdebug config file: " + Errno.EFBIG.text());
            }
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new BlockException(Errno.ENOENT, "Could not read blkdebug config file: " + Errno.ENOENT.text());
        } catch (AccessDeniedException e) {
            throw new BlockException(Errno.EACCES, "Could not read blkdebug config file: " + Errno.EACCES.text());
        } catch (IOException e) {
            throw new BlockException(Errno.EIO, "Could not read blkdebug config file: " + Errno.EIO.text());
        }
    }
}
