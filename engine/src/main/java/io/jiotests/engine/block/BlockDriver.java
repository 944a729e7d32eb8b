package io.jiotests.engine.block;

/**
 * A block driver, QEMU's BlockDriver: the stateless description of a format ("raw", "qcow2"), a
 * protocol ("file") or a filter ("blkdebug"). Instances of an opened image are {@link BlockNode}s.
 * Drivers are found with {@link java.util.ServiceLoader} (META-INF/services/
 * io.jiotests.engine.block.BlockDriver) by {@link DriverRegistry}.
 */
public interface BlockDriver {

    enum Kind { PROTOCOL, FORMAT, FILTER }

    /** The format name: what {@code -f} takes and what {@code qemu-img info} prints. */
    String name();

    Kind kind();

    /**
     * For a protocol driver, the URI prefix it serves ("file", "nbd"), or null. A filename
     * {@code prefix:rest} selects this protocol.
     */
    default String protocolPrefix() {
        return null;
    }

    /**
     * How sure this format driver is that {@code header} (the first up to 2048 bytes of the image;
     * {@code length} of them valid) is its format: 0 (no) to 100 (certain). raw answers 1 so that
     * it is the fallback.
     */
    default int probe(byte[] header, int length, String filename) {
        return 0;
    }

    /** The creation options of this driver alone (without those of the protocol below). */
    default OptionSchema createOptions() {
        return OptionSchema.empty();
    }

    /** Whether {@code qemu-img create -f NAME} works for this driver. */
    default boolean supportsCreate() {
        return false;
    }

    /**
     * Creates an image at {@code filename} with {@code opts} (which hold every option the user gave,
     * including "size"); unknown options are an error the caller has already reported. A format
     * driver creates its file through {@code registry}'s protocol driver and writes its metadata.
     */
    default void create(String filename, OptionValues opts, DriverRegistry registry)
            throws BlockException {
        throw new BlockException(Errno.ENOTSUP,
                "Driver '" + name() + "' does not support image creation");
    }

    /**
     * Opens a node. For a format driver, {@code ctx.file()} is its already opened protocol node;
     * the backing chain is attached afterwards by the registry ({@link BlockNode#setBacking}).
     */
    BlockNode open(OpenContext ctx) throws BlockException;

    /**
     * Whether this format opens further files by name (vmdk extents): its open then finds the
     * opener's working directory under {@link BlockOpener#CWD_OPTION} in its options.
     */
    default boolean opensFilesByName() {
        return false;
    }

    /** Whether this format keeps a backing file reference (qcow2, qed, vmdk). */
    default boolean supportsBacking() {
        return false;
    }
}
