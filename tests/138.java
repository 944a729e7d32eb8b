package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img convert -S and -n on every format qemu-img can write, not only qcow2: sparse sizes 0,
 * 4k, 64k, 1536 and 8M keep or fill the zero runs of a source with data, zeroes and holes (the
 * target's map and a compare with the source show which), and 1000, 4097, 1G and -1 give
 * qemu-img's errors; -n writes into an existing target full of other data (with and without
 * -S 0), refuses a smaller target and leaves the tail of a larger one; -B makes the target an
 * overlay where the format has backing files and gives qemu-img's error where it has none;
 * map and info --backing-chain then walk the new chain.
 */
@IoTest(number = 138, title = "convert -S, -n and -B on every writable format",
        groups = {"img", "convert", "backing", "auto", "quick"},
        formats = {"raw", "qcow2", "qed", "vmdk", "vpc", "vdi", "vhdx", "parallels"})
final class T138 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        String src = t.testImg();
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x11 0 64k", "write -q -z 1M 64k", "write -q -P 0x22 1088k 4k",
                "write -q -P 0 2M 64k", "write -q -P 0x33 3146240 1k");
        String out = t.path("out." + f).toString();

        t.echo("=== -S ===");
        for (String sparse : new String[] {"0", "4k", "64k", "1536", "8M", "1000", "4097", "1G", "-1"}) {
            java.nio.file.Files.deleteIfExists(t.path("out." + f));
            t.echo("-S " + sparse + ": rc=" + t.img("convert", "-f", f, "-O", f, "-S", sparse, src, out));
            if (java.nio.file.Files.exists(t.path("out." + f))) {
                t.img("map", "-f", f, "--output=json", out);
                t.echo("compare: rc=" + t.img("compare", "-f", f, "-F", f, src, out));
            }
        }

        t.echo("=== -n ===");
        for (String[] opts : new String[][] {{}, {"-S", "0"}}) {
            String ex = t.path("ex." + f).toString();
            java.nio.file.Files.deleteIfExists(t.path("ex." + f));
            t.makeImg(ex, "4M");
            t.ioCmdsOn(ex, f, "write -q -P 0x55 0 4M");
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("convert", "-n", "-f", f, "-O", f));
            args.addAll(java.util.List.of(opts));
            args.addAll(java.util.List.of(src, ex));
            t.echo("-n " + String.join(" ", opts) + ": rc=" + t.img(args.toArray(String[]::new)));
            t.img("map", "-f", f, "--output=json", ex);
            t.echo("compare: rc=" + t.img("compare", "-f", f, "-F", f, src, ex));
        }
        String small = t.path("small." + f).toString();
        t.makeImg(small, "1M");
        t.echo("-n smaller: rc=" + t.img("convert", "-n", "-f", f, "-O", f, src, small));
        String big = t.path("big." + f).toString();
        t.makeImg(big, "8M");
        t.ioCmdsOn(big, f, "write -q -P 0x66 0 8M");
        t.echo("-n larger: rc=" + t.img("convert", "-n", "-f", f, "-O", f, src, big));
        t.ioCmdsOn(big, f, "read -q -P 0x11 0 64k", "read -q -P 0 64k 960k", "read -q -P 0x66 4M 4M");

        t.echo("=== -B ===");
        // the base in the format under test (vmdk takes only vmdk backing files)
        String base = t.path("base." + f).toString();
        t.makeImg(base, "4M");
        t.ioCmdsOn(base, f, "write -q -P 0x11 0 1M");
        java.nio.file.Files.deleteIfExists(t.path("out." + f));
        int rc = t.img("convert", "-f", f, "-O", f, "-B", base, "-F", f, src, out);
        t.echo("-B: rc=" + rc);
        if (rc == 0) {
            t.img("map", "-f", f, "--output=json", out);
            // vmdk content IDs are random
            t.echoFiltered(t.imgQuiet("info", "--backing-chain", "-f", f, out).merged(),
                    text -> text.replaceAll("(cid: )\\d+", "$1CID"));
            t.echo("compare: rc=" + t.img("compare", "-f", f, "-F", f, src, out));
        }
    }
}
