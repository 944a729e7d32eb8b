package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img check exit codes: 0 clean, 1 cannot check (missing file, bad format), 2 corruptions,
 * 3 leaks only, 63 format without checks; -q prints nothing but keeps the codes.
 */
@IoTest(number = 68, title = "check exit codes and quiet mode",
        groups = {"check", "auto", "quick"}, formats = {"qcow2"})
final class T068 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        java.nio.file.Path img = java.nio.file.Path.of(t.testImg());
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x68 0 128k");
        t.echo("clean: rc=" + t.img("check", "-q", t.testImg()));
        t.pokeBe(img, T063.l2EntryOffset(t, img, 1), 8, 0);
        t.echo("leak: rc=" + t.img("check", "-q", t.testImg()));
        long host = T063.be(t, img, T063.l2EntryOffset(t, img, 0), 8) & 0x00fffffffffffe00L;
        t.pokeBe(img, T063.refcountOffset(t, img, host / 65536), 2, 0);
        t.echo("corruption: rc=" + t.img("check", "-q", t.testImg()));
        t.echo("repair leaks only: rc=" + t.img("check", "-q", "-r", "leaks", t.testImg()));
        t.echo("repair all: rc=" + t.img("check", "-q", "-r", "all", t.testImg()));
        t.echo("bad -r: rc=" + t.img("check", "-r", "some", t.testImg()));
        t.echo("missing: rc=" + t.img("check", t.path("missing.qcow2").toString()));
        t.echo("raw: rc=" + t.img("check", "-f", "raw", t.testImg()));
        t.echo("wrong format: rc=" + t.img("check", "-f", "vdi", t.testImg()));
        t.echo("read-only (-U): rc=" + t.img("check", "-U", t.testImg()));
    }
}
