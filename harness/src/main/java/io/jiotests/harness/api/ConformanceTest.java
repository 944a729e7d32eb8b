package io.jiotests.harness.api;

/**
 * A conformance test case. Implementations live in tests/NNN.java as a package-private class
 * {@code TNNN} in package {@code io.jiotests.tests}, annotated with {@link IoTest}. Everything the
 * test prints through its {@link TestContext} is filtered and compared with the golden output.
 */
public interface ConformanceTest {
    void run(TestContext t) throws Exception;
}
