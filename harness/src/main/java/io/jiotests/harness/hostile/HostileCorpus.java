package io.jiotests.harness.hostile;

import io.jiotests.harness.api.ToolResult;
import io.jiotests.harness.backend.ProcessRunner;
import io.jiotests.harness.backend.StreamMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hostile-image generator. It starts from valid images that the reference {@code qemu-img
 * create} (and reference {@code qemu-io} writes) make at generation time, copies them and applies
 * the {@link Mutation}s of {@link Qcow2Hostile} and {@link FormatHostile}, plus the cases every
 * format shares: zero-length and truncated files, backing-chain cycles, and the fuzzer-found sample
 * images of the shared folder. Nothing here is a checked-in binary; run
 * {@code images/hostile/generate DIR} to look at the corpus.
 */
public final class HostileCorpus {

    /** The formats qemu-img 7.2 creates that the corpus covers. */
    public static final List<String> FORMATS = List.of("raw", "qcow2", "qed", "vdi", "vpc", "vmdk", "vhdx", "parallels");

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final String qemuImg;
    private final String qemuIo;
    private final ProcessRunner runner;
    private final List<HostileImage> images = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public HostileCorpus(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.qemuImg = env.getOrDefault("QEMU_IMG_PROG", "qemu-img");
        this.qemuIo = env.getOrDefault("QEMU_IO_PROG", "qemu-io");
        this.runner = new ProcessRunner(env);
    }

    /** Notes about parts that could not be generated (e.g. the sample-image folder is missing). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Generates the whole corpus into the directory; returns its images. */
    public List<HostileImage> generate(Optional<Path> sampleImages) throws IOException {
        Files.createDirectories(dir);
        for (String fmt : FORMATS) {
            Path base = makeBase(fmt);
            List<Mutation> list = new ArrayList<>(switch (fmt) {
                case "qcow2" -> Qcow2Hostile.mutations();
                case "raw" -> rawMutations();
                default -> FormatHostile.mutations(fmt);
            });
            list.addAll(truncations());
            for (Mutation m : list) {
                Path img = dir.resolve(fmt + "-" + m.name() + "." + fmt);
                Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
                m.edit().apply(img, dir);
                images.add(new HostileImage(fmt + "/" + m.name(), fmt, img, m.what()));
            }
        }
        backingCycles();
        if (sampleImages.isPresent()) {
            samples(sampleImages);
        }
        return List.copyOf(images);
    }

    private Path makeBase(String fmt) throws IOException {
        Path base = dir.resolve("base." + fmt);
        Files.deleteIfExists(base);
        reference(qemuImg, "create", "-q", "-f", fmt, base.toString(), "64M");
        List<String> writes = fmt.equals("qcow2") ? Qcow2Hostile.BASE_WRITES : List.of("write -P 0x5a 0 64k");
        List<String> args = new ArrayList<>(List.of("-f", fmt));
        for (String w : writes) {
            args.add("-c");
            args.add(w);
        }
        args.add(base.toString());
        reference(qemuIo, args.toArray(String[]::new));
        return base;
    }

    private static List<Mutation> truncations() {
        return List.of(
                Mutation.of("zero-length", "zero-length file", (f, d) -> ImageBytes.truncate(f, 0)),
                Mutation.of("truncated-1", "file cut to 1 byte", (f, d) -> ImageBytes.truncate(f, 1)),
                Mutation.of("truncated-511", "file cut to 511 bytes", (f, d) -> ImageBytes.truncate(f, 511)),
                Mutation.of("truncated-half", "file cut to half its size",
                        (f, d) -> ImageBytes.truncate(f, ImageBytes.size(f) / 2)));
    }

    private List<Mutation> rawMutations() {
        return List.of(
                Mutation.of("qcow2-header", "raw data that starts with a qcow2 header, opened with -f raw",
                        (f, d) -> {
                            ImageBytes.be(f, 0, 4, 0x514649fbL);
                            ImageBytes.be(f, 4, 4, 3);
                            ImageBytes.be(f, 20, 4, 16);
                            ImageBytes.be(f, 24, 8, -1L);
                        }),
                Mutation.of("odd-size", "size 1000 bytes (not a sector multiple)", (f, d) -> ImageBytes.truncate(f, 1000)));
    }

    /** Only the fuzzer-found sample images, decompressed into the directory. */
    public List<HostileImage> samplesOnly(Path folder) throws IOException {
        Files.createDirectories(dir);
        samples(Optional.of(folder));
        return List.copyOf(images);
    }

    /** Backing chains that loop: an image naming itself, two naming each other, and a chain into a hostile image. */
    private void backingCycles() throws IOException {
        for (String fmt : List.of("qcow2", "qed")) {
            Path self = dir.resolve(fmt + "-backing-self." + fmt);
            Files.deleteIfExists(self);
            reference(qemuImg, "create", "-q", "-f", fmt, self.toString(), "1M");
            reference(qemuImg, "rebase", "-u", "-b", self.getFileName().toString(), "-F", fmt, self.toString());
            images.add(new HostileImage(fmt + "/backing-self", fmt, self, "backing file is the image itself"));
        }
        Path a = dir.resolve("qcow2-cycle-a.qcow2");
        Path b = dir.resolve("qcow2-cycle-b.qcow2");
        Path c = dir.resolve("qcow2-cycle-c.qcow2");
        for (Path p : List.of(a, b, c)) {
            Files.deleteIfExists(p);
            reference(qemuImg, "create", "-q", "-f", "qcow2", p.toString(), "1M");
        }
        reference(qemuImg, "rebase", "-u", "-b", b.getFileName().toString(), "-F", "qcow2", a.toString());
        reference(qemuImg, "rebase", "-u", "-b", c.getFileName().toString(), "-F", "qcow2", b.toString());
        reference(qemuImg, "rebase", "-u", "-b", a.getFileName().toString(), "-F", "qcow2", c.toString());
        images.add(new HostileImage("qcow2/backing-cycle-3", "qcow2", a, "a -> b -> c -> a"));
        Path top = dir.resolve("qcow2-backing-hostile.qcow2");
        Path bad = dir.resolve("qcow2-l1-size-7fffffff.qcow2");
        Files.deleteIfExists(top);
        reference(qemuImg, "create", "-q", "-f", "qcow2", "-u", "-b", bad.getFileName().toString(), "-F", "qcow2", top.toString(), "64M");
        images.add(new HostileImage("qcow2/backing-hostile", "qcow2", top, "valid image whose backing file has l1_size 0x7fffffff"));
        Path wrongFmt = dir.resolve("qcow2-backing-fmt-lie.qcow2");
        Files.deleteIfExists(wrongFmt);
        reference(qemuImg, "create", "-q", "-f", "qcow2", "-u", "-b", "base.vdi", "-F", "qcow2", wrongFmt.toString(), "64M");
        images.add(new HostileImage("qcow2/backing-fmt-lie", "qcow2", wrongFmt, "backing format qcow2 named for a vdi backing file"));
    }

    /** The fuzzer-found images of the shared sample folder (afl5.img is a VPC image, afl9.vmdk a VMDK). */
    private void samples(Optional<Path> folder) throws IOException {
        if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
            notes.add("samples not run: shared sample-images folder not found"
                    + folder.map(p -> " (looked in " + p + ")").orElse(""));
            return;
        }
        for (String[] s : new String[][] {{"afl5.img.bz2", "vpc", "afl5.img"}, {"afl9.vmdk.bz2", "vmdk", "afl9.vmdk"}}) {
            Path src = folder.get().resolve(s[0]);
            if (!Files.isRegularFile(src)) {
                notes.add("sample " + s[0] + " not run: missing from " + folder.get());
                continue;
            }
            Path out = dir.resolve("sample-" + s[2]);
            ToolResult r = runner.run("/bin/sh", List.of("-c", "exec bzip2 -dc \"$0\" > \"$1\"", src.toString(), out.toString()),
                    dir, StreamMode.MERGED, TOOL_TIMEOUT);
            if (r.exitCode() != 0) {
                notes.add("sample " + s[0] + " not run: bzip2 -dc failed (" + r.exitCode() + "): " + r.merged().strip());
                continue;
            }
            images.add(new HostileImage("sample/" + s[2], s[1], out, "fuzzer-found image from QEMU's test suite"));
        }
    }

    private void reference(String program, String... args) throws IOException {
        ToolResult r = runner.run(program, List.of(args), dir, StreamMode.MERGED, TOOL_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IOException("reference " + program + " " + String.join(" ", args) + " failed (" + r.exitCode() + "): " + r.merged());
        }
    }

    /** The shared sample-image folder: -Djiotests.samples, else /work/shared or ../shared beside the repository. */
    public static Optional<Path> locateSamples(Path repoRoot) {
        String prop = System.getProperty("jiotests.samples");
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        for (Path p : new Path[] {repoRoot.resolveSibling("shared").resolve("sample-images"),
                                  repoRoot.getParent() == null ? null : repoRoot.getParent().resolve("shared/sample-images"),
                                  Path.of("/work/shared/sample-images")}) {
            if (p != null && Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** images/hostile/generate: writes the corpus into a directory and lists it. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: generate DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        HostileCorpus corpus = new HostileCorpus(out, System.getenv());
        for (HostileImage img : corpus.generate(locateSamples(Path.of("").toAbsolutePath()))) {
            System.out.println(img.name() + "\t" + img.file().getFileName() + "\t" + img.mutation());
        }
        corpus.notes().forEach(n -> System.out.println("# " + n));
    }
}
