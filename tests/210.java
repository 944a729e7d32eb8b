package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;

/**
 * qcow2 encryption: encrypt.format=luks (a LUKS header in clusters the full disk encryption header
 * extension points at, data encrypted with the host sector as IV) and the legacy encryption=on /
 * encrypt.format=aes. Creation errors (no or unknown secret, bad algorithm names, LUKS options on
 * aes), info's "encrypt" section (UUID, iteration counts and disk size filtered), qemu-io writes and
 * reads with the secret, partial-sector writes (read-modify-write of whole sectors), map without
 * host offsets, check, a wrong password (refused for luks, garbage for aes), a missing key-secret
 * and a format mismatch.
 */
@IoTest(number = 210, title = "qcow2: luks and aes encryption",
        groups = {"formats", "encryption", "auto"}, formats = {"qcow2"})
final class T210 implements ConformanceTest {
    private static final String SECRET = "secret,id=sec0,data=123456";

    private void filtered(TestContext t, ToolResult r) {
        // disk size depends on the file system under TEST_DIR (qemu 10.0 also prints it for the file child)
        t.echoFiltered(r.merged(), s -> LuksFilter.hide(s).replaceAll("(?m)^ *disk size: .*\n", ""));
        t.echo("rc=" + r.exitCode());
    }

    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        String opts = "driver=qcow2,encrypt.key-secret=sec0,file.filename=" + img;

        t.echo("=== create errors ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "encrypt.format=luks", img, "4M"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "encrypt.format=luks,encrypt.key-secret=sec1",
                img, "4M"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "--object", SECRET, "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.cipher-alg=foo", img, "4M"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "--object", SECRET, "-o",
                "encrypt.format=aes,encrypt.key-secret=sec0,encrypt.cipher-alg=aes-128", img, "4M"));

        t.echo("=== luks ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "--object", SECRET, "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10,cluster_size=4k", img, "4M"));
        filtered(t, t.imgMerged("info", img));
        filtered(t, t.imgMerged("info", "--output=json", img));
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "write -P 0x5a 0 64k",
                "-c", "write -P 0xa5 100 1000", "-c", "write -P 0x11 3M 4k", "-c", "read -P 0x5a 0 100",
                "-c", "read -P 0xa5 100 1000", "-c", "read -P 0x5a 1100 64436", "-c", "read -P 0x11 3M 4k",
                "-c", "read -P 0 1M 4k", "-c", "map", opts));
        t.echo("rc=" + t.img("map", "--output=json", "--object", SECRET, "--image-opts", opts));
        t.echo("rc=" + t.img("check", "--object", SECRET, "--image-opts", opts));
        t.echo("rc=" + t.io("--object", "secret,id=sec0,data=654321", "--image-opts", "-c", "read 0 4k", opts));
        t.echo("rc=" + t.io("-c", "read 0 4k", img));
        t.echo("rc=" + t.io("--image-opts", "-c", "read 0 4k", opts));
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "read 0 4k",
                "driver=qcow2,encrypt.format=aes,encrypt.key-secret=sec0,file.filename=" + img));

        t.echo("=== aes ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "--object", SECRET, "-o",
                "encryption=on,encrypt.key-secret=sec0", img, "4M"));
        filtered(t, t.imgMerged("info", img));
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "write -P 0x5a 0 64k",
                "-c", "write -P 0xa5 100 1000", "-c", "read -P 0x5a 0 100", "-c", "read -P 0xa5 100 1000",
                "-c", "read -P 0x5a 1100 64436", "-c", "read -P 0 1M 4k", opts));
        t.echo("rc=" + t.io("--object", "secret,id=sec0,data=654321", "--image-opts", "-c", "read -P 0x5a 4k 4k",
                opts));
        t.echo("rc=" + t.img("check", "--object", SECRET, "--image-opts", opts));
    }
}
