package io.jiotests.harness.report;

import io.jiotests.harness.run.CaseResult;
import io.jiotests.harness.run.JudgedResult;
import io.jiotests.harness.run.TestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * Surefire-compatible JUnit XML: one file TEST-jiotests.IMPL.xml per implementation, one
 * testcase per test x format. Expected failures and not-runs are "skipped" with the reason.
 */
final class JUnitXml {

    private JUnitXml() {
    }

    static void write(Path dir, List<JudgedResult> results) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<JudgedResult>> byImpl = new LinkedHashMap<>();
        for (JudgedResult j : results) {
            byImpl.computeIfAbsent(j.testCase().impl(), k -> new ArrayList<>()).add(j);
        }
        for (Map.Entry<String, List<JudgedResult>> e : byImpl.entrySet()) {
            String suite = "jiotests." + TestCase.safeImpl(e.getKey());
            Files.writeString(dir.resolve("TEST-" + suite + ".xml"), render(suite, e.getValue()), StandardCharsets.UTF_8);
        }
    }

    static String render(String suite, List<JudgedResult> results) {
        int failures = 0;
        int skipped = 0;
        double total = 0;
        for (JudgedResult j : results) {
            total += seconds(j.result());
            if (!j.verdict().ok()) {
                failures++;
            } else if (j.verdict() != io.jiotests.harness.run.Verdict.PASS) {
                skipped++;
            }
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT,
                "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                xml(suite), results.size(), failures, skipped, total));
        for (JudgedResult j : results) {
            CaseResult r = j.result();
            TestCase tc = r.testCase();
            sb.append(String.format(Locale.ROOT, "  <testcase name=\"%s\" classname=\"%s\" time=\"%.3f\"",
                    xml(tc.test().id() + " " + tc.fmt() + " " + tc.test().title()), xml(suite + "." + tc.fmt()), seconds(r)));
            switch (j.verdict()) {
                case PASS -> sb.append("/>\n");
                case NOT_RUN -> sb.append(">\n    <skipped message=\"").append(xml("not run: " + r.reason())).append("\"/>\n  </testcase>\n");
                case EXPECTED_FAIL -> sb.append(">\n    <skipped message=\"").append(xml("expected fail: " + j.expectation())).append("\"/>\n")
                        .append("    <system-out>").append(xml(r.diff())).append("</system-out>\n  </testcase>\n");
                default -> sb.append(">\n    <failure message=\"").append(xml(j.verdict().label() + ": "
                                + (r.reason().isEmpty() ? j.expectation() : r.reason())))
                        .append("\" type=\"").append(xml(j.verdict().name())).append("\">").append(xml(r.diff()))
                        .append("</failure>\n    <system-out>").append(xml(r.output())).append("</system-out>\n  </testcase>\n");
            }
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static double seconds(CaseResult r) {
        return r.time().toNanos() / 1e9;
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append('?');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
