package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** qcow2 open-option validation against the messages qemu-io 7.2 prints for the same options. */
class Qcow2OpenOptionsTest {

    private static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void rejects(Map<String, String> o, String message) {
        assertThatThrownBy(() -> Qcow2OpenOptions.validate(o, 4096, false)).hasMessage(message);
    }

    @Test
    void acceptsEveryOptionQemuAccepts() {
        Map<String, String> o = opts("lazy-refcounts", "off", "pass-discard-request", "on",
                "pass-discard-snapshot", "off", "pass-discard-other", "on", "overlap-check", "all",
                "overlap-check.template", "all", "overlap-check.main-header", "on",
                "overlap-check.bitmap-directory", "off", "l2-cache-size", "1M", "refcount-cache-size", "64k",
                "l2-cache-entry-size", "512", "cache-clean-interval", "4294967295", "encrypt.key-secret", "x");
        assertThatCode(() -> Qcow2OpenOptions.validate(o, 4096, false)).doesNotThrowAnyException();
        assertThatCode(() -> Qcow2OpenOptions.validate(opts("cache-size", "1", "l2-cache-size", "1"), 4096, false))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsWithQemusMessages() {
        rejects(opts("nosuch", "1"), "Block format 'qcow2' does not support the option 'nosuch'");
        rejects(opts("discard-request", "x"), "Block format 'qcow2' does not support the option 'discard-request'");
        rejects(opts("l2-cache-size", "1M", "refcount-cache-size", "1M", "cache-size", "1M"),
                "cache-size, l2-cache-size and refcount-cache-size may not be set at the same time");
        rejects(opts("l2-cache-size", "2M", "cache-size", "1M"), "l2-cache-size may not exceed cache-size");
        rejects(opts("refcount-cache-size", "2M", "cache-size", "1M"),
                "refcount-cache-size may not exceed cache-size");
        rejects(opts("l2-cache-entry-size", "100"),
                "L2 cache entry size must be a power of two between 512 and the cluster size (4096)");
        rejects(opts("l2-cache-entry-size", "8k"),
                "L2 cache entry size must be a power of two between 512 and the cluster size (4096)");
        rejects(opts("l2-cache-entry-size", "1000"),
                "L2 cache entry size must be a power of two between 512 and the cluster size (4096)");
        rejects(opts("cache-clean-interval", "-1"), "Cache clean interval too big");
        rejects(opts("cache-clean-interval", "4294967296"), "Cache clean interval too big");
        rejects(opts("cache-clean-interval", "x"), "Parameter 'cache-clean-interval' expects a number");
        rejects(opts("overlap-check", "bogus"), "Unsupported value 'bogus' for qcow2 option 'overlap-check'. "
                + "Allowed are any of the following: none, constant, cached, all");
        rejects(opts("overlap-check", "none", "overlap-check.template", "all"),
                "Conflicting values for qcow2 options 'overlap-check' ('none') and 'overlap-check.template' ('all')");
        rejects(opts("lazy-refcounts", "maybe"), "Parameter 'lazy-refcounts' expects 'on' or 'off'");
        rejects(opts("nosuch", "1", "l2-cache-size", "x"), "Parameter 'l2-cache-size' expects a non-negative "
                + "number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                + "and exabytes, respectively.");
        rejects(opts("encrypt.format", "aes"), "No encryption in image header, but options specified format 'aes'");
    }

    @Test
    void createEncryptionOptionsAsQemuImgChecksThem() {
        assertThatThrownBy(() -> Qcow2Create.checkEncryption(new io.jiotests.engine.block.OptionValues()
                .set("encrypt.format", "foo"))).hasMessage("Parameter 'format' does not accept value 'foo'");
        assertThatThrownBy(() -> Qcow2Create.checkEncryption(new io.jiotests.engine.block.OptionValues()
                .set("encrypt.format", "luks"))).hasMessage("Parameter 'encrypt.key-secret' is required for cipher");
        assertThatThrownBy(() -> Qcow2Create.checkEncryption(new io.jiotests.engine.block.OptionValues()
                .set("encryption", "on"))).hasMessage("Parameter 'encrypt.key-secret' is required for cipher");
        assertThatThrownBy(() -> Qcow2Create.checkEncryption(new io.jiotests.engine.block.OptionValues()
                .set("encryption", "on").set("encrypt.format", "foo")))
                .hasMessage("'encrypt.format' and its alias 'encryption' can't be used at the same time");
        assertThatCode(() -> Qcow2Create.checkEncryption(new io.jiotests.engine.block.OptionValues()
                .set("encryption", "off"))).doesNotThrowAnyException();
    }
}
