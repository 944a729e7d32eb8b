package io.jiotests.harness.container;

import io.jiotests.harness.backend.Backend;
import io.jiotests.harness.backend.BackendFactory;
import io.jiotests.harness.backend.RunEnvironment;

/** Makes the {@code qemu-container:<version>} backends (registered through ServiceLoader). */
public final class QemuContainerBackends implements BackendFactory {
    @Override
    public boolean handles(String name) {
        return name.startsWith(QemuContainerBackend.PREFIX);
    }

    @Override
    public Backend create(String name, RunEnvironment env) {
        return new QemuContainerBackend(name, env);
    }

    @Override
    public String describe() {
        return "qemu-container:VERSION (reference QEMU in container jiotests/qemu:VERSION, e.g. 7.2 or 10.0; "
                + "build with reference-qemu/build.sh)";
    }
}
