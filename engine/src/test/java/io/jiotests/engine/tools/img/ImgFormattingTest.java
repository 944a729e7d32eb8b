package io.jiotests.engine.tools.img;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output building blocks against texts recorded from qemu-img 7.2. */
class ImgFormattingTest {

    @Test
    void humanSizesLikeSizeToStr() {
        assertThat(HumanSize.format(0)).isEqualTo("0 B");
        assertThat(HumanSize.format(512)).isEqualTo("512 B");
        assertThat(HumanSize.format(4096)).isEqualTo("4 KiB");
        assertThat(HumanSize.format(139264)).isEqualTo("136 KiB");
        assertThat(HumanSize.format(1048576)).isEqualTo("1 MiB");
        assertThat(HumanSize.format(1536)).isEqualTo("1.5 KiB");
        assertThat(HumanSize.format(1000 * 1024)).isEqualTo("0.977 MiB");
        assertThat(HumanSize.format(999 * 1024)).isEqualTo("999 KiB");
        assertThat(HumanSize.format(208896)).isEqualTo("204 KiB");
        assertThat(HumanSize.format(1L << 40)).isEqualTo("1 TiB");
    }

    @Test
    void qdictOrderMatchesQemuInfoJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("filename", "format", "virtual-size", "actual-size", "cluster-size",
                "dirty-flag", "backing-filename", "full-backing-filename", "backing-filename-format",
                "snapshots", "format-specific")) {
            m.put(k, 1);
        }
        assertThat(QJson.qdictOrder(m)).containsExactly("backing-filename-format", "snapshots",
                "virtual-size", "filename", "cluster-size", "format", "actual-size", "format-specific",
                "full-backing-filename", "backing-filename", "dirty-flag");
    }

    @Test
    void prettyJsonLayout() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("compat", "1.1");
        inner.put("lazy-refcounts", false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("virtual-size", 1024L);
        m.put("filename", "d/\u00e9\"x\t.img");
        m.put("data", inner);
        m.put("list", List.of(1L, 2L));
        String expected = """
                {
                    "virtual-size": 1024,
                    "filename": "d/\\u00E9\\"x\\t.img",
                    "data": {
                        "compat": "1.1",
                        "lazy-refcounts": false
                    },
                    "list": [
                        1,
                        2
                    ]
                }""";
        String got = QJson.pretty(m);
        // member order is QDict's; compare line sets for the top level and exact text for nesting
        assertThat(got).contains("\"filename\": \"d/\\u00E9\\\"x\\t.img\"");
        assertThat(got).contains("    \"data\": {\n        \"compat\": \"1.1\",\n        \"lazy-refcounts\": false\n    }");
        assertThat(got.lines().map(l -> l.replaceAll(",$", "")).sorted().toList())
                .isEqualTo(expected.lines().map(l -> l.replaceAll(",$", "")).sorted().toList());
    }

    @Test
    void sizeArgumentsLikeQemuStrtosz() {
        assertThat(SizeArg.parse("1.5k").asLong()).isEqualTo(1536);
        assertThat(SizeArg.parse("0x10").asLong()).isEqualTo(16);
        assertThat(SizeArg.parse("1b").asLong()).isEqualTo(1);
        assertThat(SizeArg.parse(" 1k").asLong()).isEqualTo(1024);
        assertThat(SizeArg.parse("1T").asLong()).isEqualTo(1L << 40);
        assertThat(SizeArg.parse("1.5").invalid()).isTrue();
        assertThat(SizeArg.parse("1kb").invalid()).isTrue();
        assertThat(SizeArg.parse("1e3").invalid()).isTrue();
        assertThat(SizeArg.parse("").invalid()).isTrue();
        assertThat(SizeArg.parse("-1").invalid()).isTrue();
        assertThat(SizeArg.parse("8E").ok()).isTrue();
        assertThat(SizeArg.parse("8E").asLong()).isEqualTo(-1);
        assertThat(SizeArg.parse("16E").range()).isTrue();
        assertThat(SizeArg.parse("0x1k").hexWithSuffix()).isTrue();
    }

    @Test
    void getoptPermutesAndNamesTheOffendingElement() {
        GetOpt g = new GetOpt(new String[] {"info", "a.img", "-xq"}, ":f:hU", List.of());
        assertThat(g.next()).isEqualTo(GetOpt.UNKNOWN);
        assertThat(g.lastArg()).isEqualTo("a.img");

        g = new GetOpt(new String[] {"create", "-qx", "a", "1M"}, ":F:b:f:ho:qu", List.of());
        assertThat(g.next()).isEqualTo('q');
        assertThat(g.next()).isEqualTo(GetOpt.UNKNOWN);
        assertThat(g.lastArg()).isEqualTo("-qx");

        g = new GetOpt(new String[] {"info", "a.img", "--out", "json", "-fraw"}, ":f:hU",
                List.of(new GetOpt.LongOpt("output", true, 256), new GetOpt.LongOpt("object", true, 257)));
        assertThat(g.next()).isEqualTo(256);
        assertThat(g.optarg()).isEqualTo("json");
        assertThat(g.next()).isEqualTo('f');
        assertThat(g.optarg()).isEqualTo("raw");
        assertThat(g.next()).isEqualTo(GetOpt.DONE);
        assertThat(g.operands()).containsExactly("a.img");

        g = new GetOpt(new String[] {"info", "--o=json"}, ":f:hU",
                List.of(new GetOpt.LongOpt("output", true, 256), new GetOpt.LongOpt("object", true, 257)));
        assertThat(g.next()).isEqualTo(GetOpt.UNKNOWN);

        g = new GetOpt(new String[] {"create", "-f"}, ":f:", List.of());
        assertThat(g.next()).isEqualTo(GetOpt.MISSING);
        assertThat(g.lastArg()).isEqualTo("-f");

        g = new GetOpt(new String[] {"create", "a", "--", "-b"}, ":b:", List.of());
        assertThat(g.next()).isEqualTo(GetOpt.DONE);
        assertThat(g.operands()).containsExactly("a", "-b");
    }

    @Test
    void optionListValidation() {
        assertThat(CreateOpts.validList("size=1M")).isTrue();
        assertThat(CreateOpts.validList("a=b,,c")).isTrue();
        assertThat(CreateOpts.validList("")).isFalse();
        assertThat(CreateOpts.validList(",x")).isFalse();
        assertThat(CreateOpts.validList("size=1M,")).isFalse();
        assertThat(CreateOpts.hasHelp("size=1M,?")).isTrue();
        assertThat(CreateOpts.hasHelp("size=1M")).isFalse();
    }
}
