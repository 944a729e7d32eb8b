package io.jiotests.harness.run;

/** One scheduled run: a test on one image format, protocol and implementation. */
public record TestCase(TestInfo test, String fmt, String proto, String impl) {

    /** "001 qcow2 java". */
    public String label() {
        return test.id() + " " + fmt + " " + impl;
    }

    /** A file-name-safe form of the implementation name ("qemu-container:10.0" -> "qemu-container_10.0"). */
    public static String safeImpl(String impl) {
        return impl.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
