package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * -f together with --image-opts: the --image-opts text names its driver, and every qemu-img command
 * that opens an image through it refuses the pair with "--image-opts and --format are mutually
 * exclusive" (exit code 1, 2 for compare) before touching the image: info, check, map, resize,
 * compare, bench, commit, rebase, convert (its sources and, with --target-image-opts and -O, its
 * target), amend, measure and bitmap. The image is unchanged afterwards (check and map).
 */
@IoTest(number = 139, title = "-f with --image-opts refused by every command",
        groups = {"img", "auto", "quick"}, formats = {"qcow2"})
final class T139 implements ConformanceTest {
    private TestContext t;

    private void refused(String command, String... args) {
        t.echo("=== " + command + " ===");
        String[] argv = new String[args.length + 4];
        argv[0] = command;
        argv[1] = "-f";
        argv[2] = "qcow2";
        argv[3] = "--image-opts";
        System.arraycopy(args, 0, argv, 4, args.length);
        t.echo("rc=" + t.img(argv));
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        String img = t.testImg();
        String opts = "driver=qcow2,file.filename=" + img;
        t.echo("rc=" + t.img("create", "-q", "-f", "qcow2", img, "1M"));
        refused("info", opts);
        refused("check", opts);
        refused("map", opts);
        refused("resize", opts, "2M");
        refused("compare", opts, img);
        refused("bench", "-c", "1", opts);
        refused("commit", opts);
        refused("rebase", "-u", "-b", "", opts);
        refused("convert", "-O", "raw", opts, img + ".out");
        refused("amend", "-o", "compat=1.1", opts);
        refused("measure", "-O", "qcow2", opts);
        refused("bitmap", "--add", opts, "b0");
        t.echo("=== convert target: --target-image-opts with -O ===");
        t.echo("rc=" + t.img("convert", "-n", "-O", "qcow2", "--target-image-opts", img, opts));
        t.echo("=== the image is unchanged ===");
        t.echo("rc=" + t.img("check", img));
        t.echo("rc=" + t.img("map", img));
    }
}
