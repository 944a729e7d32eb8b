package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import java.nio.file.Path;

/**
 * Persistent dirty bitmaps in depth: bitmap granularities (default from the cluster size, the
 * limits, a 32-bit wrap), actions in command-line order, bitmap names, write / zero / discard
 * marking, resizes (bitmaps follow; inconsistent ones refuse), snapshot -a refused, merges across images of other granularities, a crash leaving bitmaps in use
 * (inconsistent: info flags, refused operations, removal), an extension left by a program without
 * bitmap support (autoclear bit clear: warning, dropped, leaks repaired), convert --bitmaps with
 * --skip-broken-bitmaps and other cluster sizes, and measure's bitmaps size. Image bytes are
 * compared at checkpoints.
 */
@IoTest(number = 125, title = "persistent dirty bitmaps: options, crash, autoclear, convert, measure",
        groups = {"img", "bitmap", "convert", "measure", "auto", "quick"}, formats = {"qcow2"})
final class T125 implements ConformanceTest {
    /**
     * Runs qemu-img and logs its output with the auto-generated node name made stable. QEMU names
     * a node without a name "#block" + a counter + two random decimal digits; the image's format
     * node is always the second node qemu-img opens (counter 1), in 7.2 and 10.0 alike, so only
     * the two random digits are filtered: "#block1NN".
     */
    private static int imgNoNode(TestContext t, String... args) {
        ToolResult r = t.imgQuiet(args);
        t.echoFiltered(r.merged(), s -> s.replaceAll("#block1[0-9]{2}\\b", "#block1NN"));
        return r.exitCode();
    }

    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        Path imgPath = Path.of(img);
        t.echo("=== granularities ===");
        t.makeTestImg("8M");
        t.img("bitmap", "--add", "-g", "512", img, "g512");
        t.img("bitmap", "--add", "-g", "2G", img, "g2g");
        t.img("bitmap", "--add", "-g", "4294967808", img, "wrapped");
        t.img("bitmap", "--add", "-g", "0", img, "gdefault");
        t.echo("rc=" + t.img("bitmap", "--add", "-g", "256", img, "bad"));
        t.echo("rc=" + t.img("bitmap", "--add", "-g", "4G", img, "bad"));
        t.echo("rc=" + t.img("bitmap", "--add", "-g", "96k", img, "bad"));
        t.echo("rc=" + t.img("bitmap", "--remove", "-g", "64k", img, "g512"));
        t.imgInfo();
        t.checkpoint("granularities", imgPath);
        String small = t.path("small.qcow2").toString();
        String big = t.path("big.qcow2").toString();
        t.makeImg(small, "2M", "-o", "cluster_size=512");
        t.makeImg(big, "4M", "-o", "cluster_size=2M");
        t.img("bitmap", "--add", small, "s");
        t.img("bitmap", "--add", big, "b");
        t.echoFiltered(t.imgQuiet("info", small).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echoFiltered(t.imgQuiet("info", big).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));

        t.echo("=== actions in order, names ===");
        t.makeTestImg("8M");
        t.img("bitmap", "--add", "--disable", "--clear", img, "a");
        t.echo("rc=" + t.img("bitmap", "--enable", "--add", img, "b"));
        t.echo("rc=" + t.img("bitmap", "--add", "--add", img, "c"));
        t.echo("rc=" + t.img("bitmap", "--add", "--remove", "--add", img, "d"));
        t.echo("rc=" + t.img("bitmap", "--add", img, ""));
        t.echo("rc=" + imgNoNode(t, "bitmap", "--add", img, "n".repeat(1024)));
        t.img("bitmap", "--add", img, "n".repeat(1023));
        t.img("bitmap", "--add", img, "bitmap with spaces, commas and ünïcode");
        t.img("bitmap", "--remove", img, "n".repeat(1023));
        t.imgInfo("--output=json");
        t.img("check", img);
        t.checkpoint("actions", imgPath);

        t.echo("=== writes, zero writes, discards ===");
        t.makeTestImg("8M");
        t.img("bitmap", "--add", img, "w");
        t.img("bitmap", "--add", "-g", "1M", img, "coarse");
        t.img("bitmap", "--add", "-g", "512", img, "fine");
        t.ioCmds("write -P 1 0 512", "write -z 2M 64k", "discard 4M 64k", "write -P 2 7M 4k");
        t.io("-d", "unmap", "-c", "discard 5M 64k", img);
        t.img("bitmap", "--disable", img, "w");
        t.ioCmds("write -P 3 6M 64k");
        t.img("resize", img, "+8M");
        t.ioCmds("write -P 4 15M 64k", "truncate 12M", "write -P 5 11M 4k");
        t.img("resize", img, "8M");
        t.img("resize", "--shrink", img, "8M");
        t.img("snapshot", "-c", "snap", img);
        t.echo("rc=" + t.img("snapshot", "-a", "snap", img));
        t.img("snapshot", "-d", "snap", img);
        t.imgInfo();
        t.img("check", img);
        t.checkpoint("marked", imgPath);

        t.echo("=== merge across images ===");
        String other = t.path("other.qcow2").toString();
        t.makeImg(other, "8M");
        t.img("bitmap", "--add", "-g", "4k", other, "o");
        t.ioCmdsOn(other, "qcow2", "write -P 9 3M 5k");
        t.img("bitmap", "--merge", "o", "-b", other, "-F", "qcow2", img, "w");
        t.img("bitmap", "--merge", "fine", "--merge", "coarse", img, "w");
        t.echo("rc=" + t.img("bitmap", "--merge", "o", "-b", other, "-F", "raw", img, "w"));
        t.echo("rc=" + t.img("bitmap", "--merge", "nope", "-b", other, img, "w"));
        t.echo("rc=" + t.img("bitmap", "--merge", "o", "-b", t.path("missing.qcow2").toString(), img, "w"));
        String smaller = t.path("smaller.qcow2").toString();
        t.makeImg(smaller, "4M");
        t.img("bitmap", "--add", smaller, "x");
        t.echo("rc=" + t.img("bitmap", "--merge", "x", "-b", smaller, img, "w"));
        t.echo("rc=" + t.img("bitmap", "-F", "qcow2", "--add", img, "q"));
        t.echo("rc=" + t.img("bitmap", "-b", other, "--add", img, "q"));
        t.img("check", img);
        t.checkpoint("merged", imgPath);

        t.echo("=== measure ===");
        t.img("measure", "-O", "qcow2", img);
        t.img("measure", "--output=json", "-O", "qcow2", img);
        t.img("measure", "-O", "qcow2", "-o", "cluster_size=512", img);
        t.img("measure", "-O", "qcow2", "-o", "cluster_size=2M", img);
        t.img("measure", "-O", "qcow2", "-o", "compat=0.10", img);
        t.img("measure", "-O", "raw", img);

        t.echo("=== convert --bitmaps ===");
        String conv = t.path("conv.qcow2").toString();
        t.img("convert", "--bitmaps", "-O", "qcow2", "-o", "cluster_size=4k", img, conv);
        t.echoFiltered(t.imgQuiet("info", conv).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("check", conv);
        t.checkpoint("converted", Path.of(conv));
        t.echo("rc=" + t.img("convert", "--bitmaps", "-O", "qcow2", img, other, t.path("two.qcow2").toString()));
        t.echo("rc=" + t.img("convert", "--skip-broken-bitmaps", "-O", "qcow2", img, t.path("sk.qcow2").toString()));
        t.echo("rc=" + t.img("convert", "--bitmaps", "-O", "qcow2", "-o", "compat=0.10", img,
                t.path("v2.qcow2").toString()));

        t.echo("=== crash: bitmaps left in use ===");
        ToolResult crash = t.ioQuiet("-c", "write -P 4 1M 4k", "-c", "abort", img);
        t.echo("abort: rc=" + (crash.exitCode() != 0 ? "nonzero" : "0"));
        t.imgInfo();
        t.img("check", img);
        t.ioCmds("write -P 5 1M 4k");
        t.echo("rc=" + t.img("bitmap", "--clear", img, "w"));
        t.echo("rc=" + t.img("bitmap", "--enable", img, "w"));
        t.echo("rc=" + t.img("bitmap", "--merge", "w", img, "coarse"));
        t.echo("rc=" + t.img("bitmap", "--merge", "coarse", "-b", img, other, "o"));
        t.echo("rc=" + t.img("convert", "--bitmaps", "-O", "qcow2", img, t.path("broken.qcow2").toString()));
        String skipped = t.path("skipped.qcow2").toString();
        t.echo("rc=" + t.img("convert", "--bitmaps", "--skip-broken-bitmaps", "-O", "qcow2", img, skipped));
        t.echoFiltered(t.imgQuiet("info", skipped).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("measure", "-O", "qcow2", img);
        t.echo("rc=" + t.img("resize", img, "+1M"));
        t.img("bitmap", "--remove", img, "w");
        t.img("bitmap", "--remove", img, "fine");
        t.img("bitmap", "--remove", img, "coarse");
        t.imgInfo();
        t.img("check", img);
        t.checkpoint("crash", imgPath);

        t.echo("=== autoclear bit clear: a program without bitmap support wrote the image ===");
        t.makeTestImg("8M");
        t.img("bitmap", "--add", img, "lost");
        t.ioCmds("write -P 6 0 64k");
        t.pokeBe(imgPath, 88, 8, 0);
        t.imgInfo();
        t.ioCmds("write -P 7 64k 64k");
        t.imgInfo();
        t.img("check", img);
        t.img("check", "-r", "leaks", img);
        t.img("bitmap", "--add", img, "again");
        t.imgInfo();
        t.checkpoint("autoclear", imgPath);

        t.echo("=== not qcow2 v3 ===");
        String v2 = t.path("old.qcow2").toString();
        t.makeImg(v2, "1M", "-o", "compat=0.10");
        t.echo("rc=" + imgNoNode(t, "bitmap", "--add", v2, "b"));
        t.echo("rc=" + t.img("bitmap", "--remove", v2, "b"));
        String raw = t.path("plain.raw").toString();
        t.img("create", "-f", "raw", raw, "1M");
        t.echo("rc=" + imgNoNode(t, "bitmap", "--add", "-f", "raw", raw, "b"));
        t.echo("rc=" + t.img("bitmap", "--clear", "-f", "raw", raw, "b"));
        t.echo("rc=" + t.img("convert", "--bitmaps", "-f", "raw", "-O", "qcow2", raw, t.path("r.qcow2").toString()));
    }
}
