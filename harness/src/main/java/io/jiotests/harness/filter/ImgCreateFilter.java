package io.jiotests.harness.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filters qemu-img create's "Formatting 'FILE', fmt=FMT opt=val ..." line the way iotests'
 * _filter_img_create does: the format becomes IMGFMT, and of the options only fmt, size,
 * backing_file / backing_fmt, data_file, encryption* and preallocation are kept, in that order, so
 * that one golden output serves every format.
 */
public final class ImgCreateFilter {

    private ImgCreateFilter() {
    }

    private static final Pattern LINE = Pattern.compile("(?m)^(Formatting '.*?'), fmt=(.*)$");
    /** Splits "a=1 b=x y c=2" at each " name=" boundary. */
    private static final Pattern OPTION_START = Pattern.compile(" (?=[a-z0-9_.-]+=)");

    public static String filterText(String text, String fmt) {
        Matcher m = LINE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(filterLine(m.group(1), "fmt=" + m.group(2), fmt)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String filterLine(String filenamePart, String options, String fmt) {
        List<String> kept = new ArrayList<>();
        for (String opt : OPTION_START.split(options)) {
            if (rank(opt) >= 0) {
                kept.add(replaceFormat(opt, fmt));
            }
        }
        kept.sort(Comparator.comparingInt(ImgCreateFilter::rank).thenComparing(Comparator.naturalOrder()));
        String joined = String.join(" ", kept).strip();
        return replaceFormat(filenamePart, fmt) + ", " + joined;
    }

    private static String replaceFormat(String s, String fmt) {
        if (fmt == null || fmt.isEmpty()) {
            return s;
        }
        return s.replace(fmt, "IMGFMT");
    }

    /** Sort rank of a kept option, or -1 for an option that is dropped. */
    private static int rank(String opt) {
        if (opt.startsWith("fmt")) {
            return 0;
        } else if (opt.startsWith("size")) {
            return 1;
        } else if (opt.startsWith("backing")) {
            return 2;
        } else if (opt.startsWith("data_file")) {
            return 3;
        } else if (opt.startsWith("encryption")) {
            return 4;
        } else if (opt.startsWith("preallocation")) {
            return 8;
        }
        return -1;
    }
}
