package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Argument parsing and naming rules of jqemu-img checked against texts recorded from qemu-img 7.2. */
class ImgArgumentsTest {

    @Test
    void benchNumbersAreReadLikeStrtolBaseZero() {
        assertThat(ImgBench.parseCLong("0x42")).isEqualTo(0x42L);
        assertThat(ImgBench.parseCLong("010")).isEqualTo(8L);
        assertThat(ImgBench.parseCLong(" 5")).isEqualTo(5L);
        assertThat(ImgBench.parseCLong("+3")).isEqualTo(3L);
        assertThat(ImgBench.parseCLong("-1")).isEqualTo(-1L);
        assertThat(ImgBench.parseCLong("0")).isEqualTo(0L);
        assertThat(ImgBench.parseCLong("0x")).isNull();
        assertThat(ImgBench.parseCLong("5 ")).isNull();
        assertThat(ImgBench.parseCLong("5k")).isNull();
        assertThat(ImgBench.parseCLong("09")).isNull();
        assertThat(ImgBench.parseCLong("")).isNull();
        assertThat(ImgBench.parseCLong("--1")).isNull();
        assertThat(ImgBench.parseCLong("0x-1")).isNull();
    }

    @Test
    void convertOptionConflictsInQemuImgOrder() {
        assertThatThrownBy(() -> ImgConvert.validateCombination(true, false, true, true, false, false, false,
                false, null, false)).hasMessageContaining("Use of --skip-broken-bitmaps requires --bitmaps");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, true, true, true, true, false,
                false, null, false)).hasMessageContaining("Cannot enable copy offloading when -c is used");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, false, true, true, true, false,
                false, null, false)).hasMessageContaining("Cannot enable copy offloading when -S is used");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, false, true, false, true, false,
                false, null, false)).hasMessageContaining("Cannot use copy offloading in salvaging mode");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, false, false, false, false, true,
                false, null, true)).hasMessageContaining("--target-image-opts requires use of -n flag");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, false, false, false, false, false,
                true, "cluster_size=4k", true)).hasMessageContaining("-o has no effect when skipping image creation");
        assertThatThrownBy(() -> ImgConvert.validateCombination(false, false, false, false, false, false, false,
                false, "a=b", true)).hasMessageContaining("--target-is-zero requires use of -n flag");
    }

    @Test
    void convertAcceptsConsistentOptions() throws Exception {
        ImgConvert.validateCombination(false, true, true, false, true, true, false, true, null, true);
        ImgConvert.validateCombination(true, true, false, true, false, false, true, true, null, false);
    }

    @Test
    void imageNamesAsQemuPrintsThem() {
        assertThat(ImageDisplayName.of("t.raw", false, "raw")).isEqualTo("t.raw");
        assertThat(ImageDisplayName.of("file:a:b.raw", false, "raw")).isEqualTo("./a:b.raw");
        assertThat(ImageDisplayName.of("file:t.raw", false, "raw")).isEqualTo("t.raw");
        assertThat(ImageDisplayName.of("file:/d/a:b.raw", false, "raw")).isEqualTo("/d/a:b.raw");
        assertThat(ImageDisplayName.of("./a:b.raw", false, "raw")).isEqualTo("./a:b.raw");
        assertThat(ImageDisplayName.of(
                "json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"t.qcow2\"}}", false, "qcow2"))
                .isEqualTo("t.qcow2");
        assertThat(ImageDisplayName.of("json:{\"driver\":\"raw\",\"file.filename\":\"t.raw\"}", false, "raw"))
                .isEqualTo("t.raw");
        assertThat(ImageDisplayName.of("json:{\"driver\":\"raw\",\"offset\":65536,\"size\":131072,"
                + "\"file\":{\"driver\":\"file\",\"filename\":\"t.raw\"}}", false, "raw"))
                .isEqualTo("json:{\"offset\": 65536, \"driver\": \"raw\", \"size\": 131072, "
                        + "\"file\": {\"driver\": \"file\", \"filename\": \"t.raw\"}}");
        assertThat(ImageDisplayName.of("driver=raw,size=512,offset=0,file.filename=t.raw", true, "raw"))
                .isEqualTo("json:{\"offset\": \"0\", \"driver\": \"raw\", \"size\": \"512\", "
                        + "\"file\": {\"driver\": \"file\", \"filename\": \"t.raw\"}}");
        assertThat(ImageDisplayName.of("json:{\"driver\":\"raw\",\"file\":{\"driver\":\"raw\","
                + "\"file\":{\"driver\":\"file\",\"filename\":\"t.raw\"}}}", false, "raw"))
                .isEqualTo("json:{\"driver\": \"raw\", \"file\": {\"driver\": \"raw\", "
                        + "\"file\": {\"driver\": \"file\", \"filename\": \"t.raw\"}}}");
        assertThat(ImageDisplayName.of("driver=file,filename=t.raw", true, "file")).isEqualTo("t.raw");
        assertThat(ImageDisplayName.of("size=512,file.filename=t.raw", true, "raw"))
                .isEqualTo("json:{\"driver\": \"raw\", \"size\": \"512\", "
                        + "\"file\": {\"driver\": \"file\", \"filename\": \"t.raw\"}}");
        // the secret of an encrypted image is a strong option (qemu-img 7.2 prints these names)
        assertThat(ImageDisplayName.of("driver=luks,file.filename=/tmp/c.luks,key-secret=s", true, "luks"))
                .isEqualTo("json:{\"driver\": \"luks\", \"file\": {\"driver\": \"file\", "
                        + "\"filename\": \"/tmp/c.luks\"}, \"key-secret\": \"s\"}");
        assertThat(ImageDisplayName.of("driver=qcow2,file.filename=e.qcow2,encrypt.key-secret=s", true, "qcow2"))
                .isEqualTo("json:{\"encrypt.key-secret\": \"s\", \"driver\": \"qcow2\", "
                        + "\"file\": {\"driver\": \"file\", \"filename\": \"e.qcow2\"}}");
        assertThat(ImageDisplayName.of("driver=qcow2,file.filename=e.qcow2,l2-cache-size=1M", true, "qcow2"))
                .isEqualTo("e.qcow2");
    }
}
