package io.jiotests.engine.tools.io;

import java.util.List;

/**
 * qemu-io's command table: names, short aliases, argument counts, what a command needs (an open
 * image, write permission), and the one-line and extended help texts as qemu-io 7.2 prints them.
 */
final class CommandTable {
    /** Needs no open image. */
    static final int NOFILE_OK = 1;
    /** Needs write permission on the image. */
    static final int WRITE = 2;

    record Command(String name, String alias, int argMin, int argMax, int flags, String args,
                   String oneline, String help) {
        boolean noFileOk() {
            return (flags & NOFILE_OK) != 0;
        }

        boolean needsWrite() {
            return (flags & WRITE) != 0;
        }
    }

    private CommandTable() {
    }

    private static final String READ_HELP = """

             reads a range of bytes from the given offset

             Example:
             'read -v 512 1k' - dumps 1 kilobyte read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             -b, -- read from the VM state rather than the virtual disk
             -C, -- report statistics in a machine parsable format
             -l, -- length for pattern verification (only with -P)
             -p, -- ignored for backwards compatibility
             -P, -- use a pattern to verify read data
             -q, -- quiet mode, do not show I/O statistics
             -s, -- start offset for pattern verification (only with -P)
             -v, -- dump buffer to standard output

            """;
    private static final String WRITE_HELP = """

             writes a range of bytes from the given offset

             Example:
             'write 512 1k' - writes 1 kilobyte at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             -b, -- write to the VM state rather than the virtual disk
             -c, -- write compressed data with blk_write_compressed
             -f, -- use Force Unit Access semantics
             -n, -- with -z, don't allow slow fallback
             -p, -- ignored for backwards compatibility
             -P, -- use different pattern to fill file
             -s, -- use a pattern file to fill the write buffer
             -C, -- report statistics in a machine parsable format
             -q, -- quiet mode, do not show I/O statistics
             -u, -- with -z, allow unmapping
             -z, -- write zeroes using blk_co_pwrite_zeroes

            """;
    private static final String READV_HELP = """

             reads a range of bytes from the given offset into multiple buffers

             Example:
             'readv -v 512 1k 1k ' - dumps 2 kilobytes read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             Uses multiple iovec buffers if more than one byte range is specified.
             -C, -- report statistics in a machine parsable format
             -P, -- use a pattern to verify read data
             -v, -- dump buffer to standard output
             -q, -- quiet mode, do not show I/O statistics

            """;
    private static final String WRITEV_HELP = """

             writes a range of bytes from the given offset source from multiple buffers

             Example:
             'writev 512 1k 1k' - writes 2 kilobytes at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             -P, -- use different pattern to fill file
             -C, -- report statistics in a machine parsable format
             -f, -- use Force Unit Access semantics
             -q, -- quiet mode, do not show I/O statistics

            """;
    private static final String AIO_READ_HELP = """

             asynchronously reads a range of bytes from the given offset

             Example:
             'aio_read -v 512 1k 1k ' - dumps 2 kilobytes read from 512 bytes into the file

             Reads a segment of the currently open file, optionally dumping it to the
             standard output stream (with -v option) for subsequent inspection.
             The read is performed asynchronously and the aio_flush command must be
             used to ensure all outstanding aio requests have been completed.
             Note that due to its asynchronous nature, this command will be
             considered successful once the request is submitted, independently
             of potential I/O errors or pattern mismatches.
             -C, -- report statistics in a machine parsable format
             -P, -- use a pattern to verify read data
             -i, -- treat request as invalid, for exercising stats
             -v, -- dump buffer to standard output
             -q, -- quiet mode, do not show I/O statistics

            """;
    private static final String AIO_WRITE_HELP = """

             asynchronously writes a range of bytes from the given offset source
             from multiple buffers

             Example:
             'aio_write 512 1k 1k' - writes 2 kilobytes at 512 bytes into the open file

             Writes into a segment of the currently open file, using a buffer
             filled with a set pattern (0xcdcdcdcd).
             The write is performed asynchronously and the aio_flush command must be
             used to ensure all outstanding aio requests have been completed.
             Note that due to its asynchronous nature, this command will be
             considered successful once the request is submitted, independently
             of potential I/O errors or pattern mismatches.
             -P, -- use different pattern to fill file
             -C, -- report statistics in a machine parsable format
             -f, -- use Force Unit Access semantics
             -i, -- treat request as invalid, for exercising stats
             -q, -- quiet mode, do not show I/O statistics
             -u, -- with -z, allow unmapping
             -z, -- write zeroes using blk_aio_pwrite_zeroes

            """;
    private static final String DISCARD_HELP = """

             discards a range of bytes from the given offset

             Example:
             'discard 512 1k' - discards 1 kilobyte from 512 bytes into the file

             Discards a segment of the currently open file.
             -C, -- report statistics in a machine parsable format
             -q, -- quiet mode, do not show I/O statistics

            """;
    private static final String OPEN_HELP = """

             opens a new file in the requested mode

             Example:
             'open -n -o driver=raw /tmp/data' - opens raw data file read-write, uncached

             Opens a file for subsequent use by all of the other qemu-io commands.
             -r, -- open file read-only
             -s, -- use snapshot file
             -C, -- use copy-on-read
             -n, -- disable host cache, short for -t none
             -U, -- force shared permissions
             -k, -- use kernel AIO implementation (Linux only, prefer use of -i)
             -i, -- use AIO mode (threads, native or io_uring)
             -t, -- use the given cache mode for the image
             -d, -- use the given discard mode for the image
             -o, -- options to be given to the block driver
            """;
    private static final String REOPEN_HELP = """

             Changes the open options of an already opened image

             Example:
             'reopen -o lazy-refcounts=on' - activates lazy refcount writeback on a qcow2 image

             -r, -- Reopen the image read-only
             -w, -- Reopen the image read-write
             -c, -- Change the cache mode to the given value
             -o, -- Changes block driver options (cf. 'open' command)

            """;

    /** Every command, sorted by name as 'help' lists them. */
    static final List<Command> COMMANDS = List.of(
            new Command("abort", null, 0, 0, NOFILE_OK, null, "simulate a program crash using abort(3)", null),
            new Command("aio_flush", null, 0, 0, 0, null, "completes all outstanding aio requests", null),
            new Command("aio_read", null, 2, -1, 0, "[-Ciqv] [-P pattern] off len [len..]",
                    "asynchronously reads a number of bytes", AIO_READ_HELP),
            new Command("aio_write", null, 2, -1, WRITE, "[-Cfiquz] [-P pattern] off len [len..]",
                    "asynchronously writes a number of bytes", AIO_WRITE_HELP),
            new Command("alloc", "a", 1, 2, 0, "offset [count]",
                    "checks if offset is allocated in the file", null),
            new Command("break", null, 2, 2, 0, "event tag",
                    "sets a breakpoint on event and tags the stopped request as tag", null),
            new Command("close", "c", 0, 0, 0, null, "close the current open file", null),
            new Command("discard", "d", 2, -1, WRITE, "[-Cq] off len",
                    "discards a number of bytes at a specified offset", DISCARD_HELP),
            new Command("flush", "f", 0, 0, 0, null, "flush all in-core file state to disk", null),
            new Command("help", "?", 0, 1, NOFILE_OK, "[command]", "help for one or all commands", null),
            new Command("info", "i", 0, 0, 0, null, "prints information about the current file", null),
            new Command("length", "l", 0, 0, 0, null, "gets the length of the current file", null),
            new Command("map", null, 0, 0, 0, "", "prints the allocated areas of a file", null),
            new Command("open", "o", 1, -1, NOFILE_OK,
                    "[-rsCnkU] [-t cache] [-d discard] [-o options] [path]",
                    "open the file specified by path", OPEN_HELP),
            new Command("quit", "q", 0, 0, NOFILE_OK, null, "exit the program", null),
            new Command("read", "r", 2, -1, 0, "[-abCqv] [-P pattern [-s off] [-l len]] off len",
                    "reads a number of bytes at a specified offset", READ_HELP),
            new Command("readv", null, 2, -1, 0, "[-Cqv] [-P pattern] off len [len..]",
                    "reads a number of bytes at a specified offset", READV_HELP),
            new Command("remove_break", null, 1, 1, 0, "tag", "remove a breakpoint by tag", null),
            new Command("reopen", null, 0, -1, 0, "[(-r|-w)] [-c cache] [-o options]",
                    "reopens an image with new options", REOPEN_HELP),
            new Command("resume", null, 1, 1, 0, "tag", "resumes the request tagged as tag", null),
            new Command("sigraise", null, 1, 1, NOFILE_OK, "signal", "raises a signal", null),
            new Command("sleep", null, 1, 1, NOFILE_OK, null,
                    "waits for the given value in milliseconds", null),
            new Command("truncate", "t", 1, 3, WRITE, "[-m prealloc_mode] off",
                    "truncates the current file at the given offset", null),
            new Command("wait_break", null, 1, 1, 0, "tag", "waits for the suspension of a request", null),
            new Command("write", "w", 2, -1, WRITE,
                    "[-bcCfnquz] [-P pattern | -s source_file] off len",
                    "writes a number of bytes at a specified offset", WRITE_HELP),
            new Command("writev", null, 2, -1, WRITE, "[-Cfq] [-P pattern] off len [len..]",
                    "writes a number of bytes at a specified offset", WRITEV_HELP));

    static Command find(String name) {
        for (Command c : COMMANDS) {
            if (c.name().equals(name) || name.equals(c.alias())) {
                return c;
            }
        }
        return null;
    }

    /** help_oneline(): "name args -- oneline". */
    static String oneline(Command c) {
        StringBuilder sb = new StringBuilder(c.name());
        if (c.args() != null) {
            sb.append(' ').append(c.args());
        }
        return sb.append(" -- ").append(c.oneline()).toString();
    }
}
