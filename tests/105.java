package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qcow2 with an external data file: guest data lands at the same offsets in the data file (which is
 * a valid raw image with data_file_raw=on), metadata stays in the qcow2 file; info and check.
 */
@IoTest(number = 105, title = "qcow2 external data file",
        groups = {"rw", "data_file", "auto", "quick"}, formats = {"qcow2"})
final class T105 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String data = t.testImg() + ".data";
        t.makeTestImg("1M", "-o", "data_file=" + data + ",data_file_raw=on");
        t.ioCmds("write -P 0x51 64k 64k", "write -z 256k 64k", "write -P 0x52 1000k 24k");
        t.io("-f", "raw", "-c", "read -P 0 0 64k", "-c", "read -P 0x51 64k 64k", "-c", "read -P 0x52 1000k 24k", data);
        t.imgInfo();
        t.img("map", "--output=json", t.testImg());
        t.img("check", t.testImg());
        t.echo("qcow2 file size " + t.fileSize(java.nio.file.Path.of(t.testImg())));
        t.echo("=== data file without data_file_raw ===");
        t.makeTestImg("1M", "-o", "data_file=" + data);
        t.ioCmds("write -P 0x53 0 64k", "read -P 0x53 0 64k");
        t.imgInfo();
        java.nio.file.Files.delete(java.nio.file.Path.of(data));
        t.echo("missing data file: rc=" + t.ioCmds("read 0 512"));
        t.echo("=== errors ===");
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "data_file_raw=on", t.testImg(), "1M"));
        t.echo("rc=" + t.img("create", "-f", "qcow2", "-o", "data_file=" + data + ",compat=0.10", t.testImg(), "1M"));
        t.makeTestImg("1M", "-o", "data_file=" + data);
        t.echo("snapshot with a data file: rc=" + t.img("snapshot", "-c", "s", t.testImg()));
    }
}
