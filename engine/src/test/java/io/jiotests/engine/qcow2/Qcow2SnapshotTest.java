package io.jiotests.engine.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.BlockOpener;
import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.block.OpenFlags;
import io.jiotests.engine.block.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot create / apply / delete give the same bytes as qemu-img snapshot (the creation time
 * is taken over from qemu's snapshot so that the tables can be compared byte for byte).
 */
class Qcow2SnapshotTest {
    @TempDir
    Path dir;

    private BlockNode open(String f) throws Exception {
        return new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                .open(f, "qcow2", null, OpenFlags.readWrite().withUnmap(true));
    }

    private void run(String... cmd) throws Exception {
        QemuTool.Result r = QemuTool.run(dir, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + r.stderr()).isZero();
    }

    private void assertSame() throws Exception {
        assertThat(Files.size(dir.resolve("our.qcow2"))).isEqualTo(Files.size(dir.resolve("ref.qcow2")));
        assertThat(Files.mismatch(dir.resolve("ref.qcow2"), dir.resolve("our.qcow2"))).isEqualTo(-1);
        QemuTool.Result check = QemuTool.run(dir, "qemu-img", "check", "our.qcow2");
        assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
    }

    @Test
    void createApplyDeleteLikeQemuImg() throws Exception {
        for (String f : new String[] {"ref.qcow2", "our.qcow2"}) {
            run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", f, "8M");
            run("qemu-io", "-c", "write -P 1 0 100k", "-c", "write -c -P 3 1M 4k", f);
        }
        String[][] steps = {
            {"-c", "first"}, {"W", "write -P 2 50k 100k"}, {"-c", "second"}, {"-a", "first"},
            {"W", "write -P 4 10k 8k"}, {"-d", "second"}, {"-c", "third"}, {"-d", "first"},
            {"-d", "third"},
        };
        for (String[] step : steps) {
            if (step[0].equals("W")) {
                run("qemu-io", "-c", step[1], "ref.qcow2");
                run("qemu-io", "-c", step[1], "our.qcow2");
                continue;
            }
            run("qemu-img", "snapshot", step[0], step[1], "ref.qcow2");
            SnapshotInfo taken = null;
            if (step[0].equals("-c")) {
                try (BlockNode ref = new BlockOpener(DriverRegistry.loadDefault(), dir, null)
                        .open("ref.qcow2", "qcow2", null, OpenFlags.readOnly())) {
                    List<SnapshotInfo> l = ref.snapshots();
                    taken = l.get(l.size() - 1);
                }
            }
            try (BlockNode node = open("our.qcow2")) {
                switch (step[0]) {
                    case "-c" -> node.snapshotCreate(new SnapshotInfo("", taken.name(),
                            taken.vmStateSize(), taken.dateSeconds(), taken.dateNanos(),
                            taken.vmClockNanos(), taken.icount()));
                    case "-a" -> node.snapshotApply(step[1]);
                    default -> node.snapshotDelete(null, step[1]);
                }
            }
            assertSame();
        }
    }
}
