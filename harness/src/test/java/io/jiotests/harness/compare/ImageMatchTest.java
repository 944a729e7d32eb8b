package io.jiotests.harness.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.backend.QemuBackend;
import io.jiotests.harness.backend.RunEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reports show of a checkpoint image comparison, with the host's qemu-img as the reference. */
class ImageMatchTest {
    @TempDir
    Path dir;

    private ImageMatch match(Path ref, Path other) {
        CheckpointComparer c = new CheckpointComparer(
                Map.of("qemu", QemuBackend.fromEnvironment(new RunEnvironment(dir, dir, System.getenv()))), Duration.ofSeconds(60));
        return c.match("end of test", "t.qcow2", null, "qcow2", "qemu", ref, ref.getParent(), "java", other, other.getParent());
    }

    @Test
    void sameStepsReachBytes() throws IOException {
        ImageMatch m = match(HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k"), HostQemu.qcow2Image(dir, "act", "write -P 1 0 64k"));
        assertThat(m.required()).isEqualTo("bytes");
        assertThat(m.reached()).isEqualTo("bytes");
        assertThat(m.firstDiff()).isEqualTo(-1);
        assertThat(m.field()).isEmpty();
        assertThat(m.holds()).isTrue();
        assertThat(m.levels()).hasSize(4).first().asString().startsWith("bytes: pass - bytes identical");
    }

    @Test
    void sameContentsInAnotherLayoutReachGuestVisibleWithTheFirstDifferingField() throws IOException {
        ImageMatch m = match(HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k", "write -P 2 1M 64k"),
                HostQemu.qcow2Image(dir, "act", "write -P 2 1M 64k", "write -P 1 0 64k"));
        assertThat(m.reached()).isEqualTo("guest-visible");
        assertThat(m.firstDiff()).isPositive();
        assertThat(m.field()).startsWith("L2 table @0x");
        assertThat(m.holds()).isFalse();
        assertThat(m.failures()).first().asString().startsWith("required bytes: bytes: fail - bytes differ at offset "
                + m.firstDiff() + " (0x" + Long.toHexString(m.firstDiff()) + "): L2 table @0x");
    }

    @Test
    void differentContentsReachNone() throws IOException {
        ImageMatch m = match(HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k"), HostQemu.qcow2Image(dir, "act", "write -P 3 0 64k"));
        assertThat(m.reached()).isEqualTo("none");
        assertThat(m.firstDiff()).isPositive();
        assertThat(m.field()).isNotEmpty();
        assertThat(m.levels()).contains("guest-visible: fail - qemu-img compare: Content mismatch at offset 0!");
    }

    @Test
    void missingCopiesAreNotCompared() throws IOException {
        Path ref = HostQemu.qcow2Image(dir, "ref", "write -P 1 0 64k");
        ImageMatch m = match(ref, dir.resolve("absent.qcow2"));
        assertThat(m.reached()).isEqualTo(ImageMatch.NOT_COMPARED);
        assertThat(m.holds()).isTrue();
        assertThat(m.levels()).containsExactly("no saved copy of both images");
    }
}
