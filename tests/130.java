package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * blkdebug rules files (blkdebug:RULES:IMAGE under a qcow2 image): the config-file syntax and its
 * error texts, then error injection on the events qcow2 raises: EIO on l2_load and read_aio,
 * ENOSPC on cluster_alloc, a sector-bound rule on write_aio, an iotype filter, set-state switching
 * between rule sets; every failed request leaves the image consistent (qemu-img check).
 */
@IoTest(number = 130, title = "blkdebug rules file: syntax and error injection on qcow2 events",
        groups = {"blkdebug", "rw", "auto", "quick"}, formats = {"qcow2"})
final class T130 implements ConformanceTest {
    private TestContext t;

    private String rules(String text) throws Exception {
        Files.writeString(t.path("blkdebug.conf"), text, StandardCharsets.US_ASCII);
        return "blkdebug:" + t.path("blkdebug.conf") + ":" + t.testImg();
    }

    private void io(String rulesText, String... cmds) throws Exception {
        String dev = rules(rulesText);
        String[] args = new String[cmds.length * 2 + 3];
        args[0] = "-f";
        args[1] = t.fmt();
        for (int i = 0; i < cmds.length; i++) {
            args[2 + 2 * i] = "-c";
            args[3 + 2 * i] = cmds[i];
        }
        args[args.length - 1] = dev;
        t.echo("rc=" + t.io(args));
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x11 0 128k", "write -q -P 0x22 2M 64k");

        t.echo("=== rules file syntax ===");
        t.echo("rc=" + t.io("-f", t.fmt(), "-c", "read 0 4k",
                "blkdebug:" + t.path("missing.conf") + ":" + t.testImg()));
        io("[bogus]\nevent = \"l2_load\"\n", "read 0 4k");
        io("garbage\n", "read 0 4k");
        io("[inject-error]\nerrno = \"5\"\n", "read 0 4k");
        io("[inject-error]\nevent = \"no_such_event\"\n", "read 0 4k");
        io("[inject-error]\nevent = l2_load\n", "read 0 4k");
        io("[inject-error]\nevent=\"l2_load\"\n", "read 0 4k");
        io("[inject-error]\nevent = \"l2_load\"\nfoo = \"1\"\n", "read 0 4k");
        io("[inject-error]\nevent = \"l2_load\"\nerrno = \"five\"\n", "read 0 4k");
        io("[inject-error]\nevent = \"l2_load\"\nonce = \"maybe\"\n", "read 0 4k");
        io("[inject-error]\nevent = \"l2_load\"\niotype = \"sideways\"\n", "read 0 4k");
        io("[inject-error\nevent = \"l2_load\"\n", "read 0 4k");
        io("# only a comment\n\n", "read -P 0x11 0 4k");
        t.echo("rc=" + t.io("-f", t.fmt(), "-c", "read 0 4k", "blkdebug:" + t.testImg()));

        t.echo("=== EIO on l2_load, once: the first read fails, the next one works ===");
        io("[inject-error]\nevent = \"l2_load\"\nonce = \"on\"\n",
                "read -P 0x11 0 4k", "read -P 0x11 0 4k");

        t.echo("=== ENOSPC on read_aio with comments and indentation ===");
        io("# read errors\n[inject-error]\n  event = \"read_aio\"\n\terrno = \"28\"\n  once = \"on\"\n",
                "read -P 0x11 64k 4k", "read -P 0x11 64k 4k", "read -P 0 1M 4k");

        t.echo("=== ENOSPC on cluster_alloc: the write fails, nothing is allocated ===");
        io("[inject-error]\nevent = \"cluster_alloc\"\nerrno = \"28\"\nonce = \"on\"\n",
                "write -P 0x33 1M 64k", "read -P 0 1M 64k", "write -P 0x33 1M 64k", "read -P 0x33 1M 64k");
        t.img("check", t.testImg());
        t.img("map", t.testImg());

        t.echo("=== sector-bound rule on write_aio ===");
        io("[inject-error]\nevent = \"write_aio\"\nsector = \"8\"\nonce = \"on\"\n",
                "write -P 0x44 0 4k", "write -P 0x44 4k 4k", "write -P 0x44 4k 4k", "read -P 0x44 0 8k");

        t.echo("=== iotype=write: reads pass, the write fails ===");
        io("[inject-error]\nevent = \"l2_load\"\niotype = \"write\"\nonce = \"on\"\n",
                "read -P 0x44 0 4k", "write -P 0x55 8k 4k", "read -P 0x11 8k 4k");

        t.echo("=== set-state: the error rule only runs in state 2 ===");
        io("[set-state]\nevent = \"l2_load\"\nstate = \"1\"\nnew_state = \"2\"\n\n"
                + "[inject-error]\nevent = \"read_aio\"\nstate = \"2\"\nonce = \"on\"\n",
                "read -P 0x44 0 4k", "read -P 0x44 0 4k");
        io("[inject-error]\nevent = \"read_aio\"\nstate = \"2\"\nonce = \"on\"\n",
                "read -P 0x44 0 4k", "read -P 0x44 0 4k");
        t.img("check", t.testImg());
        t.echo("rc=" + t.img("info", "blkdebug:" + t.path("blkdebug.conf") + ":" + t.testImg()));
    }
}
