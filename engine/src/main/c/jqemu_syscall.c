/*
 * The engine's optional JNI shim for the file driver's few system calls (see
 * io.jiotests.engine.file.SyscallJni). It makes the calls the FFM binding of libc's syscall(2)
 * makes (io.jiotests.engine.file.SyscallFfm), but binding a JNI method costs a symbol lookup where
 * creating an FFM downcall stub spins classes (~100 ms of a command-line tool's start-up).
 * bin/jqemu-aot-train builds it when a C compiler is present; without it the engine uses FFM.
 */
#include <errno.h>
#include <jni.h>
#include <stdlib.h>
#include <unistd.h>

/* syscall(nr, a, b, c, d): the result, or -errno when it fails (the kernel's own convention). */
JNIEXPORT jlong JNICALL Java_io_jiotests_engine_file_SyscallJni_syscall4(JNIEnv *env, jclass cls,
        jlong nr, jlong a, jlong b, jlong c, jlong d)
{
    (void) env;
    (void) cls;
    long r = syscall((long) nr, (long) a, (long) b, (long) c, (long) d);
    return r == -1 ? -(jlong) errno : (jlong) r;
}

/*
 * syscall(nr, a, b, c, d) with argument number `at` (0..3) replaced by the address of a copy of
 * `buf` (a path or a struct), which is copied back into `buf` afterwards: the result, or -errno.
 */
JNIEXPORT jlong JNICALL Java_io_jiotests_engine_file_SyscallJni_syscall4buf(JNIEnv *env, jclass cls,
        jlong nr, jlong a, jlong b, jlong c, jlong d, jbyteArray buf, jint at)
{
    (void) cls;
    if (at < 0 || at > 3) {
        return -EINVAL;
    }
    jsize len = (*env)->GetArrayLength(env, buf);
    jbyte *mem = malloc(len > 0 ? (size_t) len : 1);
    if (mem == NULL) {
        return -ENOMEM;
    }
    (*env)->GetByteArrayRegion(env, buf, 0, len, mem);
    long args[4] = { (long) a, (long) b, (long) c, (long) d };
    args[at] = (long) mem;
    long r = syscall((long) nr, args[0], args[1], args[2], args[3]);
    jlong result = r == -1 ? -(jlong) errno : (jlong) r;
    (*env)->SetByteArrayRegion(env, buf, 0, len, mem);
    free(mem);
    return result;
}
