package io.jiotests.harness.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of ./check, parsed. */
public final class CheckOptions {

    /** Protocol options (-file, ...); every other single-dash word is an image format. */
    static final Set<String> PROTOCOLS = Set.of("file", "nbd", "ssh", "nfs", "fuse", "http", "https");
    /** Image formats accepted as -FMT (QEMU's block formats); anything else is a typo. */
    static final Set<String> FORMATS = Set.of("raw", "qcow2", "qcow", "qed", "vmdk", "vdi", "vpc", "vhdx", "luks",
            "parallels", "bochs", "cloop", "dmg", "vvfat", "generic");

    public final List<String> formats = new ArrayList<>();
    public String proto = "file";
    public final Set<String> groups = new LinkedHashSet<>();
    public final Set<String> excludeGroups = new LinkedHashSet<>();
    public int jobs = 1;
    public boolean dryRun;
    public boolean showCommands;
    public final List<String> impls = new ArrayList<>();
    public String imgOpts = "";
    public final List<String> selectors = new ArrayList<>();
    public boolean updateGolden;
    public Path reportDir;
    public String writeExpectations;
    public boolean keep;
    public Duration timeout = Duration.ofSeconds(120);
    public Path workDir;
    public boolean help;
    public Path goldenDir;
    public Path expectationsDir;

    public static final String USAGE = """
            Usage: ./check [options] [NNN | NNN-MMM | NNN- ...]
              -raw -qcow2 -FMT   image formats to test (default: raw and qcow2; "generic" tests run on each)
              -file              protocol (only file for now)
              -g GROUP[,GROUP]   only tests in one of these groups
              -x GROUP[,GROUP]   exclude tests in these groups
              -j N               run N test cases in parallel
              -n                 dry run: list the test cases
              -d                 show the commands each test ran
              --impl NAME        implementation (repeatable): qemu, java, java-cli, java-daemon, qemu-container:VERSION;
                                 default: java, plus qemu when qemu-img is on PATH. With two or more the
                                 outputs (and image checkpoints) of the implementations are compared too.
              -o OPTS            image creation options (IMGOPTS), e.g. -o cluster_size=4k
              --update-golden    rewrite golden/NNN.out[.FMT] from a reference implementation (qemu only)
              --write-expectations IMPL[,IMPL]
                                 run IMPL and rewrite harness/expectations/IMPL.txt from the outcomes
                                 (keeps existing reasons; run it when adding tests or fixing the engine)
              --report DIR       where reports go (default: reports/)
              --keep             keep test directories of passing tests
              --timeout SECS     per qemu-img / qemu-io call (default 120)
              --work DIR         scratch directory for test directories (default: a fresh temp dir)
              --golden DIR       golden outputs (default: golden/)
              --expectations DIR expectation files (default: harness/expectations/)
              -h, --help         this text
            """;

    public static CheckOptions parse(String[] args) {
        CheckOptions o = new CheckOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> o.help = true;
                case "-g" -> splitInto(value(args, ++i, a), o.groups);
                case "-x" -> splitInto(value(args, ++i, a), o.excludeGroups);
                case "-j" -> o.jobs = positive(value(args, ++i, a), a);
                case "-n" -> o.dryRun = true;
                case "-d" -> o.showCommands = true;
                case "--impl" -> o.impls.add(value(args, ++i, a));
                case "-o" -> o.imgOpts = o.imgOpts.isEmpty() ? value(args, ++i, a) : o.imgOpts + "," + value(args, ++i, a);
                case "--update-golden" -> o.updateGolden = true;
                case "--report" -> o.reportDir = Path.of(value(args, ++i, a));
                case "--write-expectations" -> o.writeExpectations = value(args, ++i, a);
                case "--keep" -> o.keep = true;
                case "--timeout" -> o.timeout = Duration.ofSeconds(positive(value(args, ++i, a), a));
                case "--work" -> o.workDir = Path.of(value(args, ++i, a));
                case "--golden" -> o.goldenDir = Path.of(value(args, ++i, a));
                case "--expectations" -> o.expectationsDir = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--impl=")) {
                        o.impls.add(a.substring("--impl=".length()));
                    } else if (a.matches("-j\\d+")) {
                        o.jobs = positive(a.substring(2), "-j");
                    } else if (a.matches("-[a-z][a-z0-9_]*")) {
                        String name = a.substring(1);
                        if (PROTOCOLS.contains(name)) {
                            o.proto = name;
                        } else if (!FORMATS.contains(name)) {
                            throw new IllegalArgumentException("unknown option or image format: " + a);
                        } else if (!o.formats.contains(name)) {
                            o.formats.add(name);
                        }
                    } else if (a.matches("\\d+(-\\d*)?")) {
                        o.selectors.add(a);
                    } else {
                        throw new IllegalArgumentException("unknown option or test: " + a);
                    }
                }
            }
        }
        if (o.writeExpectations != null) {
            List<String> targets = List.of(o.writeExpectations.split(","));
            if (!o.impls.isEmpty() && !o.impls.equals(targets)) {
                throw new IllegalArgumentException("--write-expectations " + o.writeExpectations + " runs only those implementations");
            }
            o.impls.clear();
            o.impls.addAll(targets);
        }
        return o;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    private static int positive(String s, String opt) {
        try {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw new IllegalArgumentException(opt + " needs a positive number, got " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a positive number, got " + s);
        }
    }

    private static void splitInto(String v, Set<String> target) {
        for (String g : v.split(",")) {
            if (!g.isBlank()) {
                target.add(g.strip());
            }
        }
    }
}
