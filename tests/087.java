package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/** create and info (human and JSON) for every other writable format with its default options. */
@IoTest(number = 87, title = "create and info on qed, vmdk, vdi, vpc, vhdx, parallels",
        groups = {"img", "info", "formats", "auto", "quick"},
        formats = {"qed", "vmdk", "vdi", "vpc", "vhdx", "parallels"})
final class T087 implements ConformanceTest {
    /** vmdk CIDs, vdi/vhdx UUIDs are random per image. */
    static String noIds(String s) {
        return s.replaceAll("(?m)^(\\s*\"?cid\"?:) [0-9]+", "$1 XXX")
                .replaceAll("(?m)^(\\s*\"?parent[- ]cid\"?:) [0-9]+", "$1 XXX")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    }

    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("64M");
        t.ioCmds("write -q -P 0x87 0 1M");
        t.echoFiltered(t.imgQuiet("info", t.testImg()).stdout(), s -> noIds(s.replaceAll("(?m)^ *disk size: .*\n", "")));
        t.echoFiltered(t.imgQuiet("info", "--output=json", "-f", t.fmt(), t.testImg()).stdout(),
                s -> noIds(s.replaceAll("(?m)^\\s*\"actual-size\": [0-9]+,?\n", "")));
        t.echo("=== probing picks the format ===");
        t.echoFiltered(t.imgQuiet("info", "--output=json", t.testImg()).stdout(),
                s -> s.lines().filter(l -> l.contains("\"format\"")).map(l -> l.strip() + "\n").reduce("", String::concat));
        t.echo("=== a non-image is not this format ===");
        t.img("create", "-q", "-f", "raw", t.path("plain.raw").toString(), "1M");
        t.echo("rc=" + t.img("info", "-f", t.fmt(), t.path("plain.raw").toString()));
    }
}
