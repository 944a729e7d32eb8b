# Sourced by bin/jqemu-img (jqemu-io) and bin/jqemu-aot-train: the one place that says which JVM,
# class path, JVM options and AOT cache the launchers use. The cache records the JVM and the
# class path it was trained with (the engine jar and every jar of engine/target/lib, in this
# order) and the JVM silently ignores it when they differ, so training and use must share them.
# Sets: java, java_home, jar, cp, opts, native, native_opt, client, cache, start_cache and the function
# aot_fresh; needs: root.
java_home=${JQEMU_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$java_home/bin/java"
jar=
for j in "$root"/engine/target/engine-*.jar; do
    case "$j" in *-sources.jar|*-tests.jar|*-javadoc.jar) ;; *) [ -f "$j" ] && jar=$j ;; esac
done
cp="$jar:$root/engine/target/lib/*"
# C1 only and the serial collector: a tool run is short. Reflection through JNI accessors: the
# method-handle ones spin classes for each driver ServiceLoader instantiates.
# The class path holds the engine jar and third-party jars only: the block drivers are the
# engine's own, built directly instead of a ServiceLoader scan that opens every jar (tools.Main).
# -XX:ArchiveRelocationMode=0 maps the AOT cache at the address it was built for (the JDK's
# default, 1, maps it elsewhere and relocates every pointer in it: ~5-10 ms of CPU per run); when
# that address is taken the JVM still relocates. -XX:-AOTReplayTraining: the JVM does not queue
# C1 compiles of the methods the training ran hot (with tiny images those are not a real run's;
# measured: info 51 -> 45 ms of CPU, check/map of 2048 extents -7 to -12 %, convert no slower).
opts="--enable-native-access=ALL-UNNAMED -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-AOTReplayTraining -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Djdk.reflect.useNativeAccessorOnly=true -Djiotests.drivers=builtin"
# The file driver's JNI shim (engine/src/main/c/jqemu_syscall.c, built by jqemu-aot-train when a
# C compiler is present): the same system calls as its FFM binding, whose downcall stub takes
# ~100 ms of CPU to create at start-up. Without it the engine uses the FFM binding.
native="$root/engine/target/native/libjqemusyscall.so"
native_opt=
[ -f "$native" ] && native_opt="-Djiotests.posix.jni=$native"
# The tool daemon's client (engine/src/main/c/jqemu_client.c, built next to the shim): with
# JQEMU_DAEMON=on the launchers hand each command to a long-lived JVM (bin/jqemu-daemon).
client="$root/engine/target/native/jqemu-client"
# Two AOT caches: jqemu-start.aot, trained on the short metadata commands only (info, check, map,
# --version, --help), and jqemu.aot for everything. A JDK 25 cache with linked classes loads all
# its classes when the JVM starts, used or not: the ~1 000 classes of the other commands cost
# an info run ~10 ms of CPU (bin/jqemu-img picks the cache by command).
cache="$root/engine/target/jqemu.aot"
start_cache="$root/engine/target/jqemu-start.aot"
# aot_fresh CACHE: newer than the engine jar, every library jar and the JNI shim, and trained
# with this JVM (shell built-ins only: no process is started)
aot_fresh() {
    [ -n "$jar" ] && [ -f "$1" ] && [ "$1" -nt "$jar" ] && [ -f "$1.java" ] || return 1
    [ -n "$native_opt" ] && [ ! "$1" -nt "$native" ] && return 1
    for j in "$root"/engine/target/lib/*.jar; do
        [ -f "$j" ] && [ ! "$1" -nt "$j" ] && return 1
    done
    read -r trained_java < "$1.java" || trained_java=
    [ "$trained_java" = "$java" ]
}
