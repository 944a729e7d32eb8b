package io.jiotests.harness.hostile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation on a hostile image: qemu-img info / check / convert or qemu-io reads.
 *
 * @param image   the image
 * @param kind    "info", "info-chain", "check", "convert" or "read"
 * @param program "qemu-img" or "qemu-io"
 * @param args    the arguments after the program name
 * @param output  the convert target (null for the others)
 */
public record HostileOp(HostileImage image, String kind, String program, List<String> args, Path output) {

    /** Key for the expectation file and the report: image name and operation. */
    public String key() {
        return image.name() + " " + kind;
    }

    /** The operations run on every image. */
    public static List<HostileOp> forImage(HostileImage img, Path workDir) {
        String f = img.format();
        String p = img.file().toString();
        Path out = workDir.resolve("convert-" + img.file().getFileName() + ".raw");
        List<HostileOp> ops = new ArrayList<>();
        ops.add(new HostileOp(img, "info", "qemu-img", List.of("info", "-f", f, p), null));
        if (img.name().contains("backing") || img.name().contains("cycle")) {
            ops.add(new HostileOp(img, "info-chain", "qemu-img", List.of("info", "--backing-chain", "-f", f, p), null));
        }
        ops.add(new HostileOp(img, "check", "qemu-img", List.of("check", "-f", f, p), null));
        ops.add(new HostileOp(img, "convert", "qemu-img", List.of("convert", "-f", f, "-O", "raw", p, out.toString()), out));
        ops.add(new HostileOp(img, "read", "qemu-io", List.of("-r", "-f", f,
                "-c", "read 0 128k", "-c", "read 1M 64k", "-c", "read 2M 64k", p), null));
        return ops;
    }
}
