package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Hostile qcow2 tables: L1 and L2 entries past the end of file, unaligned, or pointing into the header. */
@IoTest(number = 201, title = "qcow2 L1/L2 entries past EOF, unaligned or overlapping metadata",
        groups = {"robustness", "hostile", "auto", "quick"}, formats = {"qcow2"})
final class T201 implements ConformanceTest {

    @Override
    public void run(TestContext t) {
        Path img = Path.of(t.testImg());
        String[] cases = {"L1 entry past EOF", "L1 entry unaligned", "L1 entry at the header",
                          "L2 entry past EOF", "L2 entry unaligned", "L2 entry at the L1 table"};
        for (String c : cases) {
            t.echo("=== " + c + " ===");
            t.makeTestImg("64M");
            t.ioCmds("write -P 0x5a 0 64k");
            long l1 = be(t.peek(img, 40, 8));
            long l2 = be(t.peek(img, l1, 8)) & 0x00fffffffffffe00L;
            switch (c) {
                case "L1 entry past EOF" -> t.pokeBe(img, l1, 8, (1L << 63) | (1L << 40));
                case "L1 entry unaligned" -> t.pokeBe(img, l1, 8, (1L << 63) | (l2 + 0x200));
                case "L1 entry at the header" -> t.pokeBe(img, l1, 8, 1L << 63);
                case "L2 entry past EOF" -> t.pokeBe(img, l2, 8, (1L << 63) | (1L << 40));
                case "L2 entry unaligned" -> t.pokeBe(img, l2, 8, be(t.peek(img, l2, 8)) + 0x200);
                default -> t.pokeBe(img, l2, 8, (1L << 63) | l1);
            }
            t.echo("read rc=" + t.io("-r", "-f", "qcow2", "-c", "read 0 64k", t.testImg()));
            t.echo("check rc=" + t.img("check", "-f", "qcow2", t.testImg()));
        }
    }

    private static long be(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}
