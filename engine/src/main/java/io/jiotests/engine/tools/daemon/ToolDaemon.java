package io.jiotests.engine.tools.daemon;

import io.jiotests.engine.block.DriverRegistry;
import io.jiotests.engine.file.FileDriver;
import io.jiotests.engine.tools.AotTraining;
import io.jiotests.engine.tools.BuiltInDrivers;
import io.jiotests.engine.tools.Main;
import io.jiotests.engine.tools.Tool;
import io.jiotests.engine.tools.ToolContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived JVM behind bin/jqemu-img and bin/jqemu-io with JQEMU_DAEMON=on: it listens on a
 * Unix-domain socket, and for each client (engine/src/main/c/jqemu_client.c) runs one command
 * on a thread of its own, with the client's arguments, working directory, environment and
 * standard streams, and answers with the exit status. Start-up and compiling are then paid once,
 * not per command.
 *
 * <p>{@code java ... ToolDaemon SOCKET} (bin/jqemu-daemon serve SOCKET). One daemon per socket:
 * it holds SOCKET.lock while it serves. It ends after {@code jiotests.daemon.idleSeconds} (default
 * 600) without a command, on a {@code --stop} request, and when the engine jar it runs from
 * ({@code jiotests.daemon.watch}) changes: it then answers {@link #STALE} so that the client runs
 * the command without it and starts a fresh daemon. Only clients of this process's user are served.
 *
 * <p>Cancelling: a byte from the client (it caught a signal) or the client's end of the socket
 * closing (it was killed) interrupts the command's thread and drops its further output; the
 * command's images are left as a killed qemu-img leaves them.
 */
public final class ToolDaemon {
    /** Reply: the daemon does not serve this command; the client runs it itself. */
    static final int FALLBACK = -1;
    /** Reply: the daemon is stale (the engine was rebuilt) and ends; the client runs it itself. */
    static final int STALE = -2;

    private final Path socket;
    private final long idleMillis;
    private final Path watched;
    private final long watchedStamp;
    private final int uid;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long lastActivity = System.nanoTime();
    private volatile int listenFd = -1;

    private ToolDaemon(Path socket, long idleMillis, Path watched) {
        this.socket = socket;
        this.idleMillis = idleMillis;
        this.watched = watched;
        this.watchedStamp = stamp(watched);
        this.uid = DaemonSyscalls.uid();
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ToolDaemon SOCKET");
            Runtime.getRuntime().halt(2);
        }
        String why = DaemonSyscalls.load(System.getProperty("jiotests.posix.jni"));
        if (why != null) {
            log("cannot serve: " + why);
            Runtime.getRuntime().halt(1);
        }
        Path socket = Path.of(args[0]).toAbsolutePath();
        long idle = Long.getLong("jiotests.daemon.idleSeconds", 600) * 1000;
        String watch = System.getProperty("jiotests.daemon.watch");
        Path watched = watch != null && !watch.isEmpty() ? Path.of(watch) : codeSource();
        int rc = new ToolDaemon(socket, idle, watched).serveUntilDone();
        Runtime.getRuntime().halt(rc);
    }

    private int serveUntilDone() {
        Path lockPath = Path.of(socket + ".lock");
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            // a stale daemon may still be finishing its last commands: wait a little for it
            for (int i = 0; i < 100 && lock == null; i++) {
                lock = lockFile.tryLock();
                if (lock == null) {
                    Thread.sleep(100);
                }
            }
            if (lock == null) {
                log("another daemon serves " + socket);
                return 0;
            }
            Files.deleteIfExists(socket);
            listenFd = DaemonSyscalls.listen((socket + "\0").getBytes(StandardCharsets.UTF_8));
            if (listenFd < 0) {
                log("cannot listen on " + socket + ": errno " + -listenFd);
                return 1;
            }
            if ("builtin".equals(System.getProperty("jiotests.drivers"))) {
                DriverRegistry.presetDefault(BuiltInDrivers.all());
            }
            FileDriver.warmUpInBackground();
            int rounds = Integer.getInteger("jiotests.daemon.warmUpRounds", 3);
            Thread warmUp = null;
            if (rounds > 0) {
                warmUp = Thread.ofPlatform().daemon().name("warm-up").start(() -> {
                    try {
                        long t0 = System.nanoTime();
                        AotTraining.warmUp(rounds);
                        log("warmed up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    } catch (IOException | RuntimeException e) {
                        log("warm-up failed: " + e);
                    }
                });
            }
            log("serving " + socket + " (pid " + ProcessHandle.current().pid() + ")");
            acceptLoop();
            requestStop();
            closeListener();
            while (active.get() > 0) {
                Thread.sleep(20);
            }
            if (warmUp != null) {
                warmUp.join(); // it removes its directory when done
            }
            log("ended after " + served.get() + " commands");
            lock.release();
            return 0;
        } catch (IOException e) {
            log("cannot serve " + socket + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            return 1;
        }
    }

    private void acceptLoop() {
        while (!stopping.get()) {
            int conn = DaemonSyscalls.accept(listenFd, 1000);
            if (conn == -DaemonSyscalls.EAGAIN) {
                if (active.get() == 0 && System.nanoTime() - lastActivity > idleMillis * 1_000_000) {
                    log("idle for " + idleMillis / 1000 + " s");
                    return;
                }
                continue;
            }
            if (conn < 0) {
                if (stopping.get()) {
                    return;
                }
                log("accept failed: errno " + -conn);
                return;
            }
            active.incrementAndGet();
            lastActivity = System.nanoTime();
            Thread.ofPlatform().name("jqemu-request-" + served.incrementAndGet()).start(() -> {
                try {
                    serve(conn);
                } finally {
                    lastActivity = System.nanoTime();
                    active.decrementAndGet();
                }
            });
        }
    }

    /**
     * Stops taking connections (from any thread): later clients find no socket and start a new
     * daemon. The accept loop wakes up and ends; only it closes the listening socket, so that
     * its descriptor is not reused under it.
     */
    private void requestStop() {
        if (stopping.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                log("cannot remove " + socket + ": " + e.getMessage());
            }
            synchronized (this) {
                if (listenFd >= 0) {
                    DaemonSyscalls.shutdown(listenFd);
                }
            }
        }
    }

    private synchronized void closeListener() {
        DaemonSyscalls.close(listenFd);
        listenFd = -1;
    }

    private void serve(int conn) {
        int[] fds = {-1, -1, -1};
        try {
            if (DaemonSyscalls.peerUid(conn) != uid) {
                log("refused a client of another user");
                closeAll(fds);
                return;
            }
            DaemonRequest req = receive(conn, fds);
            if (req == null) {
                closeAll(fds);
                return;
            }
            // taken: from here on the client waits for a status (before this, a connection that
            // is closed unanswered, e.g. queued while the daemon stops, makes it run the command itself)
            DaemonSyscalls.write(conn, new byte[] {'A'}, 0, 1);
            switch (req.tool()) {
                case "--status" -> {
                    closeAll(fds);
                    reply(conn, 0);
                }
                case "--stop" -> {
                    closeAll(fds);
                    log("stop requested");
                    requestStop();
                    reply(conn, 0);
                }
                case "qemu-img", "qemu-io" -> {
                    if (stamp(watched) != watchedStamp) {
                        closeAll(fds);
                        log(watched + " changed: ending");
                        requestStop();
                        reply(conn, STALE);
                    } else if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0 || readsStandardInput(req)) {
                        closeAll(fds);
                        reply(conn, FALLBACK);
                    } else {
                        runAndReply(conn, req, fds);
                    }
                }
                default -> {
                    closeAll(fds);
                    reply(conn, FALLBACK);
                }
            }
        } catch (RuntimeException | Error e) {
            log("request failed: " + e);
            closeAll(fds);
        } finally {
            DaemonSyscalls.shutdown(conn);
            DaemonSyscalls.close(conn);
        }
    }

    /**
     * Whether the command would read its commands from standard input (qemu-io without -c): it is
     * left to the client to run itself, since a read blocked in the client's terminal or pipe
     * cannot be cancelled here, and the daemon, in a session of its own, is outside the
     * terminal's job control.
     */
    static boolean readsStandardInput(DaemonRequest req) {
        return req.tool().equals("qemu-io")
                && req.args().stream().noneMatch(a -> a.equals("-c") || a.startsWith("--cmd"));
    }

    /** The request, with the client's descriptors in {@code fds}; null when it is not one. */
    private static DaemonRequest receive(int conn, int[] fds) {
        byte[] head = new byte[4];
        int got = 0;
        boolean first = true;
        while (got < 4) {
            int n = first ? DaemonSyscalls.receive(conn, head, got, 4 - got, fds)
                    : DaemonSyscalls.read(conn, head, got, 4 - got);
            first = false;
            if (n <= 0) {
                return null;
            }
            got += n;
        }
        int len = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff;
        if (len <= 0 || len > DaemonRequest.MAX_BODY) {
            log("refused a request of " + Integer.toUnsignedString(len) + " bytes");
            return null;
        }
        byte[] body = new byte[len];
        for (got = 0; got < len; ) {
            int n = DaemonSyscalls.read(conn, body, got, len - got);
            if (n <= 0) {
                return null;
            }
            got += n;
        }
        try {
            return DaemonRequest.parse(body, len);
        } catch (DaemonRequest.Malformed e) {
            log("refused a request: " + e.getMessage());
            return null;
        }
    }

    /**
     * Runs the command on this thread while a watcher waits for the client to cancel it, closes
     * the client's descriptors (all output is out before the client learns the status) and
     * replies with the exit status. {@code fds} passes to the command's streams (set to -1 here).
     */
    private static void runAndReply(int conn, DaemonRequest req, int[] fds) {
        Tool tool = Main.find(req.tool());
        AtomicBoolean done = new AtomicBoolean();
        ClientStreams streams = new ClientStreams(fds);
        java.util.Arrays.fill(fds, -1);
        Thread worker = Thread.currentThread();
        Thread watcher = Thread.ofPlatform().daemon().name(worker.getName() + "-watch").start(() -> {
            DaemonSyscalls.read(conn, new byte[1], 0, 1); // a signal's number, or EOF: cancel
            if (done.compareAndSet(false, true)) {
                streams.cancel();
                worker.interrupt();
            }
        });
        int rc;
        try {
            ToolContext ctx = new ToolContext(streams.out, streams.err, Path.of(req.cwd()), req.env(), streams.in);
            rc = tool.run(ctx, req.args().toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            log(req.tool() + " " + req.args() + " failed: " + e);
            streams.err.println(req.tool() + ": internal error: " + e);
            rc = 1;
        } finally {
            if (!done.compareAndSet(false, true)) {
                Thread.interrupted(); // cancelled: the interrupt may not have been consumed
            }
            streams.close();
        }
        reply(conn, rc);
        DaemonSyscalls.shutdown(conn); // wakes the watcher
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(int conn, int status) {
        byte[] b = {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status};
        DaemonSyscalls.write(conn, b, 0, 4); // a client that is gone does not need it
    }

    private static void closeAll(int[] fds) {
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] >= 0) {
                DaemonSyscalls.close(fds[i]);
                fds[i] = -1;
            }
        }
    }

    /** The modification time and size of the engine jar: a different one means a rebuild. */
    private static long stamp(Path p) {
        if (p == null) {
            return 0;
        }
        try {
            return Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(ToolDaemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }

    private static void log(String message) {
        System.err.println(Instant.now() + " jqemu-daemon: " + message);
    }
}
