package io.jiotests.harness.api;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What a conformance test can do: the harness' analogue of iotests' common.rc. Every method that
 * runs a tool logs its merged output after the standard filters (test directory to TEST_DIR, image
 * format to IMGFMT where iotests filter it, qemu-io timing lines, qemu version, program names) unless
 * it says otherwise. The log is compared with the golden output.
 */
public interface TestContext {

    /** The image format under test (IMGFMT), e.g. "qcow2". */
    String fmt();

    /** The protocol under test (IMGPROTO), e.g. "file". */
    String proto();

    /** Extra image options from {@code ./check -o} (IMGOPTS), or "" if none. */
    String imgOpts();

    /** The fresh, empty test directory of this run (TEST_DIR). */
    Path testDir();

    /** TEST_DIR/t.FMT as a string: the default test image (TEST_IMG). */
    String testImg();

    /** A path in the test directory. */
    Path path(String name);

    /**
     * Creates TEST_IMG (_make_test_img): {@code qemu-img create -f FMT [-o IMGOPTS,opts] TEST_IMG
     * size}, logging the filtered "Formatting ..." line. {@code extra} are further qemu-img create
     * arguments placed before the filename (e.g. "-b", base, "-F", "qcow2", "-o", "cluster_size=4k").
     */
    void makeTestImg(String size, String... extra);

    /** Like {@link #makeTestImg} for another image path. */
    void makeImg(String file, String size, String... extra);

    /** Runs qemu-img with these arguments, logs its filtered merged output, returns the exit code. */
    int img(String... args);

    /** Runs qemu-io with these arguments, logs its filtered merged output, returns the exit code. */
    int io(String... args);

    /**
     * Runs qemu-io on TEST_IMG with format FMT and one {@code -c} per command
     * ({@code qemu-io -f FMT -c cmd1 -c cmd2 TEST_IMG}), logged like {@link #io}.
     */
    int ioCmds(String... commands);

    /** Runs qemu-img without logging; the caller decides what to print. */
    ToolResult imgQuiet(String... args);

    /** Runs qemu-io without logging. */
    ToolResult ioQuiet(String... args);

    /**
     * Runs qemu-img without logging, both streams through one pipe as with {@code 2>&1}: the
     * result's {@code merged} (and {@code stdout}) hold them in the exact order they were written,
     * its {@code stderr} is empty. For output that mixes progress on stdout with errors on stderr,
     * where {@link #imgQuiet}'s arrival order of two pipes is only approximate.
     */
    ToolResult imgMerged(String... args);

    /** Prints a line to the log, after the standard filters. */
    void echo(String line);

    /** Prints text to the log through an extra filter (sed-like post-processing of one output). */
    void echoFiltered(String text, UnaryOperator<String> filter);

    /** Applies the standard filters to text (without logging it). */
    String filter(String text);

    /** Overwrites bytes of a file at an offset (iotests' poke_file). */
    void poke(Path file, long offset, byte[] bytes);

    /** Writes a big-endian 16-, 32- or 64-bit value (width 2, 4 or 8) at an offset of a file. */
    void pokeBe(Path file, long offset, int width, long value);

    /** Reads {@code length} bytes at offset from a file. */
    byte[] peek(Path file, long offset, int length);

    /** The file's size in bytes. */
    long fileSize(Path file);

    /**
     * A SHA-256 digest (hex) of the file's contents: of its size and of every non-zero 64 KiB block
     * with its index, so holes and written zeroes hash alike and huge sparse images hash quickly.
     * Equal contents give equal digests; it is not the digest sha256sum prints.
     */
    String sha256(Path file);

    /** Stops the test as "not run" with this reason (shown in the report, never silent). */
    NotRunException notRun(String reason);

    /** Asks the harness to compare the images of all implementations at this point (bytes etc.). */
    void checkpoint(String label, Path... images);

    /**
     * Runs qemu-io on another image with format {@code format} and one {@code -c} per command,
     * logged like {@link #io}.
     */
    int ioCmdsOn(String file, String format, String... commands);

    /**
     * Runs {@code qemu-img info [extra...] TEST_IMG}, logged with the standard filters and the
     * host-dependent "disk size" line (and JSON "actual-size") dropped, as iotests' _img_info.
     */
    int imgInfo(String... extra);

    /** Prints text to the log with only the test directory filtered (no other standard filter). */
    void echoRaw(String text);
}
