package io.jiotests.harness.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.jiotests.harness.compare.LevelResult.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "level reached" the reports show: climbing from guest-visible towards bytes, up to the first level that did not pass. */
class LevelReachedTest {

    private static List<LevelResult> levels(Outcome bytes, Outcome metadata, Outcome guest) {
        return List.of(new LevelResult("bytes", bytes, true, "", List.of()),
                new LevelResult("metadata", metadata, true, "", List.of()),
                new LevelResult("guest-visible", guest, true, "", List.of()),
                new LevelResult("check (reference on actual)", Outcome.FAIL, true, "", List.of()));
    }

    @Test
    void everyLevelPassing() {
        assertThat(CheckpointComparer.reached(levels(Outcome.PASS, Outcome.PASS, Outcome.PASS))).isEqualTo("bytes");
    }

    @Test
    void bytesDifferingReachesMetadata() {
        assertThat(CheckpointComparer.reached(levels(Outcome.FAIL, Outcome.PASS, Outcome.PASS))).isEqualTo("metadata");
    }

    @Test
    void maskedBytesEqualButMetadataDifferingReachesGuestVisible() {
        assertThat(CheckpointComparer.reached(levels(Outcome.PASS, Outcome.FAIL, Outcome.PASS))).isEqualTo("guest-visible");
    }

    @Test
    void guestVisibleContentsDifferingReachesNone() {
        assertThat(CheckpointComparer.reached(levels(Outcome.PASS, Outcome.PASS, Outcome.FAIL))).isEqualTo("none");
        assertThat(CheckpointComparer.reached(levels(Outcome.PASS, Outcome.PASS, Outcome.NOT_RUN))).isEqualTo("none");
        assertThat(CheckpointComparer.reached(List.of())).isEqualTo("none");
    }

    @Test
    void requiredLabelNamesTheTestsLevel() {
        assertThat(CheckpointComparer.requiredLabel(null, "qcow2")).isEqualTo("bytes");
        assertThat(CheckpointComparer.requiredLabel(null, "vmdk")).isEqualTo("metadata");
        assertThat(CompareLevel.GUEST_VISIBLE.label()).isEqualTo("guest-visible");
    }
}
