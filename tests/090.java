package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Format-specific creation options: vmdk subformats, vdi static, vpc fixed and force_size, vhdx
 * block/log sizes and fixed, qed cluster and table sizes, parallels cluster size; and invalid values.
 */
@IoTest(number = 90, title = "format-specific create options of the other formats",
        groups = {"img", "create", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T090 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String[] opts = switch (t.fmt()) {
            case "vmdk" -> new String[] {"subformat=monolithicFlat", "subformat=twoGbMaxExtentSparse",
                    "subformat=streamOptimized", "subformat=monolithicSparse,compat6=on", "subformat=bogus",
                    "adapter_type=lsilogic", "adapter_type=bogus", "zeroed_grain=on"};
            case "vdi" -> new String[] {"static=on", "static=off", "static=maybe"};
            case "vpc" -> new String[] {"subformat=fixed", "subformat=dynamic,force_size=on", "subformat=bogus"};
            case "vhdx" -> new String[] {"subformat=fixed", "block_size=1M", "block_size=3M", "log_size=2M",
                    "log_size=1000k", "block_state_zero=off"};
            case "qed" -> new String[] {"cluster_size=4k", "cluster_size=1M", "cluster_size=3k", "table_size=2",
                    "table_size=3", "table_size=32"};
            case "parallels" -> new String[] {"cluster_size=64k", "cluster_size=2M", "cluster_size=1000"};
            default -> throw t.notRun("no options listed for " + t.fmt());
        };
        t.img("create", "-f", t.fmt(), "-o", "help");
        for (String o : opts) {
            t.echo("--- " + o);
            int rc = t.img("create", "-f", t.fmt(), "-o", o, t.testImg(), "5M");
            t.echo("rc=" + rc);
            if (rc == 0) {
                t.ioCmds("write -q -P 0x90 0 1M", "read -P 0x90 0 1M", "length");
                t.echoFiltered(t.imgQuiet("info", "--output=json", t.testImg()).stdout(),
                        s -> T087.noIds(s.replaceAll("(?m)^\\s*\"actual-size\": [0-9]+,?\n", "")
                                .replaceAll("(?m)^\\s*\"filename\": .*\n", "")));
            }
            for (java.nio.file.Path p : java.nio.file.Files.newDirectoryStream(t.testDir())) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
