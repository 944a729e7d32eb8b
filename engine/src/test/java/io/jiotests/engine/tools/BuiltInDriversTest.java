package io.jiotests.engine.tools;

import io.jiotests.engine.block.BlockDriver;
import io.jiotests.engine.block.DriverRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's preset driver list is the engine's service file, in its order, so a tool run
 * through bin/ sees the same drivers as ServiceLoader discovery (a driver added to the service
 * file but not to BuiltInDrivers fails here).
 */
class BuiltInDriversTest {
    private static List<String> classNames(Iterable<? extends BlockDriver> drivers) {
        List<String> names = new ArrayList<>();
        for (BlockDriver d : drivers) {
            names.add(d.getClass().getName());
        }
        return names;
    }

    @Test
    void sameDriversInTheSameOrderAsTheServiceFile() throws IOException {
        List<String> listed = new ArrayList<>();
        try (InputStream in = BlockDriver.class.getResourceAsStream("/META-INF/services/" + BlockDriver.class.getName())) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceAll("#.*", "").strip();
                if (!name.isEmpty()) {
                    listed.add(name);
                }
            }
        }
        assertThat(listed).hasSizeGreaterThan(10);
        assertThat(classNames(BuiltInDrivers.all())).containsExactlyElementsOf(listed);
        assertThat(classNames(ServiceLoader.load(BlockDriver.class))).containsExactlyElementsOf(listed);
    }

    @Test
    void presetRegistryFindsWhatTheServiceLoaderRegistryFinds() {
        DriverRegistry preset = new DriverRegistry(new ArrayList<>(BuiltInDrivers.all()));
        DriverRegistry loaded = DriverRegistry.loadDefault();
        assertThat(classNames(preset.all())).isEqualTo(classNames(loaded.all()));
        for (String name : List.of("file", "raw", "qcow2", "vmdk", "vpc", "blkdebug")) {
            assertThat(preset.find(name).getClass()).isEqualTo(loaded.find(name).getClass());
        }
    }
}
