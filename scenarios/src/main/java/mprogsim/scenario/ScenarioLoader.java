package mprogsim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;

/**
 * Reads and validates scenario files (format 1, see docs/scenario-format.md). Every error names the file, the line
 * and column where known, the JSON path, and what was expected. Nothing is run before a whole file is valid.
 */
public final class ScenarioLoader {
    /** Invariant names of format 1. */
    public static final List<String> INVARIANTS = List.of("use_after_free", "use_after_release", "torn_snapshot",
            "sequential_mismatch", "refcount", "wild_access", "deadlock", "expect_mismatch", "uninitialized_read",
            "litmus_exists");
    /** The values of {@code model.memory}: sequential consistency (the default) and the weak LKMM mode. */
    public static final List<String> MEMORY_MODELS = List.of("sc", "lkmm");
    public static final List<String> STRATEGIES = List.of("exhaustive", "random", "pct", "replay", "timed");

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "source", "model", "progs", "initial",
            "hook", "steps", "threads", "variant", "explore", "expect", "timing", "$schema", "litmus");

    private final Path file;
    private final LocatedJson json;
    private final String text;
    private final Map<String, Integer> progs = new LinkedHashMap<>();
    private final List<Integer> progTypeList = new ArrayList<>();
    private final Map<String, Integer> links = new LinkedHashMap<>();
    private final Map<String, String> linkFirstUse = new LinkedHashMap<>();
    private final Map<String, JsonNode> linkFirstUseNode = new LinkedHashMap<>();
    private final Set<String> linksCreated = new java.util.HashSet<>();
    private int defaultHook = TcxState.INGRESS;
    /** {@code "model": {"netkit": true}}: the scenario has a netkit pair, with hooks "primary" and "peer". */
    private boolean netkit;

    private ScenarioLoader(Path file, LocatedJson json, String text) {
        this.file = file;
        this.json = json;
        this.text = text;
    }

    public static Scenario load(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    public static Scenario parse(String text, Path file) throws ScenarioException {
        LocatedJson json;
        try {
            json = LocatedJson.parse(text);
        } catch (ScenarioException e) {
            throw new ScenarioException(file + ": " + e.getMessage());
        }
        return new ScenarioLoader(file, json, text).scenario();
    }

    /** Files and folders (recursively, in name order) to the scenario files they hold. */
    public static List<Path> expand(List<Path> paths) throws ScenarioException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new ScenarioException(p + ": cannot list: " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new ScenarioException(p + ": no such file or folder");
            }
        }
        return out;
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    private ScenarioException error(JsonNode node, String path, String message) {
        String where = json.where(node);
        return new ScenarioException(file + ": " + (where != null ? where + ": " : "") + path + ": " + message);
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            // The value itself: "found an integer" about 1e30 or -5 says too little.
            return n.asText();
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private void checkKeys(JsonNode obj, String path, Set<String> allowed) throws ScenarioException {
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (k.startsWith("x-") || allowed.contains(k)) {
                continue;
            }
            throw error(obj.get(k), path + "." + k, "unknown key \"" + k + "\"; expected one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + " (or an x- key)");
        }
    }

    private JsonNode object(JsonNode n, String path) throws ScenarioException {
        if (n == null || !n.isObject()) {
            throw error(n, path, "expected an object, found " + kind(n));
        }
        return n;
    }

    private JsonNode array(JsonNode n, String path) throws ScenarioException {
        if (n == null || !n.isArray()) {
            throw error(n, path, "expected an array, found " + kind(n));
        }
        return n;
    }

    private String string(JsonNode n, String path) throws ScenarioException {
        if (n == null || !n.isTextual()) {
            throw error(n, path, "expected a string, found " + kind(n));
        }
        return n.asText();
    }

    private String name(JsonNode n, String path) throws ScenarioException {
        String s = string(n, path);
        if (s.isEmpty()) {
            throw error(n, path, "expected a non-empty name");
        }
        return s;
    }

    /**
     * An optional key counts as given only with a value: the contract makes an optional key given as null mean the
     * key left out, wherever null has no meaning of its own (those few keys are read with has() and isNull()).
     */
    private static boolean given(JsonNode obj, String key) {
        JsonNode v = obj.get(key);
        return v != null && !v.isNull();
    }

    /** How many of these keys are given: x- keys and keys given as null do not count toward "exactly one of". */
    private static int givenCount(JsonNode obj, String... keys) {
        int count = 0;
        for (String k : keys) {
            if (given(obj, k)) {
                count++;
            }
        }
        return count;
    }

    private long integer(JsonNode n, String path, long min, long max) throws ScenarioException {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw error(n, path, "expected an integer from " + min + " to " + max + ", found " + kind(n));
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw error(n, path, "expected an integer from " + min + " to " + max + ", found " + v);
        }
        return v;
    }

    private String choice(JsonNode n, String path, List<String> allowed) throws ScenarioException {
        String s = string(n, path);
        if (!allowed.contains(s)) {
            throw error(n, path, "unknown value \"" + s + "\"; expected one of " + String.join(", ", allowed));
        }
        return s;
    }

    // ---- the scenario ---------------------------------------------------------------------------------------

    private Scenario scenario() throws ScenarioException {
        JsonNode root = object(json.root, "$");
        checkKeys(root, "$", TOP_KEYS);
        if (!root.has("name")) {
            throw error(root, "$", "missing key \"name\" (required)");
        }
        String name = name(root.get("name"), "$.name");
        String description = given(root, "description") ? string(root.get("description"), "$.description") : "";
        if (given(root, "source")) {
            string(root.get("source"), "$.source");
        }
        if (given(root, "$schema")) {
            string(root.get("$schema"), "$.$schema");
        }

        int maxProgs = 63;
        boolean immediate = false;
        boolean strict = false;
        boolean weak = false;
        boolean racing = false;
        if (given(root, "model")) {
            JsonNode m = object(root.get("model"), "$.model");
            checkKeys(m, "$.model", Set.of("max_progs", "prog_free", "release_check", "netkit", "memory",
                    "prog_init"));
            if (given(m, "memory")) {
                weak = choice(m.get("memory"), "$.model.memory", MEMORY_MODELS).equals("lkmm");
            }
            if (given(m, "prog_init")) {
                racing = choice(m.get("prog_init"), "$.model.prog_init", List.of("published_before", "racing"))
                        .equals("racing");
            }
            if (given(m, "netkit")) {
                JsonNode nk = m.get("netkit");
                if (!nk.isBoolean()) {
                    throw error(nk, "$.model.netkit", "expected true or false, found " + kind(nk));
                }
                netkit = nk.booleanValue();
            }
            if (given(m, "max_progs")) {
                maxProgs = (int) integer(m.get("max_progs"), "$.model.max_progs", 1, 63);
            }
            if (given(m, "prog_free")) {
                immediate = choice(m.get("prog_free"), "$.model.prog_free", List.of("rcu", "immediate"))
                        .equals("immediate");
            }
            if (given(m, "release_check")) {
                strict = choice(m.get("release_check"), "$.model.release_check", List.of("rcu", "strict"))
                        .equals("strict");
            }
        }

        if (given(root, "progs")) {
            JsonNode ps = array(root.get("progs"), "$.progs");
            for (int i = 0; i < ps.size(); i++) {
                String path = "$.progs[" + i + "]";
                JsonNode p = object(ps.get(i), path);
                checkKeys(p, path, Set.of("name", "type"));
                if (!p.has("name")) {
                    throw error(p, path, "missing key \"name\"");
                }
                String pn = name(p.get("name"), path + ".name");
                if (progs.containsKey(pn)) {
                    throw error(p.get("name"), path + ".name", "prog \"" + pn + "\" is declared twice");
                }
                int type = TcxState.TYPE_SCHED_CLS;
                if (given(p, "type")) {
                    type = choice(p.get("type"), path + ".type", List.of("sched_cls", "socket_filter"))
                            .equals("sched_cls") ? TcxState.TYPE_SCHED_CLS : TcxState.TYPE_SOCKET_FILTER;
                }
                declareProg(pn, type);
            }
        }

        if (given(root, "hook")) {
            defaultHook = hook(root.get("hook"), "$.hook");
        }

        List<List<Integer>> initial = netkit
                ? List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>())
                : List.of(new ArrayList<>(), new ArrayList<>());
        if (given(root, "initial")) {
            JsonNode in = object(root.get("initial"), "$.initial");
            checkKeys(in, "$.initial", Set.of("ingress", "egress", "primary", "peer"));
            for (int h = 0; h < 4; h++) {
                String key = Scenario.hookName(h);
                if (given(in, key) && h >= initial.size()) {
                    hook(in.get(key), "$.initial." + key, key);
                }
            }
            for (int h = 0; h < initial.size(); h++) {
                String key = Scenario.hookName(h);
                if (given(in, key)) {
                    JsonNode list = array(in.get(key), "$.initial." + key);
                    for (int i = 0; i < list.size(); i++) {
                        initial.get(h).add(prog(list.get(i), "$.initial." + key + "[" + i + "]"));
                    }
                }
            }
        }

        mprogsim.model.sim.memory.LitmusProgram litmus = null;
        if (given(root, "litmus")) {
            for (String other : List.of("steps", "threads", "initial", "progs", "variant", "timing")) {
                if (given(root, other)) {
                    throw error(root.get(other), "$." + other, "a litmus scenario takes its threads from its litmus"
                            + " file: \"" + other + "\" may not be given with \"litmus\"");
                }
            }
            litmus = litmus(root.get("litmus"));
        }

        if (root.has("steps") && root.has("threads")) {
            throw error(root.get("threads"), "$.threads", "\"steps\" and \"threads\" may not both be given");
        }
        List<ThreadSpec> threads = new ArrayList<>();
        boolean sequential = !root.has("threads") && litmus == null;
        if (root.has("steps")) {
            threads.add(new ThreadSpec("main", ThreadSpec.Kind.WRITER, ops(root.get("steps"), "$.steps"),
                    defaultHook, 0));
        } else if (root.has("threads")) {
            JsonNode ts = array(root.get("threads"), "$.threads");
            if (ts.isEmpty()) {
                throw error(ts, "$.threads", "expected at least one thread, found an empty array (for ops without"
                        + " concurrency, give \"steps\" instead)");
            }
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < ts.size(); i++) {
                ThreadSpec t = thread(ts.get(i), "$.threads[" + i + "]");
                if (!names.add(t.name())) {
                    throw error(ts.get(i).get("name"), "$.threads[" + i + "].name",
                            "thread name \"" + t.name() + "\" is used twice");
                }
                threads.add(t);
            }
        }

        for (Map.Entry<String, String> use : linkFirstUse.entrySet()) {
            if (!linksCreated.contains(use.getKey())) {
                throw error(linkFirstUseNode.get(use.getKey()), use.getValue(), "link \"" + use.getKey()
                        + "\" refers to nothing: no link_create op of this scenario creates it");
            }
        }

        int variants = 0;
        if (given(root, "variant")) {
            JsonNode vs = array(root.get("variant"), "$.variant");
            for (int i = 0; i < vs.size(); i++) {
                String path = "$.variant[" + i + "]";
                String vn = string(vs.get(i), path);
                Variant v = Variant.byName(vn);
                if (v == null) {
                    throw error(vs.get(i), path, "unknown variant \"" + vn + "\"; known variants: "
                            + Variant.knownNames());
                }
                variants |= v.bit();
            }
        }

        ExploreSpec explore = given(root, "explore") ? explore(root.get("explore")) : ExploreSpec.DEFAULT;
        ExpectSpec expect = given(root, "expect") ? expect(root.get("expect")) : ExpectSpec.PASS;
        TimingSpec timing = null;
        if (given(root, "timing")) {
            timing = timing(root.get("timing"), threads);
        }
        if ((weak || litmus != null) && explore.strategy().equals("timed")) {
            throw error(root.get("explore").get("strategy"), "$.explore.strategy",
                    "strategy \"timed\" runs under sequential consistency only (model.memory \"sc\", no litmus)");
        }
        if (racing && !weak) {
            throw error(root.get("model").get("prog_init"), "$.model.prog_init",
                    "prog_init \"racing\" needs model.memory \"lkmm\" (under sequential consistency every write"
                            + " is visible at once)");
        }
        if (explore.strategy().equals("timed") && sequentialSteps(root)) {
            throw error(root.get("explore").get("strategy"), "$.explore.strategy",
                    "strategy \"timed\" needs \"threads\" (readers and writers to time), not \"steps\"");
        }

        int[] types = new int[progTypeList.size() + 1];
        for (int i = 0; i < progTypeList.size(); i++) {
            types[i + 1] = progTypeList.get(i);
        }
        Scenario s = new Scenario(file, name, description, maxProgs, immediate, strict,
                List.copyOf(progs.keySet()), types, List.copyOf(links.keySet()), initial, threads, sequential,
                variants, explore, expect, timing, text,
                new mprogsim.model.sim.MemoryModel(weak, racing, litmus));
        checkInitial(s, root);
        return s;
    }

    /** {@code "litmus"}: a C litmus file (the LKMM's format, the subset docs/memory-model.md lists), by its path. */
    private mprogsim.model.sim.memory.LitmusProgram litmus(JsonNode n) throws ScenarioException {
        String rel = name(n, "$.litmus");
        Path dir = file.toAbsolutePath().getParent();
        Path litmusFile = dir == null ? Path.of(rel) : dir.resolve(rel);
        String litmusText;
        try {
            litmusText = Files.readString(litmusFile, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw error(n, "$.litmus", "cannot read litmus file " + rel + ": " + e.getMessage());
        }
        try {
            mprogsim.model.sim.memory.LitmusProgram p =
                    mprogsim.model.sim.memory.LitmusParser.parse(litmusText, rel);
            if (p.threads() > 16) {
                throw error(n, "$.litmus", rel + ": at most 16 threads");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw error(n, "$.litmus", e.getMessage());
        }
    }

    private static boolean sequentialSteps(JsonNode root) {
        return !root.has("threads");
    }

    // ---- timing -------------------------------------------------------------------------------------------------

    private TimingSpec timing(JsonNode n, List<ThreadSpec> threads) throws ScenarioException {
        String path = "$.timing";
        object(n, path);
        checkKeys(n, path, Set.of("steps", "horizon_us", "threads", "sizes", "runs", "series_points", "sweep"));
        Map<String, mprogsim.scheduler.timed.Distribution> steps = new LinkedHashMap<>();
        List<String> kinds = List.of(mprogsim.model.sim.TcxSimulation.stepKindNames());
        if (given(n, "steps")) {
            JsonNode st = object(n.get("steps"), path + ".steps");
            Iterator<String> it = st.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (k.startsWith("x-")) {
                    continue;
                }
                if (!kinds.contains(k)) {
                    throw error(st.get(k), path + ".steps." + k, "unknown step kind \"" + k + "\"; expected one of "
                            + String.join(", ", kinds));
                }
                steps.put(k, distribution(st.get(k), path + ".steps." + k));
            }
        }
        long horizon = TimingSpec.DEFAULT.horizonNanos();
        if (given(n, "horizon_us")) {
            horizon = micros(n.get("horizon_us"), path + ".horizon_us", false);
        }
        Map<String, TimingSpec.ThreadTiming> perThread = new LinkedHashMap<>();
        if (given(n, "threads")) {
            JsonNode ts = object(n.get("threads"), path + ".threads");
            Iterator<String> it = ts.fieldNames();
            while (it.hasNext()) {
                String tn = it.next();
                if (tn.startsWith("x-")) {
                    continue;
                }
                String tp = path + ".threads." + tn;
                ThreadSpec t = threads.stream().filter(x -> x.name().equals(tn)).findFirst().orElse(null);
                if (t == null) {
                    throw error(ts.get(tn), tp, "thread \"" + tn + "\" refers to nothing: no thread of this scenario "
                            + "has that name");
                }
                perThread.put(tn, threadTiming(ts.get(tn), tp, t));
            }
        }
        long progBytes = TimingSpec.DEFAULT_PROG_BYTES;
        long bundleBytes = TimingSpec.DEFAULT_BUNDLE_BYTES;
        if (given(n, "sizes")) {
            JsonNode sz = object(n.get("sizes"), path + ".sizes");
            checkKeys(sz, path + ".sizes", Set.of("prog_bytes", "bundle_bytes"));
            if (given(sz, "prog_bytes")) {
                progBytes = integer(sz.get("prog_bytes"), path + ".sizes.prog_bytes", 0, 1L << 40);
            }
            if (given(sz, "bundle_bytes")) {
                bundleBytes = integer(sz.get("bundle_bytes"), path + ".sizes.bundle_bytes", 0, 1L << 40);
            }
        }
        int runs = given(n, "runs") ? (int) integer(n.get("runs"), path + ".runs", 1, 100_000) : 1;
        int points = given(n, "series_points")
                ? (int) integer(n.get("series_points"), path + ".series_points", 1, 100_000) : 50;
        String sweepStep = null;
        List<mprogsim.scheduler.timed.Distribution> sweepValues = List.of();
        if (given(n, "sweep")) {
            JsonNode sw = object(n.get("sweep"), path + ".sweep");
            checkKeys(sw, path + ".sweep", Set.of("step", "values"));
            if (!sw.has("step") || !sw.has("values")) {
                throw error(sw, path + ".sweep", "expected {\"step\": KIND, \"values\": [DURATION, ...]}");
            }
            sweepStep = choice(sw.get("step"), path + ".sweep.step", kinds);
            JsonNode vs = array(sw.get("values"), path + ".sweep.values");
            if (vs.size() == 0) {
                throw error(vs, path + ".sweep.values", "expected at least one duration");
            }
            List<mprogsim.scheduler.timed.Distribution> values = new ArrayList<>();
            for (int i = 0; i < vs.size(); i++) {
                values.add(distribution(vs.get(i), path + ".sweep.values[" + i + "]"));
            }
            sweepValues = values;
        }
        return new TimingSpec(steps, horizon, perThread, progBytes, bundleBytes, runs, points, sweepStep,
                sweepValues);
    }

    private TimingSpec.ThreadTiming threadTiming(JsonNode n, String path, ThreadSpec t) throws ScenarioException {
        object(n, path);
        checkKeys(n, path, Set.of("arrivals", "repeat"));
        mprogsim.scheduler.timed.Distribution gap = null;
        long[] at = null;
        if (given(n, "arrivals")) {
            JsonNode a = object(n.get("arrivals"), path + ".arrivals");
            checkKeys(a, path + ".arrivals", Set.of("rate_per_s", "interval", "at_us"));
            if (givenCount(a, "rate_per_s", "interval", "at_us") != 1) {
                throw error(a, path + ".arrivals", "expected exactly one of rate_per_s (Poisson arrivals), "
                        + "interval (a duration between arrivals) or at_us (a list of start times)");
            }
            if (given(a, "rate_per_s")) {
                JsonNode r = a.get("rate_per_s");
                if (!r.isNumber() || r.asDouble() <= 0) {
                    throw error(r, path + ".arrivals.rate_per_s", "expected a positive number, found " + kind(r));
                }
                gap = mprogsim.scheduler.timed.Distribution.exponential(1e9 / r.asDouble());
            } else if (given(a, "interval")) {
                gap = distribution(a.get("interval"), path + ".arrivals.interval");
            } else {
                JsonNode list = array(a.get("at_us"), path + ".arrivals.at_us");
                at = new long[list.size()];
                for (int i = 0; i < list.size(); i++) {
                    at[i] = micros(list.get(i), path + ".arrivals.at_us[" + i + "]", true);
                    if (i > 0 && at[i] < at[i - 1]) {
                        throw error(list.get(i), path + ".arrivals.at_us[" + i + "]", "start times must not decrease");
                    }
                }
            }
        }
        boolean repeat = false;
        if (given(n, "repeat")) {
            if (!n.get("repeat").isBoolean()) {
                throw error(n.get("repeat"), path + ".repeat", "expected true or false, found " + kind(n.get("repeat")));
            }
            repeat = n.get("repeat").asBoolean();
            if (repeat && t.kind() != ThreadSpec.Kind.WRITER) {
                throw error(n.get("repeat"), path + ".repeat", "only a writer repeats its ops");
            }
            if (repeat && gap == null && at == null) {
                throw error(n.get("repeat"), path + ".repeat", "a writer that repeats needs arrivals (rate_per_s "
                        + "or interval): without them it never reaches the horizon");
            }
        }
        return new TimingSpec.ThreadTiming(gap, at, repeat);
    }

    /** A duration in microseconds: a number (fixed), {"fixed": x}, {"uniform": [a, b]} or {"exponential": mean}. */
    private mprogsim.scheduler.timed.Distribution distribution(JsonNode n, String path) throws ScenarioException {
        String expected = "expected a duration in microseconds: a number, {\"fixed\": x}, {\"uniform\": [low, high]} "
                + "or {\"exponential\": mean}";
        if (n != null && n.isNumber()) {
            return mprogsim.scheduler.timed.Distribution.fixed(micros(n, path, true));
        }
        if (n == null || !n.isObject()) {
            throw error(n, path, expected + ", found " + kind(n));
        }
        checkKeys(n, path, Set.of("fixed", "uniform", "exponential"));
        if (givenCount(n, "fixed", "uniform", "exponential") != 1) {
            throw error(n, path, expected + ", found an object with " + givenCount(n, "fixed", "uniform", "exponential")
                    + " of those keys");
        }
        if (given(n, "fixed")) {
            return mprogsim.scheduler.timed.Distribution.fixed(micros(n.get("fixed"), path + ".fixed", true));
        }
        if (given(n, "exponential")) {
            return mprogsim.scheduler.timed.Distribution.exponential(
                    micros(n.get("exponential"), path + ".exponential", false));
        }
        JsonNode u = array(n.get("uniform"), path + ".uniform");
        if (u.size() != 2) {
            throw error(u, path + ".uniform", "expected [low, high]");
        }
        long low = micros(u.get(0), path + ".uniform[0]", true);
        long high = micros(u.get(1), path + ".uniform[1]", true);
        if (high < low) {
            throw error(u, path + ".uniform", "expected low <= high");
        }
        return mprogsim.scheduler.timed.Distribution.uniform(low, high);
    }

    /** Microseconds in the file to nanoseconds. */
    private long micros(JsonNode n, String path, boolean zeroAllowed) throws ScenarioException {
        if (n == null || !n.isNumber() || n.asDouble() < 0 || (!zeroAllowed && n.asDouble() == 0)
                || n.asDouble() > 1e12) {
            throw error(n, path, "expected a " + (zeroAllowed ? "non-negative" : "positive")
                    + " number of microseconds, found " + (n != null && n.isNumber() ? n.asText() : kind(n)));
        }
        return Math.round(n.asDouble() * 1000);
    }

    /** The initial attachments must all succeed: otherwise the scenario does not describe a reachable start. */
    private void checkInitial(Scenario s, JsonNode root) throws ScenarioException {
        TcxState state = new TcxState(s.maxProgs(), s.progTypes(), 0, 0, s.netkit() ? 6 : 4, true, s.netkit());
        SequentialTcx seq = new SequentialTcx(state, 0);
        for (int h = 0; h < s.initial().size(); h++) {
            List<Integer> list = s.initial().get(h);
            for (int i = 0; i < list.size(); i++) {
                int ret = seq.run(TcxOp.attach(h, list.get(i), 0, 0, 0, 0));
                if (ret != 0) {
                    String path = "$.initial." + Scenario.hookName(h) + "[" + i + "]";
                    throw error(root.get("initial").get(Scenario.hookName(h)).get(i), path, "attaching \""
                            + s.progName(list.get(i)) + "\" fails with " + Errno.format(ret)
                            + "; the initial lists must attach cleanly (no duplicates, at most max_progs)");
                }
            }
        }
    }

    private void declareProg(String name, int type) {
        progs.put(name, progs.size() + 1);
        progTypeList.add(type);
    }

    private int prog(JsonNode n, String path) throws ScenarioException {
        String pn = name(n, path);
        Integer h = progs.get(pn);
        if (h == null) {
            declareProg(pn, TcxState.TYPE_SCHED_CLS);
            h = progs.get(pn);
        }
        return h;
    }

    private int linkUse(JsonNode n, String path) throws ScenarioException {
        String ln = name(n, path);
        linkFirstUse.putIfAbsent(ln, path);
        linkFirstUseNode.putIfAbsent(ln, n);
        return linkIndex(ln);
    }

    private int linkIndex(String ln) {
        Integer i = links.get(ln);
        if (i == null) {
            i = links.size();
            links.put(ln, i);
        }
        return i;
    }

    private int hook(JsonNode n, String path) throws ScenarioException {
        return hook(n, path, choice(n, path, List.of("ingress", "egress", "primary", "peer")));
    }

    /** The netkit hooks exist only in a scenario that declares the pair. */
    private int hook(JsonNode n, String path, String name) throws ScenarioException {
        int h = switch (name) {
            case "egress" -> TcxState.EGRESS;
            case "primary" -> TcxState.NETKIT_PRIMARY;
            case "peer" -> TcxState.NETKIT_PEER;
            default -> TcxState.INGRESS;
        };
        if (TcxState.isNetkitHook(h) && !netkit) {
            throw error(n, path, "hook \"" + name + "\" is a device of a netkit pair, which this scenario does not"
                    + " have (declare it with \"model\": {\"netkit\": true})");
        }
        return h;
    }

    /** {@code "device"} of a teardown: the tcx device (default) or the netkit pair. */
    private boolean netkitDevice(JsonNode n, String path) throws ScenarioException {
        if (!given(n, "device")) {
            return false;
        }
        boolean nk = choice(n.get("device"), path + ".device", List.of("tcx", "netkit")).equals("netkit");
        if (nk && !netkit) {
            throw error(n.get("device"), path + ".device", "device \"netkit\" needs a netkit pair (declare it with"
                    + " \"model\": {\"netkit\": true})");
        }
        return nk;
    }

    private ThreadSpec thread(JsonNode n, String path) throws ScenarioException {
        object(n, path);
        if (!n.has("name")) {
            throw error(n, path, "missing key \"name\"");
        }
        String tn = name(n.get("name"), path + ".name");
        if (!n.has("kind")) {
            throw error(n, path, "missing key \"kind\" (writer, reader or teardown)");
        }
        String kind = choice(n.get("kind"), path + ".kind", List.of("writer", "reader", "teardown"));
        switch (kind) {
            case "writer" -> {
                checkKeys(n, path, Set.of("name", "kind", "ops"));
                List<ScenarioOp> ops = given(n, "ops") ? ops(n.get("ops"), path + ".ops") : List.of();
                return new ThreadSpec(tn, ThreadSpec.Kind.WRITER, ops, defaultHook, 0);
            }
            case "reader" -> {
                checkKeys(n, path, Set.of("name", "kind", "hook", "passes"));
                int h = given(n, "hook") ? hook(n.get("hook"), path + ".hook") : defaultHook;
                int passes = given(n, "passes") ? (int) integer(n.get("passes"), path + ".passes", 0, 1_000_000) : 1;
                return new ThreadSpec(tn, ThreadSpec.Kind.READER, List.of(), h, passes);
            }
            default -> {
                checkKeys(n, path, Set.of("name", "kind", "device"));
                // A teardown thread's hook names its device: a netkit hook for the pair, ingress for tcx.
                return new ThreadSpec(tn, ThreadSpec.Kind.TEARDOWN, List.of(),
                        netkitDevice(n, path) ? TcxState.NETKIT_PRIMARY : TcxState.INGRESS, 0);
            }
        }
    }

    private List<ScenarioOp> ops(JsonNode n, String path) throws ScenarioException {
        array(n, path);
        List<ScenarioOp> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(op(n.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static final Map<String, Set<String>> OP_KEYS = Map.of(
            "attach", Set.of("prog", "flags", "relative", "replace", "expected_revision"),
            "detach", Set.of("prog", "flags", "relative", "expected_revision"),
            "link_create", Set.of("link", "prog", "flags", "relative", "expected_revision"),
            "link_update", Set.of("link", "prog", "old_prog"),
            "link_detach", Set.of("link"),
            "query", Set.of("count_capacity", "query_flags"),
            "close", Set.of("prog", "link"));
    private static final Map<String, Set<String>> LIFECYCLE_OP_KEYS = Map.of(
            "qdisc_add", Set.of("kind", "ingress_block", "egress_block"),
            "qdisc_replace", Set.of("kind", "ingress_block", "egress_block"),
            "qdisc_delete", Set.of("kind"),
            "chain_add", Set.of("block"),
            "qdisc_hold", Set.of(),
            "qdisc_release", Set.of(),
            "teardown", Set.of("device"));
    /** The ops that name a device by ifindex, and so may name another one than the hook's ({@code "target"}). */
    private static final Set<String> TARGETED_OPS = Set.of("attach", "detach", "link_create", "query");


    private ScenarioOp op(JsonNode n, String path) throws ScenarioException {
        object(n, path);
        if (!n.has("op")) {
            throw error(n, path, "missing key \"op\"");
        }
        String opName = choice(n.get("op"), path + ".op", List.of("attach", "detach", "link_create", "link_update",
                "link_detach", "query", "close", "qdisc_add", "qdisc_replace", "qdisc_delete", "chain_add",
                "qdisc_hold", "qdisc_release", "teardown"));
        Set<String> allowed = new java.util.HashSet<>(OP_KEYS.getOrDefault(opName, LIFECYCLE_OP_KEYS.get(opName)));
        allowed.add("op");
        allowed.add("expect");
        allowed.add("hook");
        if (TARGETED_OPS.contains(opName)) {
            allowed.add("target");
        }
        checkKeys(n, path, allowed);
        int hook = given(n, "hook") ? hook(n.get("hook"), path + ".hook") : defaultHook;
        int target = TcxOp.TARGET_PRIMARY;
        if (given(n, "target")) {
            if (!TcxState.isNetkitHook(hook)) {
                throw error(n.get("target"), path + ".target", "\"target\" names the ifindex of an op on a netkit"
                        + " hook (\"primary\" or \"peer\"); this op is on " + Scenario.hookName(hook));
            }
            target = switch (choice(n.get("target"), path + ".target", List.of("primary", "peer", "other",
                    "missing"))) {
                case "peer" -> TcxOp.TARGET_PEER;
                case "other" -> TcxOp.TARGET_OTHER;
                case "missing" -> TcxOp.TARGET_MISSING;
                default -> TcxOp.TARGET_PRIMARY;
            };
        }
        int flags = given(n, "flags") ? flags(n.get("flags"), path + ".flags") : 0;
        int relative = given(n, "relative") ? relative(n.get("relative"), path + ".relative") : 0;
        long rev = given(n, "expected_revision")
                ? integer(n.get("expected_revision"), path + ".expected_revision", 0, Long.MAX_VALUE) : 0;
        StringBuilder text = new StringBuilder(opName);
        TcxOp op;
        switch (opName) {
            case "attach" -> {
                int p = prog(required(n, "prog", path), path + ".prog");
                int replace = 0;
                // null passes replace_bpf_fd 0, as "prog": null does for detach.
                if (given(n, "replace") && !n.get("replace").isNull()) {
                    replace = prog(n.get("replace"), path + ".replace");
                }
                op = TcxOp.attach(hook, p, flags, relative, replace, rev);
                text.append(' ').append(n.get("prog").asText());
                if (replace != 0) {
                    text.append(" replace ").append(n.get("replace").asText());
                }
            }
            case "detach" -> {
                int p = 0;
                if (given(n, "prog") && !n.get("prog").isNull()) {
                    p = prog(n.get("prog"), path + ".prog");
                    text.append(' ').append(n.get("prog").asText());
                }
                op = TcxOp.detach(hook, p, flags, relative, rev);
            }
            case "link_create" -> {
                String ln = name(required(n, "link", path), path + ".link");
                int l = linkIndex(ln);
                linksCreated.add(ln);
                int p = prog(required(n, "prog", path), path + ".prog");
                op = TcxOp.linkCreate(hook, l, p, flags, relative, rev);
                text.append(' ').append(ln).append(' ').append(n.get("prog").asText());
            }
            case "link_update" -> {
                int l = linkUse(required(n, "link", path), path + ".link");
                int p = prog(required(n, "prog", path), path + ".prog");
                int old = 0;
                if (given(n, "old_prog") && !n.get("old_prog").isNull()) {
                    old = prog(n.get("old_prog"), path + ".old_prog");
                }
                op = TcxOp.linkUpdate(l, p, old);
                text.append(' ').append(n.get("link").asText()).append(" -> ").append(n.get("prog").asText());
                if (old != 0) {
                    text.append(" (old ").append(n.get("old_prog").asText()).append(')');
                }
            }
            case "link_detach" -> {
                int l = linkUse(required(n, "link", path), path + ".link");
                op = TcxOp.linkDetach(l);
                text.append(' ').append(n.get("link").asText());
            }
            case "query" -> {
                int cap = 64;
                if (n.has("count_capacity")) {
                    cap = n.get("count_capacity").isNull() ? -1
                            : (int) integer(n.get("count_capacity"), path + ".count_capacity", 0, 1 << 20);
                }
                int qf = given(n, "query_flags")
                        ? (int) integer(n.get("query_flags"), path + ".query_flags", 0, 0xffffffffL) : 0;
                op = TcxOp.query(hook, cap, qf);
                text.append(' ').append(Scenario.hookName(hook));
            }
            case "qdisc_add", "qdisc_replace", "qdisc_delete", "chain_add", "qdisc_hold", "qdisc_release",
                 "teardown" -> {
                op = lifecycleOp(n, path, opName, text);
            }
            default -> {
                boolean hasProg = given(n, "prog");
                boolean hasLink = given(n, "link");
                if (hasProg == hasLink) {
                    throw error(n, path, "close needs exactly one of \"prog\" or \"link\"");
                }
                if (hasProg) {
                    op = TcxOp.closeProg(prog(n.get("prog"), path + ".prog"));
                    text.append(' ').append(n.get("prog").asText());
                } else {
                    op = TcxOp.closeLink(linkUse(n.get("link"), path + ".link"));
                    text.append(' ').append(n.get("link").asText());
                }
            }
        }
        if (given(n, "flags")) {
            text.append(' ').append(String.join("|", MprogFlags.names(flags)));
        }
        if (given(n, "relative")) {
            JsonNode r = n.get("relative");
            if (given(r, "none")) {
                text.append(" none");
            } else {
                String key = given(r, "prog") ? "prog" : "link";
                text.append(' ').append(key).append(':').append(r.get(key).asText());
            }
        }
        if (rev != 0) {
            text.append(" rev=").append(rev);
        }
        if (given(n, "hook") && op.kind != OpKind.QUERY) {
            text.append(" @").append(Scenario.hookName(hook));
        }
        if (target != TcxOp.TARGET_PRIMARY) {
            op = op.withTarget(target);
            text.append(" via ").append(n.get("target").asText());
        }
        OpExpect expect = given(n, "expect") ? opExpect(n.get("expect"), path + ".expect", op) : null;
        return new ScenarioOp(op, expect, text.toString(), path);
    }

    /** The ops on the qdisc side of the tcx entry and the device itself (docs/scenario-format.md). */
    private TcxOp lifecycleOp(JsonNode n, String path, String opName, StringBuilder text) throws ScenarioException {
        switch (opName) {
            case "teardown" -> {
                if (netkitDevice(n, path)) {
                    text.append(" netkit");
                    return TcxOp.netkitTeardown();
                }
                return TcxOp.teardown();
            }
            case "qdisc_hold" -> {
                return TcxOp.qdiscHold();
            }
            case "qdisc_release" -> {
                return TcxOp.qdiscPut();
            }
            case "chain_add" -> {
                if (given(n, "block") == given(n, "hook")) {
                    throw error(n, path, "chain_add needs exactly one of \"block\" (a shared block index) or \"hook\"");
                }
                if (given(n, "block")) {
                    int b = (int) integer(n.get("block"), path + ".block", 1, TcxState.MAX_BLOCK);
                    text.append(" block ").append(b);
                    return TcxOp.chainAddOnBlock(b);
                }
                return TcxOp.chainAddOnHook(hook(n.get("hook"), path + ".hook"));
            }
            default -> {
                int kind = choice(required(n, "kind", path), path + ".kind", List.of("ingress", "clsact"))
                        .equals("ingress") ? TcxState.QDISC_INGRESS : TcxState.QDISC_CLSACT;
                text.append(' ').append(n.get("kind").asText());
                if (opName.equals("qdisc_delete")) {
                    return TcxOp.qdiscDelete(kind);
                }
                int ib = given(n, "ingress_block")
                        ? (int) integer(n.get("ingress_block"), path + ".ingress_block", 1, TcxState.MAX_BLOCK) : 0;
                int eb = given(n, "egress_block")
                        ? (int) integer(n.get("egress_block"), path + ".egress_block", 1, TcxState.MAX_BLOCK) : 0;
                if (ib != 0) {
                    text.append(" ingress_block ").append(ib);
                }
                if (eb != 0) {
                    text.append(" egress_block ").append(eb);
                }
                return opName.equals("qdisc_add") ? TcxOp.qdiscAdd(kind, ib, eb) : TcxOp.qdiscReplace(kind, ib, eb);
            }
        }
    }

    private JsonNode required(JsonNode n, String key, String path) throws ScenarioException {
        if (!n.has(key)) {
            throw error(n, path, "missing key \"" + key + "\" (required for this op)");
        }
        if (n.get(key).isNull()) {
            throw error(n.get(key), path + "." + key, "expected a name, found null (this op needs one)");
        }
        return n.get(key);
    }

    private int flags(JsonNode n, String path) throws ScenarioException {
        array(n, path);
        int flags = 0;
        for (int i = 0; i < n.size(); i++) {
            String f = string(n.get(i), path + "[" + i + "]");
            int bit = MprogFlags.bit(f);
            if (bit == 0) {
                throw error(n.get(i), path + "[" + i + "]", "unknown flag \"" + f + "\"; expected one of "
                        + MprogFlags.knownNames());
            }
            flags |= bit;
        }
        return flags;
    }

    private int relative(JsonNode n, String path) throws ScenarioException {
        object(n, path);
        checkKeys(n, path, Set.of("prog", "link", "none"));
        if (givenCount(n, "prog", "link", "none") != 1) {
            throw error(n, path, "expected exactly one of {\"prog\": name}, {\"link\": name} or {\"none\": true}");
        }
        if (given(n, "none")) {
            if (!n.get("none").isBoolean() || !n.get("none").asBoolean()) {
                throw error(n.get("none"), path + ".none", "expected true");
            }
            return 0;
        }
        if (given(n, "prog")) {
            return TcxState.progRef(prog(n.get("prog"), path + ".prog"));
        }
        return TcxState.linkRef(linkUse(n.get("link"), path + ".link"));
    }

    private OpExpect opExpect(JsonNode n, String path, TcxOp op) throws ScenarioException {
        object(n, path);
        boolean query = op.kind == OpKind.QUERY;
        checkKeys(n, path, query ? Set.of("ret", "count", "revision", "prog_ids", "link_ids") : Set.of("ret"));
        Integer ret = null;
        if (given(n, "ret")) {
            JsonNode r = n.get("ret");
            if (r.isIntegralNumber()) {
                ret = (int) integer(r, path + ".ret", Integer.MIN_VALUE, Integer.MAX_VALUE);
            } else if (r.isTextual()) {
                ret = Errno.parse(r.asText());
                if (ret == null && r.asText().trim().matches("-?\\d+")) {
                    throw error(r, path + ".ret", "expected an integer from " + Integer.MIN_VALUE + " to "
                            + Integer.MAX_VALUE + ", found " + r.asText().trim());
                }
                if (ret == null) {
                    throw error(r, path + ".ret", "unknown errno \"" + r.asText() + "\"; expected 0 or one of "
                            + Errno.knownNames() + " (with a minus sign)");
                }
            } else {
                throw error(r, path + ".ret", "expected 0 or an errno name such as \"-EEXIST\", found " + kind(r));
            }
        }
        Integer count = given(n, "count") ? (int) integer(n.get("count"), path + ".count", 0, 1 << 20) : null;
        Long revision = given(n, "revision") ? integer(n.get("revision"), path + ".revision", 0, Long.MAX_VALUE) : null;
        List<String> progIds = null;
        if (given(n, "prog_ids")) {
            JsonNode a = array(n.get("prog_ids"), path + ".prog_ids");
            progIds = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String pn = name(a.get(i), path + ".prog_ids[" + i + "]");
                prog(a.get(i), path + ".prog_ids[" + i + "]");
                progIds.add(pn);
            }
        }
        List<String> linkIds = null;
        if (given(n, "link_ids")) {
            JsonNode a = array(n.get("link_ids"), path + ".link_ids");
            linkIds = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isNull()) {
                    linkIds.add(null);
                } else {
                    linkIds.add(name(a.get(i), path + ".link_ids[" + i + "]"));
                    linkUse(a.get(i), path + ".link_ids[" + i + "]");
                }
            }
        }
        return new OpExpect(ret, count, revision, progIds, linkIds);
    }

    private ExploreSpec explore(JsonNode n) throws ScenarioException {
        String path = "$.explore";
        object(n, path);
        checkKeys(n, path, Set.of("strategy", "seed", "executions", "pct_depth", "preemption_bound", "time_limit_s",
                "schedule"));
        ExploreSpec d = ExploreSpec.DEFAULT;
        String strategy = given(n, "strategy") ? choice(n.get("strategy"), path + ".strategy", STRATEGIES) : d.strategy();
        long seed = given(n, "seed") ? integer(n.get("seed"), path + ".seed", Long.MIN_VALUE, Long.MAX_VALUE) : d.seed();
        long executions = given(n, "executions")
                ? integer(n.get("executions"), path + ".executions", 1, Long.MAX_VALUE) : d.executions();
        int depth = given(n, "pct_depth") ? (int) integer(n.get("pct_depth"), path + ".pct_depth", 1, 1000)
                : d.pctDepth();
        Integer bound = null;
        if (given(n, "preemption_bound") && !n.get("preemption_bound").isNull()) {
            bound = (int) integer(n.get("preemption_bound"), path + ".preemption_bound", 0, 1_000_000);
        }
        double limit = d.timeLimitSeconds();
        if (given(n, "time_limit_s")) {
            JsonNode t = n.get("time_limit_s");
            if (!t.isNumber() || t.asDouble() <= 0) {
                throw error(t, path + ".time_limit_s", "expected a positive number of seconds, found " + kind(t));
            }
            limit = t.asDouble();
        }
        String schedule = given(n, "schedule") ? string(n.get("schedule"), path + ".schedule") : null;
        if (strategy.equals("replay") && schedule == null) {
            throw error(n, path, "strategy \"replay\" needs a \"schedule\" (the string a trace printed)");
        }
        return new ExploreSpec(strategy, seed, executions, depth, bound, limit, schedule);
    }

    private ExpectSpec expect(JsonNode n) throws ScenarioException {
        String path = "$.expect";
        object(n, path);
        checkKeys(n, path, Set.of("verdict", "invariant"));
        if (!n.has("verdict")) {
            throw error(n, path, "missing key \"verdict\" (pass or violation)");
        }
        String verdict = choice(n.get("verdict"), path + ".verdict", List.of("pass", "violation"));
        if (verdict.equals("pass")) {
            if (given(n, "invariant")) {
                throw error(n.get("invariant"), path + ".invariant", "an invariant goes with verdict \"violation\"");
            }
            return ExpectSpec.PASS;
        }
        if (!n.has("invariant")) {
            throw error(n, path, "verdict \"violation\" needs an \"invariant\"; one of " + String.join(", ", INVARIANTS));
        }
        return new ExpectSpec(true, choice(n.get("invariant"), path + ".invariant", INVARIANTS));
    }
}
