package io.jiotests.tests;

import io.jiotests.harness.api.ConformanceTest;
import io.jiotests.harness.api.IoTest;
import io.jiotests.harness.api.TestContext;

/**
 * qemu-img compare's exit codes beyond 0 and 1, with their messages: 2 when an image cannot be
 * opened (missing file, unknown or wrong format, an I/O error while the format reads its header),
 * 3 when the allocation status of a range cannot be determined, 4 when reading data fails. The I/O
 * errors are injected with blkdebug rules on event "none" (active from the moment the node opens)
 * restricted to one request type, on either side of the comparison and in the tail of the longer
 * image; -U and -p are accepted on the way.
 */
@IoTest(number = 222, title = "compare exit codes 2, 3 and 4 (open, allocation and read errors)",
        groups = {"img", "compare", "blkdebug", "auto", "quick"}, formats = {"raw", "qcow2"})
final class T222 implements ConformanceTest {
    private TestContext t;

    /** The image under a blkdebug node whose rules fail every request of one type with errno. */
    private String failing(String image, String event, String iotype, int errno) {
        return failing(image, event, iotype, errno, "");
    }

    /** Like {@link #failing(String, String, String, int)}, only for requests covering host sector. */
    private String failingAt(String image, String event, String iotype, int errno, long sector) {
        return failing(image, event, iotype, errno, ",\"sector\":" + sector);
    }

    private String failing(String image, String event, String iotype, int errno, String more) {
        return "json:{\"driver\":\"" + t.fmt() + "\",\"file\":{\"driver\":\"blkdebug\",\"inject-error\":[{\"event\":\""
                + event + "\",\"iotype\":\"" + iotype + "\",\"errno\":" + errno + more + "}],"
                + "\"image\":{\"driver\":\"file\",\"filename\":\"" + image + "\"}}}";
    }

    @Override
    public void run(TestContext t) throws Exception {
        this.t = t;
        String f = t.fmt();
        String a = t.testImg();
        String b = t.path("b." + f).toString();
        String big = t.path("big." + f).toString();
        t.makeTestImg("1M");
        t.makeImg(b, "1M");
        t.makeImg(big, "2M");
        t.ioCmds("write -q -P 0x22 0 64k");
        t.ioCmdsOn(b, f, "write -q -P 0x22 0 64k");
        t.ioCmdsOn(big, f, "write -q -P 0x22 0 64k", "write -q -P 0 1536k 64k");

        t.echo("=== 0 and 1, with -U and -p ===");
        t.echo("rc=" + t.img("compare", "-U", "-f", f, "-F", f, a, b));
        var r = t.imgMerged("compare", "-p", "-f", f, "-F", f, a, b);
        t.echo("-p: rc=" + r.exitCode() + " output: "
                + t.filter(r.merged()).replace("\r", "\\r").replace("\n", "\\n"));
        t.echo("rc=" + t.img("compare", "-f", f, "-F", f, a, big));

        t.echo("=== 2: an image cannot be opened ===");
        t.echo("missing first: rc=" + t.img("compare", "-f", f, "-F", f, t.path("nothere").toString(), b));
        t.echo("missing second: rc=" + t.img("compare", "-f", f, "-F", f, a, t.path("nothere").toString()));
        t.echo("unknown -f: rc=" + t.img("compare", "-f", "nosuchfmt", "-F", f, a, b));
        t.echo("unknown -F: rc=" + t.img("compare", "-f", f, "-F", "nosuchfmt", a, b));
        t.echo("wrong -F: rc=" + t.img("compare", "-f", f, "-F", f.equals("raw") ? "qcow2" : "vdi", a, b));
        t.echo("reads fail from the start (qcow2: its header): rc=" + t.img("compare", "-f", f, a, failing(b, "none", "read", 5)));

        t.echo("=== 3: the allocation status cannot be determined ===");
        t.echo("second: rc=" + t.img("compare", a, failing(b, "none", "block-status", 5)));
        t.echo("first: rc=" + t.img("compare", failing(a, "none", "block-status", 5), b));
        t.echo("strict: rc=" + t.img("compare", "-s", a, failing(b, "none", "block-status", 5)));
        t.echo("longer image: rc=" + t.img("compare", a, failing(big, "none", "block-status", 5)));

        t.echo("=== 4: reading data fails ===");
        t.echo("second, EIO: rc=" + t.img("compare", a, failing(b, "read_aio", "read", 5)));
        t.echo("first, ENOSPC: rc=" + t.img("compare", failing(a, "read_aio", "read", 28), b));
        // the tail's data: its host sector from the map, so only the read of the tail fails
        var map = t.imgQuiet("map", "--output=json", "-f", f, big).stdout();
        var m = java.util.regex.Pattern.compile("\"start\": 1572864, .*\"offset\": (\\d+)").matcher(map);
        if (!m.find()) {
            throw new IllegalStateException("no host offset for the tail of " + big + " in " + map);
        }
        long sector = Long.parseLong(m.group(1)) / 512;
        t.echo("longer image's tail: rc=" + t.img("compare", a, failingAt(big, "read_aio", "read", 5, sector)));
        t.echo("quiet: rc=" + t.img("compare", "-q", a, failing(b, "read_aio", "read", 5)));
    }
}
