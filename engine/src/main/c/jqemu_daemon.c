/*
 * The tool daemon's system calls (io.jiotests.engine.tools.daemon.DaemonSyscalls): a Unix-domain
 * listening socket, accept with a timeout, the client's credentials, and recvmsg with the
 * client's descriptors (SCM_RIGHTS, which java.nio's Unix-domain channels cannot receive), plus
 * read, write, isatty, shutdown and close on plain descriptors. Built into the JNI shim
 * (libjqemusyscall.so) with jqemu_syscall.c. Each call returns its result or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#define CLASS(name) Java_io_jiotests_engine_tools_daemon_DaemonSyscalls_##name

/* socket + bind + listen on a path (a NUL-terminated byte array); the socket file gets 0600. */
JNIEXPORT jint JNICALL CLASS(listen)(JNIEnv *env, jclass cls, jbyteArray path)
{
    (void) cls;
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    jsize len = (*env)->GetArrayLength(env, path);
    if (len < 2 || (size_t) len > sizeof addr.sun_path) {
        return -ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, path, 0, len, (jbyte *) addr.sun_path);
    addr.sun_path[sizeof addr.sun_path - 1] = 0;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    mode_t old = umask(077);
    int r = bind(fd, (struct sockaddr *) &addr, sizeof addr);
    int e = errno;
    umask(old);
    if (r != 0 || listen(fd, 64) != 0) {
        e = r != 0 ? e : errno;
        close(fd);
        return -e;
    }
    return fd;
}

/* accept4 after waiting at most `millis` ms (-1: no limit): the new descriptor, -EAGAIN on time-out. */
JNIEXPORT jint JNICALL CLASS(accept)(JNIEnv *env, jclass cls, jint fd, jint millis)
{
    (void) env;
    (void) cls;
    struct pollfd p = { fd, POLLIN, 0 };
    int r;
    do {
        r = poll(&p, 1, millis);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return -errno;
    }
    if (r == 0) {
        return -EAGAIN;
    }
    int c;
    do {
        c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    } while (c < 0 && errno == EINTR);
    return c < 0 ? -errno : c;
}

/* The connected client's user id (SO_PEERCRED). */
JNIEXPORT jint JNICALL CLASS(peerUid)(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        return -errno;
    }
    return (jint) cred.uid;
}

/* This process's user id. */
JNIEXPORT jint JNICALL CLASS(uid)(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return (jint) getuid();
}

/*
 * recvmsg into buf[off, off+len): the byte count (0 at EOF). Descriptors that came with the bytes
 * go to fds[0..] (MSG_CMSG_CLOEXEC), at most fds.length; any more are closed. Unused slots: -1.
 */
JNIEXPORT jint JNICALL CLASS(receive)(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off, jint len,
        jintArray fds)
{
    (void) cls;
    jsize max = (*env)->GetArrayLength(env, fds);
    if (len < 0 || off < 0 || off + len > (*env)->GetArrayLength(env, buf) || max > 16) {
        return -EINVAL;
    }
    char *mem = malloc(len > 0 ? (size_t) len : 1);
    if (mem == NULL) {
        return -ENOMEM;
    }
    union {
        char space[CMSG_SPACE(16 * sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { mem, (size_t) len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.space;
    msg.msg_controllen = sizeof control.space;
    ssize_t n;
    do {
        n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        int e = errno;
        free(mem);
        return -e;
    }
    jint got[16];
    for (int i = 0; i < 16; i++) {
        got[i] = -1;
    }
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int *in = (int *) CMSG_DATA(c);
        for (size_t i = 0; i < k; i++) {
            if (count < max) {
                got[count++] = in[i];
            } else {
                close(in[i]);
            }
        }
    }
    (*env)->SetByteArrayRegion(env, buf, off, (jsize) n, (jbyte *) mem);
    if (max > 0) {
        (*env)->SetIntArrayRegion(env, fds, 0, max, got);
    }
    free(mem);
    return (jint) n;
}

/* read(2) into buf[off, off+len): the count, 0 at EOF. */
JNIEXPORT jint JNICALL CLASS(read)(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off, jint len)
{
    (void) cls;
    if (len < 0 || off < 0 || off + len > (*env)->GetArrayLength(env, buf)) {
        return -EINVAL;
    }
    char *mem = malloc(len > 0 ? (size_t) len : 1);
    if (mem == NULL) {
        return -ENOMEM;
    }
    ssize_t n;
    do {
        n = read(fd, mem, (size_t) len);
    } while (n < 0 && errno == EINTR);
    int e = errno;
    if (n > 0) {
        (*env)->SetByteArrayRegion(env, buf, off, (jsize) n, (jbyte *) mem);
    }
    free(mem);
    return n < 0 ? -e : (jint) n;
}

/* write(2) of all of buf[off, off+len): len, or -errno of the write that failed. */
JNIEXPORT jint JNICALL CLASS(write)(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off, jint len)
{
    (void) cls;
    if (len < 0 || off < 0 || off + len > (*env)->GetArrayLength(env, buf)) {
        return -EINVAL;
    }
    jbyte *mem = (*env)->GetByteArrayElements(env, buf, NULL);
    if (mem == NULL) {
        return -ENOMEM;
    }
    jint done = 0;
    while (done < len) {
        ssize_t n = write(fd, mem + off + done, (size_t) (len - done)); /* the JVM ignores SIGPIPE */
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            done = -errno;
            break;
        }
        done += (jint) n;
    }
    (*env)->ReleaseByteArrayElements(env, buf, mem, JNI_ABORT);
    return done;
}

/* isatty(fd) as libc makes it: 1 when ioctl(TCGETS) succeeds, else 0. */
JNIEXPORT jint JNICALL CLASS(isatty)(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    struct termios t;
    return tcgetattr(fd, &t) == 0 ? 1 : 0;
}

/* shutdown(fd, SHUT_RDWR): wakes a thread blocked reading the socket. */
JNIEXPORT jint JNICALL CLASS(shutdown)(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    return shutdown(fd, SHUT_RDWR) == 0 ? 0 : -errno;
}

JNIEXPORT jint JNICALL CLASS(close)(JNIEnv *env, jclass cls, jint fd)
{
    (void) env;
    (void) cls;
    return close(fd) == 0 ? 0 : -errno;
}
