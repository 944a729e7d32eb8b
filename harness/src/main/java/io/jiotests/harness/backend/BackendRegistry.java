package io.jiotests.harness.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the factory for an --impl name among the built-in and ServiceLoader-registered ones. */
public final class BackendRegistry {

    private final List<BackendFactory> factories = new ArrayList<>();

    public BackendRegistry() {
        factories.add(new BuiltinBackends());
        for (BackendFactory f : ServiceLoader.load(BackendFactory.class, BackendRegistry.class.getClassLoader())) {
            if (!(f instanceof BuiltinBackends)) {
                factories.add(f);
            }
        }
    }

    /** The backend called {@code name}, or IllegalArgumentException naming the known ones. */
    public Backend create(String name, RunEnvironment env) {
        for (BackendFactory f : factories) {
            if (f.handles(name)) {
                return f.create(name, env);
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + name + "'; known: " + String.join(", ", describeAll()));
    }

    public List<String> describeAll() {
        List<String> out = new ArrayList<>();
        for (BackendFactory f : factories) {
            out.add(f.describe());
        }
        return out;
    }
}
