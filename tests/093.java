package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** Allocation maps (qemu-io map, qemu-img map) of the other formats after sparse writes and zero writes. */
@IoTest(number = 93, title = "allocation maps of qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"map", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T093 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("8M");
        t.ioCmds("write -q -P 0x93 0 64k", "write -q -P 0x94 3M 1M", "write -q -P 0x95 7M 4k", "write -q -z 3M 512k");
        t.ioCmds("map", "alloc 0 64k", "alloc 1M 1M");
        t.echoFiltered(t.imgQuiet("map", "--output=json", "-f", t.fmt(), t.testImg()).stdout(),
                s -> s.replaceAll("\"offset\": [0-9]+", "\"offset\": OFFSET"));
    }
}
