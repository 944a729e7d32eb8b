package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-io's blkdebug breakpoints: break on a qcow2 event stops an aio request (blkdebug prints
 * "Suspended request"), wait_break returns once it is stopped, resume lets it finish (reads,
 * overwrites, allocating writes); remove_break deletes a breakpoint before it fires; unknown events and tags fail with ENOENT,
 * and without a blkdebug node the commands fail with ENOTSUP. Data and metadata stay consistent.
 */
@IoTest(number = 132, title = "blkdebug breakpoints: break, wait_break, resume, remove_break",
        groups = {"blkdebug", "aio", "auto", "quick"}, formats = {"qcow2"})
final class T132 implements ConformanceTest {
    private TestContext t;

    private void io(String... cmds) {
        String[] args = new String[cmds.length * 2 + 3];
        args[0] = "-f";
        args[1] = t.fmt();
        for (int i = 0; i < cmds.length; i++) {
            args[2 + 2 * i] = "-c";
            args[3 + 2 * i] = cmds[i];
        }
        args[args.length - 1] = "blkdebug::" + t.testImg();
        t.echo("rc=" + t.io(args));
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        t.makeTestImg("4M");
        t.ioCmds("write -q -P 0x11 0 64k");

        t.echo("=== a read stopped at l2_load ===");
        io("break l2_load A", "aio_read -P 0x11 0 4k", "wait_break A", "resume A", "aio_flush");

        t.echo("=== a write stopped at write_aio ===");
        io("break write_aio A", "aio_write -P 0x22 0 4k", "wait_break A", "resume A", "aio_flush",
                "write -P 0x33 4k 4k", "read -P 0x22 0 4k", "read -P 0x33 4k 4k");

        t.echo("=== an allocating write stopped at cluster_alloc ===");
        io("break cluster_alloc B", "aio_write -P 0x44 1M 64k", "wait_break B", "resume B", "aio_flush",
                "read -P 0x44 1M 64k");

        t.img("check", t.testImg());
        t.img("map", t.testImg());

        t.echo("=== remove_break before the event ===");
        io("break l2_load A", "remove_break A", "read -P 0x22 0 4k");

        t.echo("=== errors ===");
        io("break no_such_event A", "break preadv A", "remove_break A", "resume A", "break l2_load A",
                "remove_break A", "remove_break A");
        t.echo("rc=" + t.ioCmds("break l2_load A", "remove_break A", "resume A"));
        t.ioCmds("read -P 0x22 0 4k", "read -P 0x33 4k 4k", "read -P 0x11 8k 56k");
    }
}
