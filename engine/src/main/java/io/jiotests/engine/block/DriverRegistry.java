package io.jiotests.engine.block;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The set of drivers (bdrv_find_format / bdrv_find_protocol / bdrv_probe_all): discovered with
 * {@link ServiceLoader} and looked up by name, protocol prefix or probe score. Opening images,
 * including the protocol node, format probing and the backing chain, is {@code BlockOpener}'s job;
 * this class only finds drivers.
 */
public final class DriverRegistry {
    /** What {@link #loadDefault()} returns instead of a ServiceLoader scan, once preset; else null. */
    private static volatile List<BlockDriver> preset;

    private final Map<String, BlockDriver> byName = new LinkedHashMap<>();
    /** The secret objects (--object secret,id=ID,...) of the tool run: id to the secret's bytes. */
    private final Map<String, byte[]> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    public DriverRegistry(List<BlockDriver> drivers) {
        for (BlockDriver d : drivers) {
            byName.putIfAbsent(d.name(), d);
        }
    }

    /** The registry of every driver on the class path (or of the preset drivers, see {@link #presetDefault}). */
    public static DriverRegistry loadDefault() {
        List<BlockDriver> given = preset;
        if (given != null) {
            return new DriverRegistry(given);
        }
        List<BlockDriver> list = new ArrayList<>();
        for (BlockDriver d : ServiceLoader.load(BlockDriver.class, DriverRegistry.class.getClassLoader())) {
            list.add(d);
        }
        return new DriverRegistry(list);
    }

    /** Defines the secret {@code id} (a later definition with the same id replaces it). */
    public void addSecret(String id, byte[] value) {
        secrets.put(id, value.clone());
    }

    /** The bytes of secret {@code id} (QEMU's qcrypto_secret_lookup), or null if there is none. */
    public byte[] secret(String id) {
        byte[] v = secrets.get(id);
        return v == null ? null : v.clone();
    }

    /**
     * Makes {@link #loadDefault()} return these (stateless) drivers, in this order, instead of
     * looking them up with ServiceLoader: for a process that knows its class path holds no other
     * providers, i.e. the command-line launcher (the engine jar and third-party libraries), where
     * the lookup, which opens every jar of the class path, was a third of a tool's start-up.
     */
    public static void presetDefault(List<BlockDriver> drivers) {
        preset = List.copyOf(drivers);
    }

    public BlockDriver find(String name) {
        return byName.get(name);
    }

    public List<BlockDriver> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The protocol driver for a filename with a "prefix:" (e.g. "nbd:..."), or the file driver. */
    public BlockDriver protocolFor(String filename) {
        int colon = filename.indexOf(':');
        int slash = filename.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            String prefix = filename.substring(0, colon);
            for (BlockDriver d : byName.values()) {
                if (d.kind() == BlockDriver.Kind.PROTOCOL && prefix.equals(d.protocolPrefix())) {
                    return d;
                }
            }
        }
        return byName.get("file");
    }

    /** The format driver with the highest probe score for this header; null if none scores. */
    public BlockDriver probe(byte[] header, int length, String filename) {
        BlockDriver best = null;
        int bestScore = 0;
        for (BlockDriver d : byName.values()) {
            if (d.kind() != BlockDriver.Kind.FORMAT) {
                continue;
            }
            int score = d.probe(header, length, filename);
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }
}
