package io.jiotests.harness.run;

import io.jiotests.harness.api.NotRunException;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.StreamMode;
import io.jiotests.harness.filter.Filters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** The harness' implementation of {@link TestContext} for one test case run on one backend. */
public final class DefaultTestContext implements TestContext {

    private final Backend backend;
    private final Path testDir;
    private final String fmt;
    private final String proto;
    private final String imgOpts;
    private final Duration timeout;
    private final StringBuilder log = new StringBuilder();
    private final List<String> commands = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    public DefaultTestContext(Backend backend, Path testDir, String fmt, String proto, String imgOpts, Duration timeout) {
        this.backend = backend;
        this.testDir = testDir;
        this.fmt = fmt;
        this.proto = proto;
        this.imgOpts = imgOpts == null ? "" : imgOpts;
        this.timeout = timeout;
    }

    /** The filtered log so far: what is compared with the golden output. */
    public String output() {
        return log.toString();
    }

    /** Every command run, with the test directory filtered (for -d and the reports). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    @Override
    public String fmt() {
        return fmt;
    }

    @Override
    public String proto() {
        return proto;
    }

    @Override
    public String imgOpts() {
        return imgOpts;
    }

    @Override
    public Path testDir() {
        return testDir;
    }

    @Override
    public String testImg() {
        return testDir.resolve("t." + fmt).toString();
    }

    @Override
    public Path path(String name) {
        return testDir.resolve(name);
    }

    @Override
    public void makeTestImg(String size, String... extra) {
        makeImg(testImg(), size, extra);
    }

    @Override
    public void makeImg(String file, String size, String... extra) {
        List<String> args = new ArrayList<>(List.of("create", "-f", fmt));
        if (!imgOpts.isEmpty()) {
            args.add("-o");
            args.add(imgOpts);
        }
        args.addAll(Arrays.asList(extra));
        args.add(file);
        if (size != null && !size.isEmpty()) {
            args.add(size);
        }
        img(args.toArray(String[]::new));
    }

    @Override
    public int img(String... args) {
        return logged("qemu-img", args);
    }

    @Override
    public int io(String... args) {
        return logged("qemu-io", args);
    }

    @Override
    public int ioCmds(String... cmds) {
        return io(ioArgs(fmt, testImg(), cmds));
    }

    /** qemu-io on another image and format, one -c per command, logged. */
    public int ioCmdsOn(String file, String format, String... cmds) {
        return io(ioArgs(format, file, cmds));
    }

    private static String[] ioArgs(String format, String file, String... cmds) {
        List<String> args = new ArrayList<>(List.of("-f", format));
        for (String c : cmds) {
            args.add("-c");
            args.add(c);
        }
        args.add(file);
        return args.toArray(String[]::new);
    }

    @Override
    public ToolResult imgQuiet(String... args) {
        return call("qemu-img", args, StreamMode.SEPARATE);
    }

    @Override
    public ToolResult ioQuiet(String... args) {
        return call("qemu-io", args, StreamMode.SEPARATE);
    }

    @Override
    public ToolResult imgMerged(String... args) {
        return call("qemu-img", args, StreamMode.MERGED);
    }

    private int logged(String program, String... args) {
        ToolResult r = call(program, args, StreamMode.MERGED);
        append(filter(r.merged()));
        return r.exitCode();
    }

    private ToolResult call(String program, String[] args, StreamMode mode) {
        commands.add(Filters.testDir(program + " " + String.join(" ", quoteAll(args)), testDir));
        return backend.run(program, List.of(args), testDir, mode, timeout);
    }

    private static List<String> quoteAll(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        for (String a : args) {
            out.add(a.isEmpty() || a.matches(".*[\\s'\"\\\\$`*?;&|<>(){}].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return out;
    }

    @Override
    public void echo(String line) {
        append(filter(line + "\n"));
    }

    @Override
    public void echoFiltered(String text, UnaryOperator<String> filter) {
        append(filter.apply(filter(text)));
    }

    /** Logs text with only the test directory filtered (no other standard filters). */
    public void echoRaw(String text) {
        append(Filters.testDir(text, testDir));
    }

    /** qemu-img info on TEST_IMG, logged with the standard filters and "disk size" dropped. */
    public int imgInfo(String... extra) {
        List<String> args = new ArrayList<>(List.of("info"));
        args.addAll(Arrays.asList(extra));
        args.add(testImg());
        ToolResult r = call("qemu-img", args.toArray(String[]::new), StreamMode.MERGED);
        append(Filters.diskSize(filter(r.merged())));
        return r.exitCode();
    }

    private void append(String text) {
        log.append(text);
    }

    @Override
    public String filter(String text) {
        return Filters.standard(text, testDir, fmt);
    }

    @Override
    public void poke(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long pos = offset;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("poke " + file, e);
        }
    }

    @Override
    public void pokeBe(Path file, long offset, int width, long value) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("width must be 1, 2, 4 or 8: " + width);
        }
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
        poke(file, offset, b);
    }

    @Override
    public byte[] peek(Path file, long offset, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            long pos = offset;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (IOException e) {
            throw new UncheckedIOException("peek " + file, e);
        }
    }

    @Override
    public long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A SHA-256 digest of the file's contents, independent of sparseness (see
     * {@link DataExtents#contentDigest}): equal contents give equal digests, and a multi-terabyte
     * sparse image is hashed in time proportional to its data.
     */
    @Override
    public String sha256(Path file) {
        try {
            return DataExtents.contentDigest(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NotRunException notRun(String reason) {
        throw new NotRunException(reason);
    }

    private Path checkpointCopies;

    /**
     * Saves a (sparse) copy of every checkpoint image under {@code dir}, so that the images of
     * several implementations can be compared after the test directories are gone.
     */
    public void saveCheckpointImagesTo(Path dir) {
        this.checkpointCopies = dir;
    }

    private Path saveCopy(Path image, String name) {
        if (checkpointCopies == null) {
            return null;
        }
        Path to = checkpointCopies.resolve(checkpoints.size() + "").resolve(name.replace("../", "__/"));
        try {
            io.jiotests.harness.compare.SparseCopy.copy(image, to);
            return to;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Records an image by its size only (too large to hash and copy); compares equal to any image of that size. */
    public void checkpointSizeOnly(String label, Path image) {
        Path abs = testDir.resolve(image);
        String name = abs.startsWith(testDir) ? testDir.relativize(abs).toString() : abs.toString();
        checkpoints.add(new Checkpoint(label, List.of(new Checkpoint.Image(name, fileSize(abs), "(size only)"))));
    }

    @Override
    public void checkpoint(String label, Path... images) {
        List<Checkpoint.Image> list = new ArrayList<>();
        for (Path p : images) {
            Path abs = testDir.resolve(p);
            String name = abs.startsWith(testDir) ? testDir.relativize(abs).toString() : abs.toString();
            if (Files.isRegularFile(abs)) {
                list.add(new Checkpoint.Image(name, fileSize(abs), sha256(abs), saveCopy(abs, name)));
            } else {
                list.add(new Checkpoint.Image(name, -1, ""));
            }
        }
        checkpoints.add(new Checkpoint(label, list));
    }
}
