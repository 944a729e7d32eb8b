package io.jiotests.engine.blkdebug;

import io.jiotests.engine.block.BlockException;
import io.jiotests.engine.block.Errno;
import io.jiotests.engine.block.OptionValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blkdebug rules file: QEMU's config-file syntax ({@code [group]} lines, then
 * {@code name = "value"} lines; {@code #} comments and empty lines skipped), with the two groups
 * blkdebug knows, {@code [inject-error]} and {@code [set-state]}. Each assignment is checked against
 * the group's option types when it is read, so the first bad line gives QEMU's error: "There is no
 * option group 'x'", "no group defined", "Invalid parameter 'x'", "Parameter 'x' expects a number",
 * "Parameter 'x' expects 'on' or 'off'", "parse error".
 */
public final class BlkdebugConfig {
    /** One {@code [group]} section with its options in file order. */
    public record Group(String name, Map<String, String> options) {
    }

    private enum Type { STRING, NUMBER, BOOL }

    static final String INJECT_ERROR = "inject-error";
    static final String SET_STATE = "set-state";

    private static final Map<String, Map<String, Type>> GROUPS = Map.of(
            INJECT_ERROR, Map.of("event", Type.STRING, "state", Type.NUMBER, "iotype", Type.STRING,
                    "errno", Type.NUMBER, "sector", Type.NUMBER, "once", Type.BOOL,
                    "immediately", Type.BOOL),
            SET_STATE, Map.of("event", Type.STRING, "state", Type.NUMBER, "new_state", Type.NUMBER));

    /** QEMU reads lines into a 1024-byte buffer and rejects longer ones. */
    private static final int MAX_LINE = 1023;

    private BlkdebugConfig() {
    }

    /** Parses the text of a rules file. */
    public static List<Group> parse(String text) throws BlockException {
        List<Group> groups = new ArrayList<>();
        Group current = null;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            String line = nl < 0 ? text.substring(start) : text.substring(start, nl + 1);
            start += line.length();
            if (line.length() > MAX_LINE - 1 && !line.endsWith("\n")) {
                throw new BlockException(Errno.EINVAL, "line too long");
            }
            if (line.startsWith("\n") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                String name = groupName(line);
                if (name != null) {
                    if (!GROUPS.containsKey(name)) {
                        throw new BlockException(Errno.EINVAL, "There is no option group '" + name + "'");
                    }
                    current = new Group(name, new LinkedHashMap<>());
                    groups.add(current);
                    continue;
                }
            }
            String[] assignment = assignment(line);
            if (assignment == null) {
                throw new BlockException(Errno.EINVAL, "parse error");
            }
            if (current == null) {
                throw new BlockException(Errno.EINVAL, "no group defined");
            }
            set(current, assignment[0], assignment[1]);
        }
        return groups;
    }

    /**
     * The groups that dotted options give ({@code inject-error.0.event=l2_load} from json: or
     * --image-opts), in index order; the options are checked like file lines.
     */
    public static List<Group> fromOptions(Map<String, String> opts) throws BlockException {
        List<Group> groups = new ArrayList<>();
        for (String groupName : List.of(INJECT_ERROR, SET_STATE)) {
            Map<Integer, Group> byIndex = new java.util.TreeMap<>();
            String prefix = groupName + ".";
            for (Map.Entry<String, String> e : opts.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                String rest = e.getKey().substring(prefix.length());
                int dot = rest.indexOf('.');
                Integer index = dot > 0 ? parseIndex(rest.substring(0, dot)) : null;
                if (index == null) {
                    throw new BlockException(Errno.EINVAL, "Invalid parameter '" + e.getKey() + "'");
                }
                Group g = byIndex.computeIfAbsent(index, i -> new Group(groupName, new LinkedHashMap<>()));
                set(g, rest.substring(dot + 1), e.getValue());
            }
            groups.addAll(byIndex.values());
        }
        return groups;
    }

    private static Integer parseIndex(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }

    private static void set(Group g, String name, String value) throws BlockException {
        Type type = GROUPS.get(g.name()).get(name);
        if (type == null) {
            throw new BlockException(Errno.EINVAL, "Invalid parameter '" + name + "'");
        }
        OptionValues check = new OptionValues(Map.of(name, value));
        switch (type) {
            case NUMBER -> check.getNumber(name, 0);
            case BOOL -> check.getFlag(name, false);
            case STRING -> {
            }
        }
        g.options().put(name, value);
    }

    /** {@code [name]}: everything after '[' up to ']' (a missing ']' keeps the rest, newline too). */
    private static String groupName(String line) {
        int end = line.indexOf(']', 1);
        String name = end < 0 ? line.substring(1) : line.substring(1, end);
        if (name.isEmpty()) {
            return null;
        }
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        int quote = name.indexOf(" \"");
        if (quote > 0 && !name.substring(0, quote).contains(" ")) {
            // [group "id"]: a group with an id; blkdebug ignores ids
            return name.substring(0, quote);
        }
        return name;
    }

    /**
     * {@code name = "value"} as QEMU's scanf patterns read it: the name is the first word (up to 63
     * characters); a quoted value after {@code =} is taken up to the next quote, anything else
     * gives the empty value; null when the line holds no word at all.
     */
    private static String[] assignment(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        int nameStart = i;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && i - nameStart < 63) {
            i++;
        }
        if (i == nameStart) {
            return null;
        }
        String name = line.substring(nameStart, i);
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String value = "";
        if (i < line.length() && line.charAt(i) == '=') {
            i++;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                String v = close < 0 ? line.substring(i + 1) : line.substring(i + 1, close);
                value = v.length() > 1023 ? v.substring(0, 1023) : v;
            }
        }
        return new String[] {name, value};
    }
}
