package io.jiotests.engine.block;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered set of {@link OptionSpec}s: a driver's creation options (QemuOptsList). The order is
 * the order qemu-img prints them in {@code -o help}. A format's schema is merged with its protocol's
 * (the format's options first), as qemu-img does.
 */
public final class OptionSchema {
    private final Map<String, OptionSpec> specs;

    private OptionSchema(Map<String, OptionSpec> specs) {
        this.specs = Collections.unmodifiableMap(specs);
    }

    public static OptionSchema of(OptionSpec... specs) {
        Map<String, OptionSpec> m = new LinkedHashMap<>();
        for (OptionSpec s : specs) {
            m.putIfAbsent(s.name(), s);
        }
        return new OptionSchema(m);
    }

    public static OptionSchema empty() {
        return new OptionSchema(new LinkedHashMap<>());
    }

    /** This schema followed by the options of {@code other} that it does not already have. */
    public OptionSchema merge(OptionSchema other) {
        Map<String, OptionSpec> m = new LinkedHashMap<>(specs);
        other.specs.forEach(m::putIfAbsent);
        return new OptionSchema(m);
    }

    public Optional<OptionSpec> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    public boolean contains(String name) {
        return specs.containsKey(name);
    }

    public List<OptionSpec> specs() {
        return new ArrayList<>(specs.values());
    }
}
