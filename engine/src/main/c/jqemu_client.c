/*
 * jqemu-client: bin/jqemu-img and bin/jqemu-io with JQEMU_DAEMON=on. A JVM's start (~40 ms here)
 * and its compiling of the engine's methods (~0.15 s of CPU in a convert) dwarf what qemu-img
 * spends on a short command, so, as Gradle's daemon, mvnd and Bazel's server do, a long-lived
 * JVM (io.jiotests.engine.tools.daemon.ToolDaemon) runs the commands and this small client hands
 * it each one: its arguments, working directory and environment, and its standard input, output
 * and error as descriptors (SCM_RIGHTS), so the tool writes straight to them; the client exits
 * with the tool's status.
 *
 *   jqemu-client BINDIR TOOL [ARGS...]      TOOL: qemu-img or qemu-io
 *   jqemu-client BINDIR --status|--stop      whether the daemon runs; ask it to end
 *
 * One daemon per user, checkout (BINDIR) and process-wide setting the JVM takes from its
 * environment at start (umask, TZ, TMPDIR, the locale variables, JQEMU_JAVA_HOME): its socket is
 * DIR/d-HASH.sock, DIR being $JQEMU_DAEMON_DIR or /tmp/jqemu-daemon-UID (mode 0700, the user's).
 * With no daemon listening the client starts one in the background (BINDIR/jqemu-daemon serve
 * SOCKET) and runs this command as before, by exec'ing BINDIR/jqemu-img (or jqemu-io) with
 * JQEMU_DAEMON=off; it does the same when the daemon answers that it cannot serve the command.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed to the daemon, which cancels the
 * command (interrupts it and drops its further output); the client then dies of the same signal,
 * as the tool would have. A second one ends the client at once. When the client dies without
 * telling (SIGKILL), the daemon sees its socket close and cancels the command as well.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* status words the daemon sends instead of an exit status */
#define REPLY_FALLBACK (-1)   /* not served here: run the command yourself */
#define REPLY_STALE (-2)      /* the engine was rebuilt: this daemon ends; run it yourself */

static const char *bindir;
static const char *prog;
static char **user_argv; /* TOOL ARGS... */
static int conn = -1;
static volatile sig_atomic_t pending_signal;

/* Runs the command without the daemon: the launcher again, told not to use one. */
static void run_direct(void)
{
    char path[4096];
    const char *name = strcmp(user_argv[0], "qemu-io") == 0 ? "jqemu-io" : "jqemu-img";
    if (snprintf(path, sizeof path, "%s/%s", bindir, name) >= (int) sizeof path) {
        fprintf(stderr, "%s: path too long: %s\n", prog, bindir);
        exit(1);
    }
    if (setenv("JQEMU_DAEMON", "off", 1) != 0) {
        perror(prog);
        exit(1);
    }
    user_argv[0] = path;
    execv(path, user_argv);
    fprintf(stderr, "%s: cannot run %s: %s\n", prog, path, strerror(errno));
    exit(127);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; s != NULL && *s; s++) {
        h ^= (unsigned char) *s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* separator: ("ab","c") and ("a","bc") differ */
    h *= 1099511628211ULL;
    return h;
}

/* The daemon's directory (created 0700) and socket path; 0 when there is no usable one. */
static int socket_path(char *dir, size_t dirlen, char *sock, size_t socklen)
{
    const char *base = getenv("JQEMU_DAEMON_DIR");
    uid_t uid = getuid();
    int n = base != NULL && *base ? snprintf(dir, dirlen, "%s", base)
                                  : snprintf(dir, dirlen, "/tmp/jqemu-daemon-%u", (unsigned) uid);
    if (n < 0 || (size_t) n >= dirlen) {
        return 0;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        return 0;
    }
    struct stat st;
    /* not a link, the user's own, nobody else's to enter */
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != uid || (st.st_mode & 077) != 0) {
        return 0;
    }
    char real[PATH_MAX];
    if (realpath(dir, real) == NULL || strlen(real) >= dirlen) { /* absolute: the daemon runs elsewhere */
        return 0;
    }
    strcpy(dir, real);
    mode_t mask = umask(0);
    umask(mask);
    char num[32];
    uint64_t h = 14695981039346656037ULL;
    snprintf(num, sizeof num, "%u/%o", (unsigned) uid, (unsigned) mask);
    h = fnv1a(h, num);
    h = fnv1a(h, bindir);
    static const char *vars[] = { "TZ", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME",
                                  "JQEMU_JAVA_HOME", NULL };
    for (int i = 0; vars[i] != NULL; i++) {
        const char *v = getenv(vars[i]);
        h = fnv1a(h, vars[i]);
        h = fnv1a(h, v != NULL ? v : "\x01unset");
    }
    n = snprintf(sock, socklen, "%s/d-%016llx.sock", dir, (unsigned long long) h);
    return n > 0 && (size_t) n < socklen;
}

/* Starts BINDIR/jqemu-daemon serve SOCKET detached (its own session, init its parent). */
static void spawn_daemon(const char *dir, const char *sock)
{
    pid_t pid = fork();
    if (pid < 0) {
        return;
    }
    if (pid > 0) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
        return;
    }
    if (setsid() < 0 || fork() != 0) {
        _exit(0);
    }
    /* the daemon resolves every name against its clients' directories; should anything slip
     * through, it lands here rather than wherever the first client happened to be */
    if (chdir(dir) != 0) {
        _exit(1);
    }
    char path[4096], log[4096];
    snprintf(path, sizeof path, "%s/jqemu-daemon", bindir);
    snprintf(log, sizeof log, "%s/daemon.log", dir);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) {
        _exit(1);
    }
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0) { /* kernels before 5.9 */
        for (int fd = 3; fd < 65536; fd++) {
            close(fd);
        }
    }
    char *args[] = { path, "serve", (char *) sock, NULL };
    execv(path, args);
    _exit(127);
}

static int append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*len + n > *cap) {
        size_t c = (*cap + n) * 2;
        char *b = realloc(*buf, c);
        if (b == NULL) {
            return 0;
        }
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    return 1;
}

/* The request: u32 length (big-endian), then NUL-terminated strings: "JQD1", tool, cwd, argc,
 * the arguments, then the environment; descriptors 0, 1 and 2 ride along the first byte. */
static int send_request(int fd, int nargs, char **args)
{
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        return 0;
    }
    size_t cap = 4096, len = 4;
    char *buf = malloc(cap);
    char num[16];
    snprintf(num, sizeof num, "%d", nargs - 1);
    int ok = buf != NULL && append(&buf, &len, &cap, "JQD1") && append(&buf, &len, &cap, args[0])
            && append(&buf, &len, &cap, cwd) && append(&buf, &len, &cap, num);
    for (int i = 1; ok && i < nargs; i++) {
        ok = append(&buf, &len, &cap, args[i]);
    }
    for (char **e = environ; ok && *e != NULL; e++) {
        ok = append(&buf, &len, &cap, *e);
    }
    if (!ok || len - 4 > (4u << 20)) {
        free(buf);
        return 0;
    }
    uint32_t body = (uint32_t) (len - 4);
    buf[0] = (char) (body >> 24);
    buf[1] = (char) (body >> 16);
    buf[2] = (char) (body >> 8);
    buf[3] = (char) body;

    int fds[3] = { 0, 1, 2 };
    union {
        char space[CMSG_SPACE(sizeof fds)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    size_t sent = 0;
    while (sent < len) {
        struct iovec iov = { buf + sent, len - sent };
        struct msghdr msg = { 0 };
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        if (sent == 0) {
            msg.msg_control = control.space;
            msg.msg_controllen = sizeof control.space;
            struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof fds);
            memcpy(CMSG_DATA(c), fds, sizeof fds);
        }
        ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            free(buf);
            return 0;
        }
        sent += (size_t) n;
    }
    free(buf);
    return 1;
}

static void on_signal(int sig)
{
    if (pending_signal) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    pending_signal = sig;
    unsigned char b = (unsigned char) sig;
    if (conn >= 0) {
        ssize_t ignored = send(conn, &b, 1, MSG_NOSIGNAL);
        (void) ignored;
    }
}

static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction old_actions[4];

static void restore_signals(void)
{
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &old_actions[i], NULL);
    }
}

/* The daemon's first answer: one byte 'A' once it has taken the command (1), else EOF (0). */
static int read_accepted(int fd)
{
    unsigned char b;
    for (;;) {
        ssize_t n = read(fd, &b, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n == 1 && b == 'A';
    }
}

/* The daemon's reply: 0 when it never came (the daemon died), else 1 with *status set. */
static int read_status(int fd, int32_t *status)
{
    unsigned char b[4];
    size_t got = 0;
    while (got < 4) {
        ssize_t n = read(fd, b + got, 4 - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        got += (size_t) n;
    }
    *status = (int32_t) ((uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3]);
    return 1;
}

int main(int argc, char **argv)
{
    prog = argv[0];
    if (argc < 3) {
        fprintf(stderr, "usage: %s BINDIR qemu-img|qemu-io|--status|--stop [ARGS...]\n", prog);
        return 1;
    }
    bindir = argv[1];
    user_argv = argv + 2;
    int control = strcmp(argv[2], "--status") == 0 || strcmp(argv[2], "--stop") == 0;
    if (!control && strcmp(argv[2], "qemu-img") != 0 && strcmp(argv[2], "qemu-io") != 0) {
        fprintf(stderr, "%s: unknown tool %s\n", prog, argv[2]);
        return 1;
    }
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0) { /* a closed standard stream cannot be passed */
            if (control) {
                return 1;
            }
            run_direct();
        }
    }
    char dir[256], sock[sizeof ((struct sockaddr_un *) 0)->sun_path];
    if (!socket_path(dir, sizeof dir, sock, sizeof sock)) {
        if (control) {
            fprintf(stderr, "%s: no usable daemon directory\n", prog);
            return 1;
        }
        run_direct();
    }
    conn = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = { 0 };
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, sock, strlen(sock) + 1);
    if (conn < 0 || connect(conn, (struct sockaddr *) &addr, sizeof addr) != 0) {
        int e = errno;
        if (conn >= 0) {
            close(conn);
            conn = -1;
        }
        if (control) {
            printf("no daemon at %s\n", sock);
            return strcmp(argv[2], "--stop") == 0 ? 0 : 1;
        }
        if (e == ENOENT || e == ECONNREFUSED) {
            spawn_daemon(dir, sock);
        }
        run_direct();
    }
    /* signals the caller ignores (nohup, a background job) stay ignored, as they would by the tool */
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], NULL, &old_actions[i]);
        if (old_actions[i].sa_handler != SIG_IGN) {
            sigaction(sigs[i], &sa, NULL);
        }
    }
    if (!send_request(conn, argc - 2, argv + 2) || !read_accepted(conn)) {
        /* the daemon never started the command (it was stopping, or the request did not go out) */
        close(conn);
        conn = -1;
        restore_signals();
        if (pending_signal) {
            raise(pending_signal);
        }
        if (control) {
            return 1;
        }
        run_direct();
    }
    int32_t status;
    if (!read_status(conn, &status)) {
        if (pending_signal) {
            signal(pending_signal, SIG_DFL);
            raise(pending_signal);
        }
        fprintf(stderr, "%s: the tool daemon ended without an exit status (see %s/daemon.log)\n", prog, dir);
        return 1;
    }
    close(conn);
    conn = -1;
    if (pending_signal) {
        signal(pending_signal, SIG_DFL);
        raise(pending_signal);
    }
    if (status == REPLY_FALLBACK || status == REPLY_STALE) {
        if (control) {
            return 1;
        }
        if (status == REPLY_STALE) {
            spawn_daemon(dir, sock);
        }
        run_direct();
    }
    if (control && strcmp(argv[2], "--status") == 0) {
        printf("daemon running at %s\n", sock);
    }
    return status & 0xff;
}
