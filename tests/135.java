package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import io.jiotests.harness.api.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * LUKS with the ciphers and hash beyond AES/SHA: twofish, serpent and cast5 in xts, cbc, ctr and ecb
 * with plain, plain64 and essiv IVs, ripemd160 as PBKDF2/AF hash, in luks images and in qcow2 with
 * encrypt.format=luks: create, info (random UUID and timed iteration counts filtered), qemu-io
 * write and read back, check; the combinations QEMU refuses (cast5 in xts, serpent-64,
 * twofish-512, des, essiv hashes no key size fits) with its texts; an AES-256-CBC encrypted secret
 * object (keyid, iv, fixed master key) as key-secret, and its refusals (no iv, short iv, wrong
 * master key, missing keyid secret).
 */
@IoTest(number = 135, title = "luks: twofish, serpent, cast5, ripemd160 and encrypted secrets",
        groups = {"formats", "luks", "auto"}, formats = {"luks"})
final class T135 implements ConformanceTest {
    private static final String SECRET = "secret,id=sec0,data=hunter2";
    private static final String[] LUKS_SPECS = {
        "cipher-alg=twofish-256,hash-alg=ripemd160",
        "cipher-alg=serpent-128,cipher-mode=cbc,ivgen-alg=essiv",
        "cipher-alg=cast5-128,cipher-mode=ctr,ivgen-alg=plain,hash-alg=sha1",
        "cipher-alg=serpent-256,cipher-mode=ecb,hash-alg=ripemd160",
        "cipher-alg=cast5-128,cipher-mode=cbc,ivgen-alg=essiv,ivgen-hash-alg=md5",
        "cipher-alg=twofish-192,cipher-mode=xts,ivgen-alg=plain64",
    };
    private static final String[] REFUSED = {
        "cipher-alg=cast5-128",
        "cipher-alg=serpent-64",
        "cipher-alg=twofish-512",
        "cipher-alg=des",
        "ivgen-alg=essiv,ivgen-hash-alg=ripemd160",
        "cipher-alg=twofish-128,ivgen-alg=essiv,ivgen-hash-alg=sha384",
        "cipher-alg=cast5-128,cipher-mode=cbc,ivgen-alg=essiv",
    };

    private void infoFiltered(TestContext t, String... args) {
        ToolResult r = t.imgMerged(args);
        t.echoFiltered(r.merged(), LuksFilter::hide);
        t.echo("rc=" + r.exitCode());
    }

    private static String opts(String driver, String img) {
        return "driver=" + driver + "," + (driver.equals("qcow2") ? "encrypt." : "") + "key-secret=sec0,file.filename="
                + img;
    }

    private void writeReadCheck(TestContext t, String driver, String img) {
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "write -P 0x5a 0 64k", "-c",
                "write -P 0xa5 1000 3000", "-c", "read -P 0x5a 0 1000", "-c", "read -P 0xa5 1000 3000",
                "-c", "read -P 0x5a 4000 61536", opts(driver, img)));
        t.echo("rc=" + t.io("--object", SECRET, "--image-opts", "-c", "read -P 0xa5 1000 3000", "-c",
                "read -P 0x5a 64000 1536", opts(driver, img)));
        t.echo("rc=" + t.img("check", "--object", SECRET, "--image-opts", opts(driver, img)));
    }

    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        t.echo("=== luks with each cipher family and hash ===");
        for (String spec : LUKS_SPECS) {
            t.echo("--- " + spec);
            t.echo("rc=" + t.img("create", "-f", "luks", "--object", SECRET, "-o",
                    "key-secret=sec0,iter-time=10," + spec, img, "1M"));
            infoFiltered(t, "info", img);
            writeReadCheck(t, "luks", img);
        }

        t.echo("=== qcow2 with encrypt.format=luks ===");
        String qcow = t.path("enc.qcow2").toString();
        t.echo("rc=" + t.img("create", "-f", "qcow2", "--object", SECRET, "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10,encrypt.cipher-alg=serpent-192,"
                        + "encrypt.cipher-mode=xts,encrypt.hash-alg=ripemd160", qcow, "1M"));
        infoFiltered(t, "info", "--output=json", qcow);
        writeReadCheck(t, "qcow2", qcow);

        t.echo("=== refused combinations ===");
        for (String spec : REFUSED) {
            t.echo("rc=" + t.img("create", "-f", "luks", "--object", SECRET, "-o",
                    "key-secret=sec0,iter-time=10," + spec, t.path("refused.luks").toString(), "1M"));
            t.echo("exists=" + Files.exists(t.path("refused.luks")));
        }

        t.echo("=== encrypted secret ===");
        byte[] master = new byte[32];
        for (int i = 0; i < master.length; i++) {
            master[i] = (byte) (i * 7 + 3);
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) (0xf0 - i);
        }
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(t.path("master.b64"), b64.encodeToString(master) + "\n");
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master, "AES"), new IvParameterSpec(iv));
        String ciphertext = b64.encodeToString(aes.doFinal("hunter2".getBytes(StandardCharsets.UTF_8)));
        String ivText = b64.encodeToString(iv);
        String masterObj = "secret,id=master,file=" + t.path("master.b64") + ",format=base64";
        String encrypted = "secret,id=sec0,data=" + ciphertext + ",keyid=master,iv=" + ivText + ",format=base64";
        t.echo("rc=" + t.img("create", "-f", "luks", "--object", masterObj, "--object", encrypted, "-o",
                "key-secret=sec0,iter-time=10,cipher-alg=twofish-128,hash-alg=ripemd160", img, "1M"));
        // the image's password is the decrypted secret: the plain one opens it
        writeReadCheck(t, "luks", img);
        t.echo("rc=" + t.io("--object", masterObj, "--object", encrypted, "--image-opts", "-c",
                "read -P 0x5a 0 1000", opts("luks", img)));
        t.echo("--- refusals");
        t.echo("rc=" + t.io("--object", masterObj, "--object", "secret,id=sec0,data=" + ciphertext
                + ",keyid=master,format=base64", "--image-opts", "-c", "read 0 512", opts("luks", img)));
        t.echo("rc=" + t.img("info", "--object", masterObj, "--object", "secret,id=sec0,data=" + ciphertext
                + ",keyid=master,iv=YWJj,format=base64", img));
        t.echo("rc=" + t.img("info", "--object", "secret,id=sec0,data=" + ciphertext + ",keyid=master,iv=" + ivText
                + ",format=base64", img));
        t.echo("rc=" + t.img("info", "--object", "secret,id=master,data=tooshort", "--object", encrypted, img));
        t.echo("rc=" + t.img("info", "--object", masterObj, "--object", "secret,id=sec0,data=" + ciphertext
                + ",keyid=master,iv=" + ivText, img));
        t.echo("rc=" + t.img("info", "--object", masterObj, "--object", "secret,id=sec0,data=" + ciphertext
                + ",keyid=master,iv=" + ivText + "!,format=base64", img));
    }
}
