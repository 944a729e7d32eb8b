package io.jiotests.engine.tools.daemon;

import io.jiotests.engine.tools.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A client's standard input, output and error as the daemon received them (descriptors 0, 1 and
 * 2 of the client, duplicated into this process), wrapped as bin/jqemu-img's own streams are
 * (tools.Main): output line-buffered when input and output are both terminals, else in 4 KiB
 * blocks; error unbuffered. Once the command is cancelled every further write is dropped, as a
 * killed process writes nothing more.
 */
final class ClientStreams implements AutoCloseable {
    private final int[] fds;
    private volatile boolean cancelled;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    ClientStreams(int[] fds) {
        this.fds = fds.clone();
        boolean tty = DaemonSyscalls.isatty(fds[0]) == 1 && DaemonSyscalls.isatty(fds[1]) == 1;
        in = new FdInput(fds[0]);
        out = Main.standardOutput(new FdOutput(fds[1]), tty);
        err = new PrintStream(new FdOutput(fds[2]), true, StandardCharsets.UTF_8);
    }

    /** Drops all further output. */
    void cancel() {
        cancelled = true;
    }

    /** Flushes what the tool left buffered (unless cancelled) and closes the descriptors. */
    @Override
    public void close() {
        out.flush();
        err.flush();
        for (int fd : fds) {
            if (fd >= 0) {
                DaemonSyscalls.close(fd);
            }
        }
    }

    private final class FdOutput extends OutputStream {
        private final int fd;

        FdOutput(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (cancelled || len == 0) {
                return;
            }
            int r = DaemonSyscalls.write(fd, b, off, len);
            if (r < 0) {
                throw new IOException("write to the client's descriptor failed: errno " + -r);
            }
        }
    }

    private final class FdInput extends InputStream {
        private final int fd;

        FdInput(int fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n <= 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (cancelled) {
                return -1;
            }
            int n = DaemonSyscalls.read(fd, b, off, len);
            if (n < 0) {
                throw new IOException("read from the client's descriptor failed: errno " + -n);
            }
            return n == 0 ? -1 : n;
        }
    }
}
