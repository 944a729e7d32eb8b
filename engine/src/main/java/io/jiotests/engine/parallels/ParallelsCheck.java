package io.jiotests.engine.parallels;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.BlockNode;
import io.jiotests.engine.block.CheckMode;
import io.jiotests.engine.block.CheckResult;
import io.jiotests.engine.block.Preallocation;

import java.io.PrintStream;

/**
 * QEMU 7.2's parallels check: an image left in use is a corruption (repaired by the clean close),
 * a BAT entry pointing past the end of the file is a corruption (repair clears it and rewrites the
 * BAT), fragmentation counts clusters that do not follow their predecessor on the host, and the
 * file beyond the last allocated cluster is leaked space (repair cuts the file there).
 */
final class ParallelsCheck {
    record Outcome(CheckResult result, boolean uncleanFixed) {
    }

    private ParallelsCheck() {
    }

    static Outcome run(BlockNode file, ParallelsMetadata meta, ParallelsOpen.Geometry geo, boolean unclean,
                       CheckMode mode, PrintStream report) throws BlockException {
        boolean fixErrors = mode == CheckMode.ALL;
        boolean fixLeaks = mode != CheckMode.NONE;
        long size = file.length();
        long corruptions = 0;
        long corruptionsFixed = 0;
        long leaks = 0;
        long leaksFixed = 0;
        long checkErrors = 0;
        boolean uncleanFixed = false;
        if (unclean) {
            report.print((fixErrors ? "Repairing" : "ERROR") + " image was not closed correctly\n");
            corruptions++;
            if (fixErrors) {
                corruptionsFixed++;
                uncleanFixed = true;
            }
        }
        long clusterSize = geo.tracks() << 9;
        long allocated = 0;
        long fragmented = 0;
        long highOff = 0;
        long prevOff = 0;
        boolean flushBat = false;
        // entries in pages of zeroes are skipped: each would only reset prevOff
        for (long i = meta.nextCandidate(0); i < geo.batSize(); ) {
            long off = (meta.entry(i) * geo.offMultiplier()) << 9;
            long next = meta.nextCandidate(i + 1);
            if (off == 0) {
                prevOff = 0;
                i = next;
                continue;
            }
            if (off > size) {
                report.print((fixErrors ? "Repairing" : "ERROR") + " cluster " + i + " is outside image\n");
                corruptions++;
                if (fixErrors) {
                    prevOff = 0;
                    meta.setEntry(i, 0);
                    corruptionsFixed++;
                    flushBat = true;
                    i = next;
                    continue;
                }
            }
            allocated++;
            if (off > highOff) {
                highOff = off;
            }
            if (prevOff != 0 && prevOff + clusterSize != off) {
                fragmented++;
            }
            prevOff = next == i + 1 ? off : 0; // skipped entries are zero
            i = next;
        }
        long imageEnd = 0;
        done:
        {
            if (flushBat) {
                try {
                    meta.writeAll(file);
                } catch (BlockException e) {
                    checkErrors++;
                    break done;
                }
            }
            imageEnd = highOff + clusterSize;
            if (size > imageEnd) {
                long count = Math.ceilDiv(size - imageEnd, clusterSize);
                report.print((fixLeaks ? "Repairing" : "ERROR") + " space leaked at the end of the image "
                        + (size - imageEnd) + "\n");
                leaks += count;
                if (fixLeaks) {
                    try {
                        file.truncate(imageEnd, true, Preallocation.OFF);
                    } catch (BlockException e) {
                        report.print(e.getMessage() + "\n");
                        checkErrors++;
                        break done;
                    }
                    leaksFixed += count;
                }
            }
        }
        report.flush();
        CheckResult r = new CheckResult(corruptions, leaks, checkErrors, corruptionsFixed, leaksFixed, imageEnd,
                allocated, geo.batSize(), fragmented, 0);
        return new Outcome(r, uncleanFixed);
    }
}
