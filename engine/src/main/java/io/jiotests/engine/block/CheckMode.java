package io.jiotests.engine.block;

/** {@code qemu-img check -r}: what the check may repair. */
public enum CheckMode {
    /** Report only. */
    NONE,
    /** -r leaks: free leaked clusters. */
    LEAKS,
    /** -r all: also fix refcount errors and other corruption that can be fixed. */
    ALL
}
