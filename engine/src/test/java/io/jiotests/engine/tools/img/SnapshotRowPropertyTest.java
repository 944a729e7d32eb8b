package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * InfoPrinter lays snapshot lines out by hand (no String.format, no DateTimeFormatter at start-up):
 * the result must be what the printf-style formats and the formatter give.
 */
class SnapshotRowPropertyTest {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static String reference(Map<String, Object> s) {
        long secs = (Long) s.get("date-sec");
        String date = DATE.format(Instant.ofEpochSecond(secs).atZone(ZoneId.systemDefault()));
        long clockSec = (Long) s.get("vm-clock-sec");
        long clockNsec = (Long) s.get("vm-clock-nsec");
        String clock = String.format("%02d:%02d:%02d.%03d", clockSec / 3600, (clockSec / 60) % 60,
                clockSec % 60, clockNsec / 1_000_000);
        long icount = (Long) s.get("icount");
        String ic = icount == -1 ? "" : Long.toString(icount);
        return String.format("%-9s %-16s %8s%20s%13s%11s", s.get("id"), s.get("name"),
                HumanSize.format((Long) s.get("vm-state-size")), date, clock, ic);
    }

    private static Map<String, Object> snapshot(String id, String name, long vmState, long dateSec, long clockSec,
                                                long clockNsec, long icount) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("name", name);
        s.put("vm-state-size", vmState);
        s.put("date-sec", dateSec);
        s.put("vm-clock-sec", clockSec);
        s.put("vm-clock-nsec", clockNsec);
        s.put("icount", icount);
        return s;
    }

    @Property(tries = 2000, seed = "20261126")
    void rowsMatchTheFormatters(@ForAll @AlphaChars @StringLength(min = 0, max = 12) String id,
                                @ForAll @AlphaChars @StringLength(min = 0, max = 24) String name,
                                @ForAll @LongRange(min = 0, max = 1L << 40) long vmState,
                                @ForAll @LongRange(min = 0, max = 0xffffffffL) long dateSec,
                                @ForAll @LongRange(min = -100_000, max = 1L << 40) long clockSec,
                                @ForAll @LongRange(min = -5_000_000, max = 999_999_999) long clockNsec,
                                @ForAll @LongRange(min = -1, max = 1L << 50) long icount) {
        Map<String, Object> s = snapshot(id, name, vmState, dateSec, clockSec, clockNsec, icount);
        assertThat(InfoPrinter.snapshotRow(s)).isEqualTo(reference(s));
    }

    @Example
    void headerAndEdgeValues() {
        assertThat(InfoPrinter.snapshotHeader()).isEqualTo(String.format("%-9s %-17s %7s%20s%13s%11s",
                "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT"));
        Map<String, Object> s = snapshot("1", "a-very-long-snapshot-name", 0, 0, 0, 0, -1);
        assertThat(InfoPrinter.snapshotRow(s)).isEqualTo(reference(s));
        s = snapshot("12345678901", "s", 1536, 0xffffffffL, 359_999, 999_999_999, 0);
        assertThat(InfoPrinter.snapshotRow(s)).isEqualTo(reference(s));
        assertThat(InfoPrinter.date(-62_200_000_000L)).isEqualTo(
                DATE.format(Instant.ofEpochSecond(-62_200_000_000L).atZone(ZoneId.systemDefault())));
        assertThat(InfoPrinter.zeroPad(new StringBuilder(), -5, 3).toString()).isEqualTo(String.format("%03d", -5));
        assertThat(InfoPrinter.zeroPad(new StringBuilder(), Long.MIN_VALUE, 2).toString())
                .isEqualTo(String.format("%02d", Long.MIN_VALUE));
    }
}
