package io.jiotests.harness.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Metadata of a conformance test case {@code tests/NNN.java}, like the header of a QEMU iotest
 * (its groups line, _supported_fmt, _supported_proto, _require_command).
 *
 * <pre>{@code
 * @IoTest(number = 1, title = "write and read back patterns",
 *         groups = {"rw", "auto", "quick"}, formats = {"raw", "qcow2"})
 * final class T001 implements ConformanceTest {
 *     public void run(TestContext t) throws Exception { ... }
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IoTest {
    /** The test number NNN; the golden output is golden/NNN.out (or golden/NNN.out.FMT). */
    int number();

    /** One line saying what the test proves. */
    String title();

    /** Groups, as iotests' group file: quick, auto, rw, backing, snapshot, img, io, ... */
    String[] groups() default {"auto"};

    /** Image formats the test supports; "generic" means every format the engine writes. */
    String[] formats() default {"generic"};

    /** Protocols the test supports. */
    String[] protocols() default {"file"};

    /** Programs the test needs besides qemu-img / qemu-io (e.g. "qemu-nbd"); else "not run". */
    String[] requires() default {};

    /**
     * How closely the images of two implementations must match at checkpoints and at the end of the
     * test: "bytes" (exact but for masked random/time fields), "metadata" (info/map --output=json),
     * "guest-visible" (qemu-img compare); "" means bytes for raw and qcow2, metadata otherwise;
     * "none" compares no images (for images no tool can inspect, such as a looping backing chain).
     * Images written by an implementation under test must also pass the reference qemu-img check.
     */
    String imageLevel() default "";
}
