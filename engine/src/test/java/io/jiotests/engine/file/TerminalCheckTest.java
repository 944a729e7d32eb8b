package io.jiotests.engine.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PosixLib.isTerminal is isatty (ioctl TCGETS): true for a pseudo-terminal, false for /dev/null,
 * a regular file, a pipe-less closed descriptor; the launcher's stdout buffering (tools.Main)
 * relies on it agreeing with java.io.Console.isTerminal (isatty on stdin and stdout).
 */
class TerminalCheckTest {
    private static final int O_NOCTTY = 0x100;

    @TempDir
    Path dir;

    @Test
    void aPseudoTerminalIsATerminal() throws Exception {
        // the master side of a new pty is a terminal device too (no controlling tty is taken)
        int fd = PosixLib.open("/dev/ptmx", PosixLib.O_RDWR | O_NOCTTY, 0);
        try {
            assertThat(PosixLib.isTerminal(fd)).isTrue();
        } finally {
            PosixLib.close(fd);
        }
    }

    @Test
    void devNullARegularFileAndABadDescriptorAreNot() throws Exception {
        int fd = PosixLib.open("/dev/null", PosixLib.O_RDONLY, 0);
        try {
            assertThat(PosixLib.isTerminal(fd)).isFalse();
        } finally {
            PosixLib.close(fd);
        }
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        int ffd = PosixLib.open(file.toString(), PosixLib.O_RDONLY, 0);
        try {
            assertThat(PosixLib.isTerminal(ffd)).isFalse();
        } finally {
            PosixLib.close(ffd);
        }
        assertThat(PosixLib.isTerminal(-1)).isFalse();
    }

    @Test
    void agreesWithTheConsoleOnThisProcessStandardStreams() {
        java.io.Console console = System.console();
        boolean consoleSays = console != null && console.isTerminal();
        assertThat(PosixLib.isTerminal(0) && PosixLib.isTerminal(1)).isEqualTo(consoleSays);
    }
}
