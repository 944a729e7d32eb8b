package io.jiotests.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionAndPlanTest {

    @IoTest(number = 901, title = "generic", groups = {"quick", "rw"})
    static final class Generic implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @IoTest(number = 902, title = "qcow2 only", groups = {"backing"}, formats = {"qcow2"})
    static final class Qcow2Only implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    @IoTest(number = 903, title = "vmdk only", formats = {"vmdk"})
    static final class VmdkOnly implements ConformanceTest {
        @Override
        public void run(TestContext t) {
        }
    }

    private final List<TestInfo> catalog = List.of(TestInfo.of(Generic.class), TestInfo.of(Qcow2Only.class),
            TestInfo.of(VmdkOnly.class));

    @Test
    void numbersAndRanges() {
        Selection s = Selection.parse(List.of("001", "4-10", "900-"));
        assertThat(s.matches(1)).isTrue();
        assertThat(s.matches(2)).isFalse();
        assertThat(s.matches(4)).isTrue();
        assertThat(s.matches(10)).isTrue();
        assertThat(s.matches(11)).isFalse();
        assertThat(s.matches(950)).isTrue();
        assertThat(Selection.all().matches(123)).isTrue();
    }

    @Test
    void badSelectorsAreRejected() {
        assertThatThrownBy(() -> Selection.parse(List.of("10-4"))).hasMessageContaining("empty test range");
        assertThatThrownBy(() -> Selection.parse(List.of("abc"))).hasMessageContaining("not a test number");
    }

    @Test
    void genericMeansRawAndQcow2ByDefaultAndAnyRequestedFormat() {
        assertThat(Plan.formatsFor(catalog.get(0), List.of())).containsExactly("raw", "qcow2");
        assertThat(Plan.formatsFor(catalog.get(0), List.of("vmdk"))).containsExactly("vmdk");
        assertThat(Plan.formatsFor(catalog.get(1), List.of())).containsExactly("qcow2");
        assertThat(Plan.formatsFor(catalog.get(1), List.of("raw"))).isEmpty();
        assertThat(Plan.formatsFor(catalog.get(2), List.of())).containsExactly("vmdk");
    }

    @Test
    void planFiltersByGroupAndExpandsImpls() {
        List<TestCase> cases = Plan.build(catalog, Selection.all(), Set.of("rw", "backing"), Set.of("backing"),
                List.of(), "file", List.of("qemu", "java"));
        assertThat(cases).extracting(TestCase::label)
                .containsExactly("901 raw qemu", "901 raw java", "901 qcow2 qemu", "901 qcow2 java");
        assertThat(Plan.build(catalog, Selection.parse(List.of("902")), Set.of(), Set.of(), List.of("qcow2"), "nbd",
                List.of("qemu"))).isEmpty();
    }
}
