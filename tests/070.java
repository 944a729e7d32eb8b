package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** qcow2-specific create options: valid and invalid cluster sizes, compat, the data_file family. */
@IoTest(number = 70, title = "qcow2 create options and their validation",
        groups = {"img", "create", "auto", "quick"}, formats = {"qcow2"})
final class T070 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String img = t.testImg();
        for (String o : new String[] {"cluster_size=256", "cluster_size=512", "cluster_size=2M", "cluster_size=4M",
                "cluster_size=3000", "cluster_size=16k,extended_l2=on", "cluster_size=4k,extended_l2=on",
                "compat=v2", "compat=v3", "compat=0.11", "version=v3", "compression_type=zstd",
                "compression_type=lz4", "encrypt.format=foo", "lazy_refcounts=maybe",
                "preallocation=metadata,compat=0.10", "data_file_raw=on"}) {
            t.echo("--- " + o);
            t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", o, img, "1M"));
            if (t.imgQuiet("info", img).exitCode() == 0) {
                t.imgInfo("--output=json");
            }
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(img));
        }
    }
}
