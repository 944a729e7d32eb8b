package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * amend of LUKS key slots, in a luks image (state, keyslot, old-secret, new-secret, iter-time) and
 * in a qcow2 image with encrypt.format=luks (the same options behind "encrypt."): adding a key to
 * the first free slot and to an explicit one, opening with each secret, erasing by slot and by
 * password, --force for an active slot and for the last one; every refusal with QEMU's text and
 * exit code (no free slot, slot out of range, wrong or unknown old secret, the only active slot,
 * an active slot, missing new-secret, options that conflict, a missing or bad state, creation-only
 * and unknown options, -f with --image-opts, a read-only node, a missing key-secret; for qcow2 an image without or with
 * legacy aes encryption). The LUKS header is printed slot by slot from the file (active, whether
 * iterations and salt are set, key offset, stripes, whether the key material is zero or changed),
 * so what an add and an erase write is compared, without the random salts and keys themselves.
 */
@IoTest(number = 136, title = "amend: LUKS key slots in luks and qcow2 images",
        groups = {"img", "amend", "luks", "encryption", "auto"}, formats = {"luks", "qcow2"})
final class T136 implements ConformanceTest {
    private static final String[] SECRETS = {"--object", "secret,id=s,data=abc", "--object", "secret,id=n,data=xyz",
        "--object", "secret,id=e,data="};
    private static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};

    private final Map<Integer, byte[]> lastMaterial = new HashMap<>();
    private String prefix;
    private String img;

    private String opts(String secret) {
        return "driver=" + (prefix.isEmpty() ? "luks" : "qcow2") + "," + prefix + "key-secret=" + secret
                + ",file.filename=" + img;
    }

    /** Amend options: each "name=value" gets the format's prefix. */
    private String o(String... kvs) {
        StringBuilder sb = new StringBuilder();
        for (String kv : kvs) {
            sb.append(sb.isEmpty() ? "" : ",").append(kv.contains("=") && !kv.startsWith("size=")
                    && !kv.startsWith("lazy_refcounts=") ? prefix + kv : kv);
        }
        return sb.toString();
    }

    private void amend(TestContext t, String openSecret, String options, String... extra) {
        String[] args = new String[SECRETS.length + extra.length + 5];
        int i = 0;
        args[i++] = "amend";
        for (String s : SECRETS) {
            args[i++] = s;
        }
        for (String e : extra) {
            args[i++] = e;
        }
        args[i++] = "--image-opts";
        args[i++] = "-o";
        args[i++] = options;
        args[i] = opts(openSecret);
        echo(t, t.imgMerged(args));
    }

    private static void echo(TestContext t, ToolResult r) {
        String out = t.filter(r.merged()).replace("\r", "\\r").stripTrailing();
        if (!out.isEmpty()) {
            t.echo(out);
        }
        t.echo("rc=" + r.exitCode());
    }

    private void read(TestContext t, String secret) {
        t.echo("open with secret " + secret + ":");
        t.echo("rc=" + t.io(SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4], SECRETS[5],
                "--image-opts", "-c", "read -q -P 0x5a 0 64k", opts(secret)));
    }

    /** The key slots as the file holds them, without the random salts, iterations and keys. */
    private void slots(TestContext t) throws Exception {
        byte[] file = Files.readAllBytes(Path.of(img));
        int base = -1;
        for (int off = 0; off + MAGIC.length <= file.length && base < 0; off += 512) {
            if (Arrays.equals(file, off, off + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                base = off;
            }
        }
        if (base < 0) {
            t.echo("no LUKS header");
            return;
        }
        ByteBuffer h = ByteBuffer.wrap(file, base, 592).slice();
        int keyBytes = h.getInt(108);
        for (int i = 0; i < 8; i++) {
            int s = 208 + 48 * i;
            int active = h.getInt(s);
            boolean iters = h.getInt(s + 4) != 0;
            boolean salt = !Arrays.equals(file, base + s + 8, base + s + 40, new byte[32], 0, 32);
            int offset = h.getInt(s + 40);
            long start = base + (long) offset * 512;
            int len = keyBytes * h.getInt(s + 44);
            byte[] material = start + len <= file.length
                    ? Arrays.copyOfRange(file, (int) start, (int) start + len) : new byte[0];
            boolean zero = Arrays.equals(material, new byte[material.length]);
            byte[] last = lastMaterial.put(i, material);
            t.echo(String.format("slot %d: %s iters=%s salt=%s key-offset=%d stripes=%d material=%s%s", i,
                    active == 0x00ac71f3 ? "active" : active == 0xdead ? "inactive" : Integer.toHexString(active),
                    iters ? "set" : "0", salt ? "set" : "0", offset, h.getInt(s + 44), zero ? "zero" : "data",
                    last == null || Arrays.equals(last, material) ? "" : " (changed)"));
        }
    }

    @Override
    public void run(TestContext t) throws Exception {
        boolean luks = t.fmt().equals("luks");
        prefix = luks ? "" : "encrypt.";
        img = t.testImg();
        t.echo("=== -o help (no image opened, no secret needed) ===");
        t.echo("rc=" + t.img("amend", "-f", t.fmt(), "-o", "help", img));

        t.echo("=== create, write with secret s ===");
        t.echo("rc=" + t.img("create", "-q", "-f", t.fmt(), SECRETS[0], SECRETS[1], "-o",
                (luks ? "" : "encrypt.format=luks,") + o("key-secret=s", "iter-time=10"), img, "1M"));
        t.echo("rc=" + t.io(SECRETS[0], SECRETS[1], "--image-opts", "-c", "write -q -P 0x5a 0 64k", opts("s")));
        slots(t);

        t.echo("=== add secret n to the first free slot, with -p ===");
        amend(t, "s", o("state=active", "new-secret=n", "iter-time=10"), "-p");
        slots(t);
        t.echoFiltered(t.imgQuiet("info", img).merged(), s -> LuksFilter.hide(s).replaceAll("(?m)^(?!\\s+(\\[|active|key offset|stripes|payload)).*\n", ""));
        read(t, "n");
        read(t, "s");

        t.echo("=== add the empty secret e to slot 5 ===");
        amend(t, "n", o("state=active", "new-secret=e", "keyslot=5", "iter-time=10"));
        slots(t);
        read(t, "e");

        t.echo("=== refusals (nothing changes) ===");
        amend(t, "s", o("state=active"));
        amend(t, "s", o("state=active", "new-secret=n", "old-secret=s"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=8"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=-1"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=1"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=4294967296"));
        amend(t, "s", o("state=active", "new-secret=nope"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=1x"));
        amend(t, "s", o("state=inactive"));
        amend(t, "s", o("state=inactive", "keyslot=3"));
        amend(t, "s", o("state=inactive", "keyslot=9"));
        amend(t, "s", o("state=inactive", "keyslot=1", "old-secret=s"));
        amend(t, "s", o("state=inactive", "keyslot=3", "old-secret=s"));
        amend(t, "s", o("state=inactive", "new-secret=n"));
        amend(t, "s", o("state=inactive", "old-secret=nope"));
        amend(t, "s", o("state=inactive", "old-secret=nope", "keyslot=9"));
        amend(t, "s", o("state=inactive", "old-secret=x"));
        amend(t, "s", o("state=bogus"));
        amend(t, "s", o("new-secret=n"));
        amend(t, "s", o("iter-time=10"));
        amend(t, "s", o("key-secret=s"));
        amend(t, "s", o("cipher-alg=aes-128"));
        amend(t, "s", "foo=bar");
        amend(t, "s", o("state=active", "size=4M"));
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=1"), "-p");
        amend(t, "x", o("state=active", "new-secret=n"));
        amend(t, "s", o("state=active", "new-secret=n"), "-q", "-t", "bogus");
        echo(t, t.imgMerged("amend", SECRETS[0], SECRETS[1], "-f", t.fmt(), "-o", o("state=active",
                "new-secret=n"), img));
        echo(t, t.imgMerged("amend", SECRETS[0], SECRETS[1], "-f", t.fmt(), "--image-opts", "-o",
                o("state=active", "new-secret=n"), opts("s")));
        echo(t, t.imgMerged("amend", SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], "--image-opts", "-o",
                o("state=active", "new-secret=n", "iter-time=10"), opts("s") + ",read-only=on"));
        slots(t);

        t.echo("=== erase slot 1 (secret n) by index, with -q ===");
        amend(t, "s", o("state=inactive", "keyslot=1"), "-q");
        slots(t);
        read(t, "n");
        read(t, "s");

        t.echo("=== add n to slots 1, 2, 3, then erase every slot holding n ===");
        for (int i = 0; i < 3; i++) {
            amend(t, "s", o("state=active", "new-secret=n", "iter-time=10"));
        }
        amend(t, "s", o("state=inactive", "old-secret=n"));
        slots(t);
        read(t, "n");

        t.echo("=== all slots in use ===");
        for (int i = 0; i < 6; i++) {
            amend(t, "s", o("state=active", "new-secret=n", "iter-time=0"));
        }
        amend(t, "s", o("state=active", "new-secret=n", "iter-time=10"));
        slots(t);

        t.echo("=== --force: overwrite active slot 0 with n, then erase every other slot ===");
        amend(t, "s", o("state=active", "new-secret=n", "keyslot=0", "iter-time=10"), "--force");
        read(t, "s");
        amend(t, "n", o("state=inactive", "old-secret=e"));
        for (int i = 1; i < 8; i++) {
            if (i != 5) {
                amend(t, "n", o("state=inactive", "keyslot=" + i));
            }
        }
        slots(t);
        read(t, "n");
        t.echo("=== the last slot: refused, then erased with --force ===");
        amend(t, "n", o("state=inactive", "old-secret=n"));
        amend(t, "n", o("state=inactive", "keyslot=0"), "--force");
        slots(t);
        read(t, "n");

        if (!luks) {
            t.echo("=== qcow2 without LUKS encryption ===");
            t.echo("rc=" + t.img("create", "-q", "-f", "qcow2", img, "1M"));
            t.echo("rc=" + t.img("amend", "-o", "encrypt.keyslot=1,lazy_refcounts=on", img));
            t.echo("rc=" + t.img("amend", "-o", "encrypt.state=active,encrypt.new-secret=n", img));
            t.imgInfo();
            t.echo("rc=" + t.img("create", "-q", "-f", "qcow2", SECRETS[0], SECRETS[1], "-o",
                    "encrypt.format=aes,encrypt.key-secret=s", img, "1M"));
            amend(t, "s", o("state=active", "new-secret=n"));
        }
    }
}
