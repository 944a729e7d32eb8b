package io.jiotests.engine.block;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens images the way qemu-img and qemu-io do (bdrv_open): resolves {@code json:{...}}
 * pseudo-filenames and {@code --image-opts} option maps, selects the protocol from the filename
 * prefix or {@code file.driver}, probes the format from the first 2048 bytes unless one is given,
 * opens the format node on its protocol node and then the backing chain (relative backing names
 * are relative to the image's directory). Errors carry qemu's texts, e.g. {@code Could not open
 * 'x': No such file or directory}, {@code Unknown driver 'foo'}.
 */
public final class BlockOpener {
    /** Option key set for the raw driver when its format was only guessed (bs->probed). */
    public static final String PROBED_OPTION = "x-jiotests-probed";
    /** Option key giving the file protocol the directory relative names resolve against. */
    public static final String CWD_OPTION = "x-jiotests-cwd";

    /** The open options that pass working directory {@code cwd} (null: none) on to a protocol open. */
    public static java.util.Map<String, String> workingDirectoryOptions(String cwd) {
        return cwd == null ? java.util.Map.of() : java.util.Map.of(CWD_OPTION, cwd);
    }

    /**
     * Option key telling the file protocol how the format above uses it, for its image locks:
     * "metadata" below a format with metadata, "data" below a raw window (offset/size), absent
     * when opened directly or below a pass-through raw node.
     */
    public static final String CHILD_ROLE_OPTION = "x-jiotests-child-role";
    private static final int PROBE_BYTES = 2048;
    private static final int MAX_BACKING_DEPTH = 256;

    private final DriverRegistry registry;
    private final Path cwd;
    private final PrintStream warnings;
    /** "qemu-img: " or "qemu-io: ", put before warnings drivers report while opening. */
    private final String programPrefix;

    /**
     * @param registry the drivers
     * @param cwd      the directory relative filenames are relative to
     * @param warnings where warnings such as the raw probing warning go (the tool's stderr), or null
     */
    public BlockOpener(DriverRegistry registry, Path cwd, PrintStream warnings) {
        this(registry, cwd, warnings, "");
    }

    /** As above, with the tool's message prefix (e.g. "qemu-img: ") for drivers' open warnings. */
    public BlockOpener(DriverRegistry registry, Path cwd, PrintStream warnings, String programPrefix) {
        this.registry = registry;
        this.cwd = cwd;
        this.warnings = warnings;
        this.programPrefix = programPrefix;
    }

    public DriverRegistry registry() {
        return registry;
    }

    /** Parses {@code --image-opts} text ({@code driver=qcow2,file.filename=x}) into options. */
    public static Map<String, String> parseImageOpts(String text) throws BlockException {
        return new LinkedHashMap<>(OptionValues.parse(text, new OptionValues()).asMap());
    }

    /**
     * As {@link #parseImageOpts(String)}, printing QEMU's deprecation warning (with the program
     * prefix, e.g. "qemu-io: ") for each short-form boolean such as a bare {@code driver}.
     */
    public static Map<String, String> parseImageOpts(String text, PrintStream warnings, String prefix)
            throws BlockException {
        Map<String, String> m = parseImageOpts(text);
        if (warnings != null) {
            int i = 0;
            while (i < text.length()) {
                int end = i;
                while (end < text.length() && (text.charAt(end) != ',' || (end + 1 < text.length()
                        && text.charAt(end + 1) == ',' && text.substring(i, end).contains("=")))) {
                    end += text.charAt(end) == ',' ? 2 : 1;
                }
                String item = text.substring(i, Math.min(end, text.length()));
                if (!item.isEmpty() && !item.contains("=") && !item.equals("help") && !item.equals("?")) {
                    String key = item.startsWith("no") && item.length() > 2 ? item.substring(2) : item;
                    String value = key.equals(item) ? "on" : "off";
                    if (!key.equals(item) && m.remove(item) != null) {
                        m.put(key, "off");
                    }
                    warnings.print(prefix + "warning: short-form boolean option '" + item + "' deprecated\n"
                            + "Please use " + key + "=" + value + " instead\n");
                }
                i = end + 1;
            }
        }
        return m;
    }

    /**
     * Opens an image.
     *
     * @param filename a filename, "prefix:..." protocol filename, {@code json:{...}}, or null when
     *                 {@code options} name the file (--image-opts)
     * @param format   the format from -f, or null to probe (or to take "driver" from options)
     * @param options  extra options (flattened, dotted keys), or null
     * @param flags    the open flags of the top node; the backing chain is opened read-only
     */
    public BlockNode open(String filename, String format, Map<String, String> options, OpenFlags flags)
            throws BlockException {
        if (flags.forceShare() && flags.writable()) {
            throw new BlockException(Errno.EINVAL, "force-share=on can only be used with read-only images");
        }
        return openNode(filename, format, options == null ? Map.of() : options, flags, 0);
    }

    private BlockNode openNode(String filename, String format, Map<String, String> in, OpenFlags flags,
                               int depth) throws BlockException {
        Map<String, String> opts = new LinkedHashMap<>(in);
        if (filename != null && filename.startsWith("json:")) {
            JsonOptions.parse(filename.substring(5)).forEach(opts::putIfAbsent);
            filename = null;
        }
        boolean wantedWrite = flags.writable();
        flags = applyGenericOptions(opts, flags);
        if (depth == 0 && wantedWrite && !flags.writable()) {
            // the caller needs to write but the options make the node read-only
            throw new BlockException(Errno.EPERM, "Block node is read-only");
        }
        String driverName = opts.remove("driver");
        if (driverName == null) {
            driverName = format;
        }
        BlockDriver drv = null;
        if (driverName != null) {
            drv = registry.find(driverName);
            if (drv == null) {
                throw new BlockException(Errno.EINVAL, "Unknown driver '" + driverName + "'");
            }
            if (drv.kind() == BlockDriver.Kind.PROTOCOL) {
                return openProtocol(drv, filename, opts, flags);
            }
        }
        Map<String, String> fileOpts = extract(opts, "file");
        Map<String, String> backingOpts = extract(opts, "backing");
        String backingRef = opts.remove("backing");
        String fileRef = opts.remove("file");
        if (fileRef != null) {
            throw new BlockException(Errno.EINVAL,
                    "Cannot find device='" + fileRef + "' nor node-name='" + fileRef + "'");
        }
        if (backingRef != null && !backingRef.isEmpty()) {
            throw new BlockException(Errno.EINVAL,
                    "Cannot find device='" + backingRef + "' nor node-name='" + backingRef + "'");
        }
        String topFilename = opts.remove("filename");
        if (topFilename != null) {
            fileOpts.putIfAbsent("filename", topFilename);
        }
        String fileName = fileOpts.getOrDefault("filename", filename);
        if (fileName == null && !fileOpts.containsKey("driver")) {
            throw new BlockException(Errno.EINVAL, "A block device must be specified for \"file\"");
        }
        BlockNode fileNode = openChild(fileName, fileOpts, flags, depth, drv == null ? null : childRole(drv, opts));
        BlockNode node;
        try {
            boolean probed = false;
            if (drv == null) {
                drv = probe(fileNode, fileName);
                probed = true;
                String role = childRole(drv, opts);
                if (role != null && "file".equals(fileNode.driver().name())) {
                    // the file was opened before its user was known: take the locks its format needs
                    closeQuietly(fileNode);
                    fileNode = openChild(fileName, fileOpts, flags, depth, role);
                }
            }
            if (probed && "raw".equals(drv.name())) {
                opts.put(PROBED_OPTION, "on");
                if (flags.writable() && warnings != null) {
                    warnings.print("WARNING: Image format was not specified for '" + fileName
                            + "' and probing guessed raw.\n"
                            + "         Automatically detecting the format is dangerous for raw images,"
                            + " write operations on block 0 will be restricted.\n"
                            + "         Specify the 'raw' format explicitly to remove the restrictions.\n");
                    warnings.flush();
                }
            }
            String nodeName = fileName != null && fileName.startsWith("file:") ? fileNode.filename() : fileName;
            if (drv.opensFilesByName()) {
                opts.put(CWD_OPTION, cwd.toString());
            }
            node = drv.open(new OpenContext(nodeName, opts, flags, fileNode, registry));
            for (String w : node.takeOpenWarnings()) {
                if (warnings != null) {
                    warnings.print(programPrefix + "warning: " + w);
                    warnings.flush();
                }
            }
            String messages = node.takeOpenMessages();
            if (warnings != null && !messages.isEmpty()) {
                warnings.print(messages);
                warnings.flush();
            }
            if (warnings != null) {
                node.setMessageSink(warnings);
            }
        } catch (BlockException | RuntimeException e) {
            closeQuietly(fileNode);
            if (e instanceof BlockException be && warnings != null && !be.reports().isEmpty()) {
                for (String line : be.reports()) {
                    warnings.print(programPrefix + line + "\n");
                }
                warnings.flush();
            }
            throw e;
        }
        if (!flags.noBacking() && drv.supportsBacking() && !"".equals(backingRef)) {
            try {
                openBacking(node, fileName, backingOpts, flags, depth);
            } catch (BlockException | RuntimeException e) {
                closeQuietly(node);
                throw e;
            }
        }
        return node;
    }

    private void openBacking(BlockNode node, String imageName, Map<String, String> backingOpts,
                             OpenFlags flags, int depth) throws BlockException {
        String name = backingOpts.remove("file.filename");
        if (name == null) {
            name = backingOpts.remove("filename");
        }
        if (name == null) {
            name = node.backingFilename();
        } else if (!backingOpts.containsKey("file.driver") && backingOpts.isEmpty()) {
            backingOpts = new LinkedHashMap<>(backingOpts);
        }
        if (name == null && backingOpts.isEmpty()) {
            return;
        }
        if (depth >= MAX_BACKING_DEPTH) {
            throw new BlockException(Errno.EINVAL, "Could not open backing file: Backing chain is too deep");
        }
        String full = name == null ? null : combine(imageName, name);
        String fmt = backingOpts.remove("driver");
        if (fmt == null) {
            fmt = node.backingFormat();
        }
        OpenFlags bflags = flags.withWritable(false).withNoShare(false);
        BlockNode backing;
        try {
            backing = openNode(full, fmt, backingOpts, bflags, depth + 1);
        } catch (BlockException e) {
            throw e.prepend("Could not open backing file: ");
        }
        try {
            node.setBacking(backing);
        } catch (BlockException | RuntimeException e) {
            closeQuietly(backing);
            throw e;
        }
    }

    /** QEMU's path_combine: a relative backing name is relative to the image's directory. */
    public static String combine(String imageName, String backingName) {
        if (backingName.startsWith("/") || protocolPrefix(backingName) != null || imageName == null
                || imageName.startsWith("json:")) {
            return backingName;
        }
        int slash = imageName.lastIndexOf('/');
        if (slash < 0) {
            return backingName;
        }
        return imageName.substring(0, slash + 1) + backingName;
    }

    private static String protocolPrefix(String filename) {
        int colon = filename.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        int slash = filename.indexOf('/');
        if (slash >= 0 && slash < colon) {
            return null;
        }
        return filename.substring(0, colon);
    }

    /** The role of a format's file child for the file protocol's locks (see {@link #CHILD_ROLE_OPTION}). */
    private static String childRole(BlockDriver format, Map<String, String> formatOpts) {
        if ("luks".equals(format.name())) {
            // QEMU's crypto driver holds its file as data only: qemu-io on a luks image takes lock
            // bytes 100 and 101 and unshares nothing (/proc/locks, 7.2), so others may write
            return null;
        }
        if (!"raw".equals(format.name())) {
            return "metadata";
        }
        return formatOpts.containsKey("offset") || formatOpts.containsKey("size") ? "data" : null;
    }

    private BlockNode openChild(String fileName, Map<String, String> in, OpenFlags flags, int depth,
                                String role) throws BlockException {
        Map<String, String> fileOpts = new LinkedHashMap<>(in);
        String childDriver = fileOpts.remove("driver");
        BlockDriver proto;
        if (childDriver != null) {
            proto = registry.find(childDriver);
            if (proto == null) {
                throw new BlockException(Errno.EINVAL, "Unknown driver '" + childDriver + "'");
            }
            if (proto.kind() != BlockDriver.Kind.PROTOCOL) {
                return openNode(fileName, childDriver, fileOpts, flags, depth);
            }
        } else {
            proto = protocolForFilename(fileName);
        }
        if (role != null && "file".equals(proto.name())) {
            fileOpts.put(CHILD_ROLE_OPTION, role);
        }
        return openProtocol(proto, fileName, fileOpts, flags);
    }

    /** The protocol driver a filename selects ("nbd:..." is nbd; no prefix is the file protocol). */
    public BlockDriver protocolForFilename(String filename) throws BlockException {
        String prefix = protocolPrefix(filename);
        if (prefix != null) {
            for (BlockDriver d : registry.all()) {
                if (d.kind() == BlockDriver.Kind.PROTOCOL && prefix.equals(d.protocolPrefix())) {
                    return d;
                }
            }
            throw new BlockException(Errno.EINVAL, "Unknown protocol '" + prefix + "'");
        }
        BlockDriver file = registry.find("file");
        if (file == null) {
            throw new BlockException(Errno.EINVAL, "Unknown driver 'file'");
        }
        return file;
    }

    private BlockNode openProtocol(BlockDriver drv, String filename, Map<String, String> in, OpenFlags flags)
            throws BlockException {
        Map<String, String> opts = new LinkedHashMap<>(in);
        flags = applyGenericOptions(opts, flags);
        String name = opts.getOrDefault("filename", filename);
        if ("file".equals(drv.name())) {
            if (name == null) {
                throw new BlockException(Errno.EINVAL, "The 'file' block driver requires a file name");
            }
            opts.put("filename", name);
            opts.put(CWD_OPTION, cwd.toString());
        } else if (drv.kind() == BlockDriver.Kind.PROTOCOL && "blkdebug".equals(drv.protocolPrefix())) {
            // blkdebug opens its rules file and its image child relative to the working directory
            opts.put(CWD_OPTION, cwd.toString());
        }
        return drv.open(new OpenContext(name, opts, flags, null, registry));
    }

    private BlockDriver probe(BlockNode file, String filename) throws BlockException {
        long len = file.length();
        int n = (int) Math.min(PROBE_BYTES, Math.max(0, len));
        byte[] header = new byte[PROBE_BYTES];
        if (n > 0) {
            BlockBackend.readAligned(file, 0, ByteBuffer.wrap(header, 0, n));
        }
        BlockDriver drv = registry.probe(header, n, filename);
        if (drv == null) {
            throw new BlockException(Errno.ENOTSUP, "Could not determine image format: No compatible format found");
        }
        return drv;
    }

    /** Takes the generic block-layer options (read-only, cache.*, discard, ...) out of opts. */
    private static OpenFlags applyGenericOptions(Map<String, String> opts, OpenFlags flags)
            throws BlockException {
        OptionValues v = new OptionValues(opts);
        if (opts.containsKey("read-only") && v.getFlag("read-only", false)) {
            flags = flags.withWritable(false);
        }
        if (opts.containsKey("cache.direct") || opts.containsKey("cache.no-flush")) {
            boolean direct = v.getFlag("cache.direct", flags.cache().direct());
            boolean noFlush = v.getFlag("cache.no-flush", flags.cache().noFlush());
            flags = flags.withCache(direct ? CacheMode.NONE : noFlush ? CacheMode.UNSAFE : CacheMode.WRITEBACK);
        }
        String discard = opts.get("discard");
        if (discard != null) {
            switch (discard) {
                case "unmap", "on" -> flags = flags.withUnmap(true);
                case "ignore", "off" -> flags = flags.withUnmap(false);
                default -> throw new BlockException(Errno.EINVAL, "Invalid discard option");
            }
        }
        if (opts.containsKey("force-share")) {
            flags = flags.withForceShare(v.getFlag("force-share", false));
        }
        for (String k : new String[] {"read-only", "cache.direct", "cache.no-flush", "discard",
                "force-share", "node-name", "auto-read-only", "detect-zeroes"}) {
            opts.remove(k);
        }
        return flags;
    }

    /** Removes the "prefix.*" keys from opts and returns them without the prefix. */
    private static Map<String, String> extract(Map<String, String> opts, String prefix) {
        Map<String, String> sub = new LinkedHashMap<>();
        String p = prefix + ".";
        for (Iterator<Map.Entry<String, String>> it = opts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            if (e.getKey().startsWith(p)) {
                sub.put(e.getKey().substring(p.length()), e.getValue());
                it.remove();
            }
        }
        return sub;
    }

    private static void closeQuietly(BlockNode node) {
        try {
            node.close();
        } catch (BlockException | RuntimeException ignored) {
            // already reporting the error that made us close it
        }
    }
}
