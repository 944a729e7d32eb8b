package io.jiotests.harness.backend;

import java.util.Set;

/** The built-in backends: qemu (host reference), java (in-process engine), java-cli (launchers), java-daemon. */
public final class BuiltinBackends implements BackendFactory {

    private static final Set<String> NAMES = Set.of("qemu", "java", "java-cli", JavaDaemonBackend.NAME);

    @Override
    public boolean handles(String name) {
        return NAMES.contains(name);
    }

    @Override
    public Backend create(String name, RunEnvironment env) {
        return switch (name) {
            case "qemu" -> QemuBackend.fromEnvironment(env);
            case "java" -> new JavaBackend();
            case "java-cli" -> JavaCliBackend.fromRepo(env);
            case JavaDaemonBackend.NAME -> JavaDaemonBackend.fromRepo(env);
            default -> throw new IllegalArgumentException("not a built-in backend: " + name);
        };
    }

    @Override
    public String describe() {
        return "qemu (host qemu-img/qemu-io; QEMU_IMG_PROG/QEMU_IO_PROG), java (in-process engine), "
                + "java-cli (bin/jqemu-img, bin/jqemu-io), java-daemon (the same with JQEMU_DAEMON=on: one daemon JVM)";
    }
}
