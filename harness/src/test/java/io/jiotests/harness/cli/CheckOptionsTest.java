package io.jiotests.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckOptionsTest {

    @Test
    void formatsProtocolGroupsAndSelectors() {
        CheckOptions o = CheckOptions.parse(new String[] {"-qcow2", "-raw", "-file", "-g", "quick,rw", "-x", "backing",
                "-j", "2", "-n", "-d", "--impl", "qemu", "--impl=java", "-o", "cluster_size=4k", "-o", "refcount_bits=1",
                "001", "004-010", "--update-golden", "--report", "/tmp/r"});
        assertThat(o.formats).containsExactly("qcow2", "raw");
        assertThat(o.proto).isEqualTo("file");
        assertThat(o.groups).containsExactly("quick", "rw");
        assertThat(o.excludeGroups).containsExactly("backing");
        assertThat(o.jobs).isEqualTo(2);
        assertThat(o.dryRun).isTrue();
        assertThat(o.showCommands).isTrue();
        assertThat(o.impls).containsExactly("qemu", "java");
        assertThat(o.imgOpts).isEqualTo("cluster_size=4k,refcount_bits=1");
        assertThat(o.selectors).containsExactly("001", "004-010");
        assertThat(o.updateGolden).isTrue();
        assertThat(o.reportDir).hasToString("/tmp/r");
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"-j"})).hasMessageContaining("-j needs a value");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"-j", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"--bogus"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"-qcwo2"})).hasMessageContaining("unknown option or image format");
        assertThat(CheckOptions.parse(new String[] {"-j2"}).jobs).isEqualTo(2);
        assertThatThrownBy(() -> CheckOptions.parse(new String[] {"--impl", "qemu", "--write-expectations", "java"}))
                .hasMessageContaining("runs only those implementations");
    }
}
