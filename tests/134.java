package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;

/**
 * LUKS images: qemu-img create -f luks with a secret object and key-secret (short iter-time),
 * info with its format-specific key slots (the random UUID and the iteration counts, which depend
 * on the machine's speed, are filtered; opened with --image-opts, its name is a json: one naming the
 * key secret), qemu-io through --object and --image-opts writing and
 * reading back, a wrong password and a missing key-secret refused with QEMU's texts.
 */
@IoTest(number = 134, title = "luks: create, info, qemu-io with secrets",
        groups = {"formats", "luks", "auto"}, formats = {"luks"})
final class T134 implements ConformanceTest {
    private static final String SECRET = "secret,id=sec0,data=123456";

    private void infoFiltered(TestContext t, String... args) {
        ToolResult r = t.imgMerged(args);
        t.echoFiltered(r.merged(), LuksFilter::hide);
        t.echo("rc=" + r.exitCode());
    }

    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        String opts = "driver=luks,key-secret=sec0,file.filename=" + img;
        t.echo("=== create ===");
        t.echo("rc=" + t.img("create", "-f", "luks", img, "4M"));
        t.echo("rc=" + t.img("create", "-f", "luks", "--object", SECRET, "-o", "key-secret=sec1", img, "4M"));
        t.echo("rc=" + t.img("create", "-f", "luks", "--object", SECRET, "-o", "key-secret=sec0,iter-time=10",
                img, "4M"));

        t.echo("=== info ===");
        infoFiltered(t, "info", img);
        infoFiltered(t, "info", "--output=json", img);

        t.echo("=== qemu-io with the secret ===");
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "write -P 0x5a 0 64k",
                "-c", "write -P 0xa5 1M 4k", "-c", "read -P 0x5a 0 64k", "-c", "read -P 0xa5 1M 4k",
                "-c", "read -P 0 2M 4k", opts));
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "read -P 0x5a 0 64k", "-c", "map", opts));

        t.echo("=== wrong or missing secret ===");
        t.echo("rc=" + t.io("--object", "secret,id=sec0,data=654321", "--image-opts", "-c", "read 0 4k", opts));
        t.echo("rc=" + t.io("-f", "luks", "-c", "read 0 4k", img));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k", opts));
        t.echo("rc=" + t.img("check", "--object", SECRET, "--image-opts", opts));

        t.echo("=== info through --image-opts (the key secret makes the name a json: one) ===");
        infoFiltered(t, "info", "--object", SECRET, "--image-opts", opts);
    }
}
