package io.jiotests.harness.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns the catalog and the selection options into the list of test cases to run. */
public final class Plan {

    private Plan() {
    }

    /**
     * The formats a test runs on: the requested formats it supports, or, if none was requested,
     * its declared formats with "generic" standing for raw and qcow2.
     */
    public static List<String> formatsFor(TestInfo t, List<String> requested) {
        Set<String> out = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            for (String f : t.formats()) {
                if (f.equals("generic")) {
                    out.addAll(TestInfo.GENERIC_DEFAULT);
                } else if (TestInfo.GENERIC_DEFAULT.contains(f)) {
                    out.add(f);
                }
            }
            // a test only for other formats (e.g. vmdk) runs on them by default too
            if (out.isEmpty()) {
                out.addAll(t.formats());
            }
        } else {
            for (String f : requested) {
                if (t.supportsFormat(f)) {
                    out.add(f);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Every case, ordered by test, format, implementation. */
    public static List<TestCase> build(List<TestInfo> catalog, Selection selection, Set<String> groups,
                                       Set<String> excludeGroups, List<String> formats, String proto,
                                       List<String> impls) {
        List<TestCase> out = new ArrayList<>();
        for (TestInfo t : catalog) {
            if (!selection.matches(t.number())) {
                continue;
            }
            if (!groups.isEmpty() && !t.inAnyGroup(groups)) {
                continue;
            }
            if (t.inAnyGroup(excludeGroups)) {
                continue;
            }
            if (!t.supportsProtocol(proto)) {
                continue;
            }
            for (String fmt : formatsFor(t, formats)) {
                for (String impl : impls) {
                    out.add(new TestCase(t, fmt, proto, impl));
                }
            }
        }
        return out;
    }
}
