# Sourced by bin/jqemu-img (jqemu-io) and bin/jqemu-aot-train: the one place that says which JVM,
# class path, JVM options and AOT cache the launchers use. The cache records the JVM and the
# class path it was trained with (the engine jar and every jar of engine/target/lib, in this
# order) and the JVM silently ignores it when they differ, so training and use must share them.
# Sets: java, java_home, jar, cp, opts, native, native_opt, cache, cache_fresh (yes/no); needs: root.
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
opts="--enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Djdk.reflect.useNativeAccessorOnly=true -Djiotests.drivers=builtin"
# The file driver's JNI shim (engine/src/main/c/jqemu_syscall.c, built by jqemu-aot-train when a
# C compiler is present): the same system calls as its FFM binding, whose downcall stub takes
# ~100 ms of CPU to create at start-up. Without it the engine uses the FFM binding.
native="$root/engine/target/native/libjqemusyscall.so"
native_opt=
[ -f "$native" ] && native_opt="-Djiotests.posix.jni=$native"
cache="$root/engine/target/jqemu.aot"
# fresh: newer than the engine jar, every library jar and the JNI shim, and trained with this JVM
cache_fresh=no
if [ -n "$jar" ] && [ -f "$cache" ] && [ "$cache" -nt "$jar" ] && [ -f "$cache.java" ]; then
    cache_fresh=yes
    [ -n "$native_opt" ] && [ ! "$cache" -nt "$native" ] && cache_fresh=no
    for j in "$root"/engine/target/lib/*.jar; do
        [ -f "$j" ] && [ ! "$cache" -nt "$j" ] && cache_fresh=no
    done
    read -r trained_java < "$cache.java" || trained_java=
    [ "$trained_java" = "$java" ] || cache_fresh=no
fi
