package io.jiotests.engine.tools.io;

import io.jiotests.engine.block.BlockBackend;
import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.tools.io.QemuIoFormat.NumberException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

/** qemu-io's data commands: read, write, readv, writev, aio_read, aio_write, discard. */
final class ReadWriteCommands {
    private static final long SECTOR = 512;
    private final QemuIoSession s;
    private final PrintStream out;

    ReadWriteCommands(QemuIoSession session) {
        this.s = session;
        this.out = session.out();
    }

    /** Where a request goes: its offset and length operands. */
    private record Extent(long offset, long bytes) {
    }

    /**
     * The offset and length operands of a request, or null after printing the command's usage when
     * they are not two, or qemu-io's message for an unparsable one or a length above
     * {@link QemuIoFormat#MAX_REQUEST}. {@code limitCondition} is what the message says after the
     * limit ("" or " without -n"); null: no limit applies.
     */
    private Extent extent(CommandTable.Command cmd, List<String> ops, String limitCondition) {
        if (ops.size() != 2) {
            s.usage(cmd);
            return null;
        }
        Long offset = num(ops.get(0));
        if (offset == null) {
            return null;
        }
        Long bytes = num(ops.get(1));
        if (bytes == null) {
            return null;
        }
        if (limitCondition != null && bytes > QemuIoFormat.MAX_REQUEST) {
            out.println("length cannot exceed " + QemuIoFormat.MAX_REQUEST + limitCondition + ", given " + ops.get(1));
            return null;
        }
        return new Extent(offset, bytes);
    }

    /** A parsed number, or null after printing qemu-io's parsing error. */
    private Long num(String arg) {
        try {
            return QemuIoFormat.cvtnum(arg, s.err());
        } catch (NumberException e) {
            out.println(e.getMessage());
            return null;
        }
    }

    private Integer pattern(String arg) {
        try {
            return QemuIoFormat.pattern(arg);
        } catch (NumberException e) {
            out.println(e.getMessage());
            return null;
        }
    }

    private static byte[] filled(long count, int pattern) {
        byte[] b = new byte[(int) count];
        Arrays.fill(b, (byte) pattern);
        return b;
    }

    private void report(String op, long nanos, long offset, long count, long total, boolean terse) {
        if (!terse) {
            out.println(op + " " + total + "/" + count + " bytes at offset " + offset);
        }
        QemuIoFormat.report(out, nanos, total, 1, terse);
    }

    private boolean sectorAligned(long offset, long count) {
        if (offset % SECTOR != 0) {
            out.println(offset + " is not a sector-aligned value for 'offset'");
            return false;
        }
        if (count % SECTOR != 0) {
            out.println(count + " is not a sector-aligned value for 'count'");
            return false;
        }
        return true;
    }

    boolean read(CommandTable.Command cmd, String[] args) {
        Getopt g = new Getopt(cmd.name(), args, "bCl:pP:qs:v", s.err());
        boolean vmstate = false, terse = false, lflag = false, sflag = false, quiet = false, verbose = false;
        Integer pat = null;
        long patCount = 0, patOffset = 0;
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'b' -> vmstate = true;
                case 'C' -> terse = true;
                case 'l' -> {
                    lflag = true;
                    Long n = num(g.optarg());
                    if (n == null) {
                        return false;
                    }
                    patCount = n;
                }
                case 'p' -> { }
                case 'P' -> {
                    pat = pattern(g.optarg());
                    if (pat == null) {
                        return false;
                    }
                }
                case 'q' -> quiet = true;
                case 's' -> {
                    sflag = true;
                    Long n = num(g.optarg());
                    if (n == null) {
                        return false;
                    }
                    patOffset = n;
                }
                case 'v' -> verbose = true;
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        Extent extent = extent(cmd, g.operands(), "");
        if (extent == null) {
            return false;
        }
        long offset = extent.offset();
        long count = extent.bytes();
        if (pat == null && (lflag || sflag)) {
            return s.usage(cmd);
        }
        if (!lflag) {
            patCount = count - patOffset;
        }
        if (patCount < 0 || patCount + patOffset > count) {
            out.println("pattern verification range exceeds end of read data");
            return false;
        }
        if (vmstate && !sectorAligned(offset, count)) {
            return false;
        }
        byte[] buf = filled(count, 0xab);
        long t0 = System.nanoTime();
        try {
            if (vmstate) {
                s.blk().root().vmstateRead(offset, ByteBuffer.wrap(buf));
            } else {
                s.blk().read(offset, ByteBuffer.wrap(buf));
            }
        } catch (BlockException e) {
            out.println("read failed: " + e.errno().text());
            return false;
        }
        long t = System.nanoTime() - t0;
        boolean ok = true;
        if (pat != null && !matches(buf, (int) patOffset, (int) patCount, pat)) {
            out.println("Pattern verification failed at offset " + (offset + patOffset) + ", " + patCount + " bytes");
            ok = false;
        }
        if (quiet) {
            return ok;
        }
        if (verbose) {
            QemuIoFormat.hexdump(out, buf, offset, buf.length);
        }
        report("read", t, offset, count, count, terse);
        return ok;
    }

    private static boolean matches(byte[] buf, int from, int len, int pattern) {
        for (int i = from; i < from + len; i++) {
            if (buf[i] != (byte) pattern) {
                return false;
            }
        }
        return true;
    }

    boolean write(CommandTable.Command cmd, String[] args) {
        Getopt g = new Getopt(cmd.name(), args, "bcCfnpP:qs:uz", s.err());
        boolean vmstate = false, terse = false, quiet = false, zero = false, pflag = false;
        int flags = 0;
        int pat = 0xcd;
        String source = null;
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'b' -> vmstate = true;
                case 'c' -> flags |= BlockNode.WRITE_COMPRESSED;
                case 'C' -> terse = true;
                case 'f' -> flags |= BlockNode.WRITE_FUA;
                case 'n' -> flags |= BlockNode.WRITE_NO_FALLBACK;
                case 'p' -> { }
                case 'P' -> {
                    pflag = true;
                    Integer p = pattern(g.optarg());
                    if (p == null) {
                        return false;
                    }
                    pat = p;
                }
                case 'q' -> quiet = true;
                case 's' -> source = g.optarg();
                case 'u' -> flags |= BlockNode.WRITE_MAY_UNMAP;
                case 'z' -> zero = true;
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() != 2) {
            return s.usage(cmd);
        }
        if (vmstate && zero) {
            out.println("-b and -z cannot be specified at the same time");
            return false;
        }
        if ((flags & BlockNode.WRITE_FUA) != 0 && (vmstate || (flags & BlockNode.WRITE_COMPRESSED) != 0)) {
            out.println("-f and -b or -c cannot be specified at the same time");
            return false;
        }
        if ((flags & BlockNode.WRITE_NO_FALLBACK) != 0 && !zero) {
            out.println("-n requires -z to be specified");
            return false;
        }
        if ((flags & BlockNode.WRITE_MAY_UNMAP) != 0 && !zero) {
            out.println("-u requires -z to be specified");
            return false;
        }
        if ((zero ? 1 : 0) + (pflag ? 1 : 0) + (source != null ? 1 : 0) > 1) {
            out.println("Only one of -z, -P, and -s can be specified at the same time");
            return false;
        }
        Extent extent = extent(cmd, ops, (flags & BlockNode.WRITE_NO_FALLBACK) == 0 ? " without -n" : null);
        if (extent == null) {
            return false;
        }
        long offset = extent.offset();
        long count = extent.bytes();
        if ((vmstate || (flags & BlockNode.WRITE_COMPRESSED) != 0) && !sectorAligned(offset, count)) {
            return false;
        }
        byte[] buf = null;
        if (!zero) {
            buf = source != null ? fromFile(source, count) : filled(count, pat);
            if (buf == null) {
                return false;
            }
        }
        long t0 = System.nanoTime();
        CoroutineTurns.Request turn = s.aio().beginSynchronous(!vmstate && !zero
                && (flags & BlockNode.WRITE_COMPRESSED) == 0 && cooperative());
        try {
            BlockBackend blk = s.blk();
            if (vmstate) {
                blk.root().vmstateWrite(offset, ByteBuffer.wrap(buf));
            } else if (zero) {
                blk.writeZeroes(offset, count, flags);
            } else {
                blk.write(offset, ByteBuffer.wrap(buf), flags);
            }
        } catch (BlockException e) {
            out.println("write failed: " + e.errno().text());
            return false;
        } finally {
            s.aio().endSynchronous(turn);
        }
        long t = System.nanoTime() - t0;
        if (!quiet) {
            report("wrote", t, offset, count, count, terse);
        }
        return true;
    }

    /** qemu_io_alloc_from_file(): the buffer filled by repeating the file's bytes. */
    private byte[] fromFile(String name, long count) {
        byte[] content;
        try {
            content = Files.readAllBytes(s.ctx().resolve(name));
        } catch (NoSuchFileException e) {
            s.err().println(name + ": No such file or directory");
            return null;
        } catch (IOException e) {
            s.err().println(name + ": Input/output error");
            return null;
        }
        if (content.length == 0) {
            s.err().println(name + ": file is empty");
            return null;
        }
        byte[] buf = new byte[(int) count];
        for (int i = 0; i < buf.length; i += content.length) {
            System.arraycopy(content, 0, buf, i, Math.min(content.length, buf.length - i));
        }
        return buf;
    }

    /** create_iovec(): one buffer per length argument, filled with the pattern; null after an error. */
    private ByteBuffer[] iovec(List<String> lens, int pattern) {
        ByteBuffer[] bufs = new ByteBuffer[lens.size()];
        long total = 0;
        for (int i = 0; i < lens.size(); i++) {
            Long len = num(lens.get(i));
            if (len == null) {
                return null;
            }
            if (len > QemuIoFormat.MAX_REQUEST) {
                out.println("Argument '" + lens.get(i) + "' exceeds maximum size " + QemuIoFormat.MAX_REQUEST);
                return null;
            }
            if (total > QemuIoFormat.MAX_REQUEST - len) {
                out.println("The total number of bytes exceed the maximum size " + QemuIoFormat.MAX_REQUEST);
                return null;
            }
            total += len;
            bufs[i] = ByteBuffer.wrap(filled(len, pattern));
        }
        return bufs;
    }

    private static byte[] joined(ByteBuffer[] bufs) {
        int total = 0;
        for (ByteBuffer b : bufs) {
            total += b.capacity();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b : bufs) {
            all.put(b.array());
        }
        return all.array();
    }

    boolean readv(CommandTable.Command cmd, String[] args) {
        return vectored(cmd, args, false, false);
    }

    boolean writev(CommandTable.Command cmd, String[] args) {
        return vectored(cmd, args, true, false);
    }

    boolean aioRead(CommandTable.Command cmd, String[] args) {
        return vectored(cmd, args, false, true);
    }

    boolean aioWrite(CommandTable.Command cmd, String[] args) {
        return vectored(cmd, args, true, true);
    }

    /** readv / writev / aio_read / aio_write: offset and a list of buffer lengths. */
    private boolean vectored(CommandTable.Command cmd, String[] args, boolean write, boolean async) {
        String spec = write ? (async ? "CfiqP:uz" : "CfqP:") : (async ? "CiP:qv" : "CP:qv");
        Getopt g = new Getopt(cmd.name(), args, spec, s.err());
        boolean terse = false, quiet = false, verbose = false, zero = false;
        Integer pat = null;
        int flags = 0;
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'C' -> terse = true;
                case 'f' -> flags |= BlockNode.WRITE_FUA;
                case 'q' -> quiet = true;
                case 'v' -> verbose = true;
                case 'u' -> flags |= BlockNode.WRITE_MAY_UNMAP;
                case 'z' -> zero = true;
                case 'i' -> {
                    out.println("injecting invalid " + (write ? "write" : "read") + " request");
                    return true;
                }
                case 'P' -> {
                    pat = pattern(g.optarg());
                    if (pat == null) {
                        return false;
                    }
                }
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        List<String> ops = g.operands();
        if (ops.size() < 2) {
            return s.usage(cmd);
        }
        if ((flags & BlockNode.WRITE_MAY_UNMAP) != 0 && !zero) {
            out.println("-u requires -z to be specified");
            return false;
        }
        if (zero && ops.size() != 2) {
            out.println("-z supports only a single length parameter");
            return false;
        }
        Long offset = num(ops.get(0));
        if (offset == null) {
            return false;
        }
        BlockBackend blk = s.blk();
        String op = write ? "wrote" : "read";
        String failure = async ? (write ? "aio_write failed: " : "readv failed: ")
                : (write ? "writev failed: " : "readv failed: ");
        final boolean fTerse = terse, fQuiet = quiet, fVerbose = verbose;
        final int fFlags = flags;
        final long off = offset;
        if (zero) {
            Long count = num(ops.get(1));
            if (count == null) {
                return false;
            }
            long t0 = System.nanoTime();
            s.aio().submit(o -> {
                try {
                    blk.writeZeroes(off, count, fFlags);
                } catch (BlockException e) {
                    o.println(failure + e.errno().text());
                    return;
                }
                if (!fQuiet) {
                    reportTo(o, op, System.nanoTime() - t0, off, count, fTerse);
                }
            }, true);
            return true;
        }
        ByteBuffer[] bufs = iovec(ops.subList(1, ops.size()), pat != null && write ? pat : write ? 0xcd : 0xab);
        if (bufs == null) {
            return false;
        }
        long size = 0;
        for (ByteBuffer b : bufs) {
            size += b.capacity();
        }
        final long total = size;
        final Integer verify = write ? null : pat;
        long t0 = System.nanoTime();
        String[] result = new String[1];
        AioQueue.Request body = o -> {
            try {
                if (write) {
                    blk.writev(off, bufs, fFlags);
                } else {
                    blk.readv(off, bufs);
                }
            } catch (BlockException e) {
                o.println(failure + e.errno().text());
                result[0] = "fail";
                return;
            }
            long t = System.nanoTime() - t0;
            byte[] data = write ? null : joined(bufs);
            if (verify != null && !matches(data, 0, data.length, verify)) {
                o.println("Pattern verification failed at offset " + off + ", " + total + " bytes");
                result[0] = "fail";
            }
            if (fQuiet) {
                return;
            }
            if (fVerbose && data != null) {
                QemuIoFormat.hexdump(o, data, off, data.length);
            }
            reportTo(o, op, t, off, total, fTerse);
        };
        if (async) {
            // plain writes take QEMU's coroutine turns, unless blkdebug breakpoints may stop them
            s.aio().submit(body, write, write && cooperative());
            return true;
        }
        CoroutineTurns.Request turn = write ? s.aio().beginSynchronous(cooperative()) : null;
        try {
            body.run(out);
        } finally {
            if (write) {
                s.aio().endSynchronous(turn);
            }
        }
        return result[0] == null;
    }

    /** Writes take QEMU's coroutine turns unless blkdebug breakpoints may stop them. */
    private boolean cooperative() {
        return BreakpointCommands.find(s.blk().root()) == null;
    }

    private static void reportTo(PrintStream o, String op, long nanos, long offset, long count, boolean terse) {
        if (!terse) {
            o.println(op + " " + count + "/" + count + " bytes at offset " + offset);
        }
        QemuIoFormat.report(o, nanos, count, 1, terse);
    }

    boolean discard(CommandTable.Command cmd, String[] args) {
        Getopt g = new Getopt(cmd.name(), args, "Cq", s.err());
        boolean terse = false, quiet = false;
        int c;
        while ((c = g.next()) != Getopt.END) {
            switch (c) {
                case 'C' -> terse = true;
                case 'q' -> quiet = true;
                default -> {
                    return s.usage(cmd);
                }
            }
        }
        Extent range = extent(cmd, g.operands(), "");
        if (range == null) {
            return false;
        }
        long t0 = System.nanoTime();
        try {
            s.blk().discard(range.offset(), range.bytes());
        } catch (BlockException e) {
            out.println("discard failed: " + e.errno().text());
            return false;
        }
        if (!quiet) {
            report("discard", System.nanoTime() - t0, range.offset(), range.bytes(), range.bytes(), terse);
        }
        return true;
    }
}
