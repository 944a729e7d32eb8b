package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * Internal snapshots: create, list, apply (reverting later writes), delete (freeing clusters only
 * the snapshot used), errors for unknown names; check stays clean throughout.
 */
@IoTest(number = 52, title = "internal snapshot create, list, apply and delete",
        groups = {"snapshot", "auto", "quick"}, formats = {"qcow2"})
final class T052 implements ConformanceTest {
    static String noDates(String s) {
        return s.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", "yyyy-mm-dd hh:mm:ss");
    }

    @Override
    public void run(TestContext t) throws Exception {
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x01 0 256k");
        t.img("snapshot", "-c", "one", t.testImg());
        t.ioCmds("write -P 0x02 0 128k", "write -P 0x03 512k 64k");
        t.img("snapshot", "-c", "two", t.testImg());
        t.ioCmds("write -P 0x04 0 64k");
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).merged(), T052::noDates);
        t.img("check", t.testImg());
        t.echo("=== apply one ===");
        t.img("snapshot", "-a", "one", t.testImg());
        t.ioCmds("read -P 0x01 0 256k", "read -P 0 256k 768k");
        t.echo("=== apply two by id ===");
        t.img("snapshot", "-a", "2", t.testImg());
        t.ioCmds("read -P 0x02 0 128k", "read -P 0x01 128k 128k", "read -P 0x03 512k 64k");
        t.echo("=== delete one, two keeps its data ===");
        t.img("snapshot", "-d", "one", t.testImg());
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).merged(), T052::noDates);
        t.img("check", t.testImg());
        t.img("snapshot", "-d", "two", t.testImg());
        t.echoFiltered(t.imgQuiet("snapshot", "-l", t.testImg()).merged(), T052::noDates);
        t.img("check", t.testImg());
        t.ioCmds("read -P 0x02 0 128k", "read -P 0x01 128k 128k", "read -P 0x03 512k 64k");
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("snapshot", "-a", "nosuch", t.testImg()));
        t.echo("rc=" + t.img("snapshot", "-d", "nosuch", t.testImg()));
        t.echo("rc=" + t.img("snapshot", "-c", "x", "-d", "y", t.testImg()));
        t.echo("rc=" + t.img("snapshot", t.testImg()));
    }
}
