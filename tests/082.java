package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * json: pseudo-filenames: qemu-img and qemu-io accept a full block graph as JSON (format over file,
 * nested options, a raw node with offset), and report malformed JSON and unknown keys.
 */
@IoTest(number = 82, title = "json: pseudo-filenames",
        groups = {"filename", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T082 implements ConformanceTest {
    @Override
    public void run(TestContext t) throws Exception {
        String f = t.fmt();
        t.makeTestImg("1M");
        t.ioCmds("write -P 0x82 0 64k", "write -P 0x83 64k 64k");
        String json = "json:{\"driver\":\"" + f + "\",\"file\":{\"driver\":\"file\",\"filename\":\"t." + f + "\"}}";
        t.io("-c", "read -P 0x82 0 64k", "-c", "write -P 0x84 128k 4k", json);
        t.echoFiltered(t.imgQuiet("info", json).stdout(), s -> s.replaceAll("(?m)^ *disk size: .*\n", ""));
        t.img("map", "--output=json", json);
        t.echo("=== flattened keys ===");
        t.io("-c", "read -P 0x84 128k 4k",
             "json:{\"driver\":\"" + f + "\",\"file.driver\":\"file\",\"file.filename\":\"t." + f + "\"}");
        t.echo("=== errors ===");
        t.echo("rc=" + t.io("-c", "read 0 512", "json:{\"driver\":\"" + f + "\""));
        t.echo("rc=" + t.io("-c", "read 0 512", "json:{\"driver\":\"" + f + "\",\"file\":{\"driver\":\"file\",\"filename\":\"t." + f + "\"},\"bogus\":1}"));
        t.echo("rc=" + t.io("-c", "read 0 512", "json:{\"driver\":\"nosuch\",\"file\":\"t." + f + "\"}"));
        t.echo("rc=" + t.io("-c", "read 0 512", "json:[]"));
    }
}
