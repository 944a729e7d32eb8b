package io.jiotests.harness.run;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import java.util.List;
import java.util.Set;

/**
 * A discovered test case: its metadata and class.
 *
 * @param number   NNN
 * @param title    one line
 * @param groups   groups
 * @param formats  supported formats ("generic" matches every requested format)
 * @param protocols supported protocols
 * @param requires extra programs needed
 * @param type     the class implementing the test
 */
public record TestInfo(int number, String title, List<String> groups, List<String> formats,
                       List<String> protocols, List<String> requires,
                       Class<? extends ConformanceTest> type) {

    /** The formats "generic" stands for when no format is requested explicitly. */
    public static final List<String> GENERIC_DEFAULT = List.of("raw", "qcow2");

    public static TestInfo of(Class<? extends ConformanceTest> type) {
        IoTest a = type.getAnnotation(IoTest.class);
        if (a == null) {
            throw new IllegalArgumentException(type.getName() + " has no @IoTest annotation");
        }
        return new TestInfo(a.number(), a.title(), List.of(a.groups()), List.of(a.formats()),
                List.of(a.protocols()), List.of(a.requires()), type);
    }

    /** "001". */
    public String id() {
        return String.format("%03d", number);
    }

    public boolean supportsFormat(String fmt) {
        return formats.contains(fmt) || formats.contains("generic");
    }

    public boolean supportsProtocol(String proto) {
        return protocols.contains(proto) || protocols.contains("generic");
    }

    public boolean inAnyGroup(Set<String> wanted) {
        for (String g : groups) {
            if (wanted.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /** A new instance of the test class (package-private classes are opened reflectively). */
    public ConformanceTest instantiate() throws ReflectiveOperationException {
        var ctor = type.getDeclaredConstructor();
        ctor.setAccessible(true);
        return ctor.newInstance();
    }
}
