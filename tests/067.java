package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.file.Path;

/** check --output=json for a clean image, one with leaks, one with corruptions, and after repair. */
@IoTest(number = 67, title = "check --output=json",
        groups = {"check", "auto", "quick"}, formats = {"qcow2"})
final class T067 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        Path img = Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x67 0 256k", "write -c -P 0x68 512k 64k");
        t.echo("clean: rc=" + t.img("check", "--output=json", t.testImg()));
        t.pokeBe(img, T063.l2EntryOffset(t, img, 3), 8, 0);
        t.echo("leaks: rc=" + t.img("check", "--output=json", t.testImg()));
        long host = T063.be(t, img, T063.l2EntryOffset(t, img, 1), 8) & 0x00fffffffffffe00L;
        t.pokeBe(img, T063.refcountOffset(t, img, host / 65536), 2, 0);
        t.echo("corruptions and leaks: rc=" + t.img("check", "--output=json", t.testImg()));
        t.echo("repair: rc=" + t.img("check", "-r", "all", "--output=json", t.testImg()));
        t.echo("bad output format: rc=" + t.img("check", "--output=xml", t.testImg()));
        t.echo("raw: rc=" + t.img("check", "-f", "raw", "--output=json", t.testImg()));
    }
}
