package mprogsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.model.sim.Invariant;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scenario.Shrinker;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Explorer;
import mprogsim.scheduler.NormalFormExplorer;
import mprogsim.scheduler.ParallelDporExplorer;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mprogsim bench}: fixed reference scenarios and the catalog's variant scenarios, measured in one run on
 * this machine. Figures, not assertions: nothing here fails because something is slow.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Measure: the reference scenarios with DPOR and plain DFS, and the variants to their first "
                + "counterexample.",
                "R1, R2, R3: executions, steps, wall time and rates for DPOR and plain DFS, DPOR's maximal executions "
                        + "against the Mazurkiewicz traces (normal-form search), and the speedup of 2 threads over 1.",
                "Every variant scenario of the catalog: DPOR's time to the first counterexample, and random's and "
                        + "PCT's (median over --seeds seeds) with the shrunk trace length against the raw one.",
                "A reader of 100,000 passes under DPOR until --long-seconds: steps per second deep in long executions"
                        + " and how closely the time limit holds.",
                "Then random and PCT on the protocol scenarios, which must never report a violation.",
                "The stateful search (the default exhaustive explorer) on R1, R2, R3 and any --stateful-scenario file"
                        + ", on 1 and 2 threads: states stored, matched, transitions, final states, wall time, states/s"
                        + " (per thread too), the bytes of the visited set and stacks, and states/s on 2 threads over 1.",
                "Figures, not assertions: nothing fails because it is slow."},
        footer = {"", "Exit codes: 0 measured, 2 bad usage or a bench scenario that does not load."})
public final class BenchCommand implements Callable<Integer> {
    static final String[] REFERENCES = {"r1.json", "r2.json", "r3.json"};
    static final String[] MUTANTS = {"no-sync-after-swap", "commit-before-sync", "put-on-delete", "in-place-update",
            "publish-before-fill", "no-writer-lock", "shrink-by-total", "reader-uses-count", "no-revision-bump",
            "uninstall-no-sync", "bundle-free-no-rcu", "reader-takes-lock", "max-check-before-f9b0e1088bbf"};

    @Option(names = "--json", description = "print one JSON object on stdout instead of tables")
    boolean json;

    @Option(names = "--dfs-seconds", paramLabel = "S",
            description = "time limit of each plain DFS and normal-form run (default ${DEFAULT-VALUE})")
    double dfsSeconds = 60;

    @Option(names = "--no-dfs", description = "skip the plain DFS and normal-form runs")
    boolean noDfs;

    @Option(names = "--repeat", paramLabel = "N",
            description = "runs of each DPOR measurement; the fastest is reported (default ${DEFAULT-VALUE})")
    int repeat = 3;

    @Option(names = "--mutant-seconds", paramLabel = "S",
            description = "time limit of DPOR on each variant scenario (default ${DEFAULT-VALUE})")
    double mutantSeconds = 60;

    @Option(names = "--seeds", paramLabel = "N", description = "seeds per variant for random and PCT (default ${DEFAULT-VALUE})")
    int seeds = 20;

    @Option(names = "--budget", paramLabel = "N",
            description = "random/PCT executions per variant and seed (default ${DEFAULT-VALUE})")
    long budget = 10_000;

    @Option(names = "--protocol-executions", paramLabel = "N",
            description = "random and PCT executions per protocol scenario, each (default ${DEFAULT-VALUE}; 0 skips)")
    long protocolExecutions = 36_000;

    @Option(names = "--only", paramLabel = "SECTION", split = ",",
            description = "run only these sections: references, mutants, long, protocol, stateful")
    List<String> only;

    @Option(names = "--stateful-scenario", paramLabel = "FILE",
            description = "also measure the stateful search on this scenario file (repeatable; e.g. the SPIN anchors)")
    List<Path> statefulFiles = new ArrayList<>();

    @Option(names = "--stateful-references", paramLabel = "NAMES", split = ",",
            description = "the references the stateful section measures (default r1,r2,r3; none: only the files)")
    List<String> statefulReferences = List.of("r1", "r2", "r3");

    @Option(names = "--stateful-seconds", paramLabel = "S",
            description = "time limit of each stateful run (default ${DEFAULT-VALUE})")
    double statefulSeconds = 600;

    @Option(names = "--stateful-threads", paramLabel = "N", split = ",",
            description = "worker threads of the stateful runs; the first is the base of the ratio (default 1,2)")
    List<Integer> statefulThreads = List.of(1, 2);

    @Option(names = "--long-seconds", paramLabel = "S",
            description = "time limit of DPOR on the 100,000-pass reader (default ${DEFAULT-VALUE})")
    double longSeconds = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter err;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        List<String> text = new ArrayList<>();
        try {
            if (wants("references")) {
                references(mapper, root.putArray("references"), text);
            }
            if (wants("mutants")) {
                mutants(mapper, root.putArray("mutants"), text);
            }
            if (wants("long")) {
                longExecution(mapper, root.putObject("long_execution"), text);
            }
            if (wants("protocol") && protocolExecutions > 0) {
                protocol(mapper, root.putObject("protocol_randomized"), text);
            }
            if (wants("stateful")) {
                stateful(mapper, root.putArray("stateful"), text);
            }
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (json) {
            out.println(mapper.writeValueAsString(root));
        } else {
            text.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private boolean wants(String section) {
        return only == null || only.contains(section);
    }

    private void progress(String what) {
        err.println("bench: " + what);
        err.flush();
    }

    // ---- references ---------------------------------------------------------------------------------------------

    private void references(ObjectMapper mapper, ArrayNode refs, List<String> text) throws ScenarioException,
            IOException {
        text.add(String.format("%-4s %-12s %10s %10s %12s %9s %12s %10s %s", "ref", "strategy", "executions",
                "maximal", "steps", "wall s", "steps/s", "exec/s", "complete"));
        List<String> speed = new ArrayList<>();
        for (String ref : REFERENCES) {
            Scenario s = resource("bench/" + ref);
            progress(s.name() + " dpor");
            Counted dpor = best(s, new DporExplorer(), new Budget(Long.MAX_VALUE, 600, true));
            add(mapper, refs, text, s.name(), dpor);
            if (!noDfs) {
                progress(s.name() + " normal-form (up to " + dfsSeconds + " s)");
                add(mapper, refs, text, s.name(), once(s, new NormalFormExplorer(),
                        new Budget(Long.MAX_VALUE, dfsSeconds, true)));
                progress(s.name() + " dfs (up to " + dfsSeconds + " s)");
                add(mapper, refs, text, s.name(), once(s, new DfsExplorer(),
                        new Budget(Long.MAX_VALUE, dfsSeconds, true)));
            }
            if (!ref.equals("r1.json")) {
                progress(s.name() + " split dpor on 1 and 2 threads");
                ExplorationResult one = parallel(s, 1);
                ExplorationResult two = parallel(s, 2);
                ObjectNode o = mapper.createObjectNode();
                o.put("reference", s.name());
                o.put("strategy", "dpor, split");
                o.put("executions", one.executions);
                o.put("same_result", one.deterministicText().equals(two.deterministicText()));
                o.put("seconds_1_thread", one.seconds());
                o.put("seconds_2_threads", two.seconds());
                o.put("speedup", one.seconds() / Math.max(1e-9, two.seconds()));
                refs.add(o);
                speed.add(String.format("%s: split DPOR %d executions, 1 thread %.2f s, 2 threads %.2f s, speedup "
                        + "%.2fx, same result: %s", s.name(), one.executions, one.seconds(), two.seconds(),
                        one.seconds() / Math.max(1e-9, two.seconds()),
                        one.deterministicText().equals(two.deterministicText()) ? "yes" : "NO"));
            }
        }
        text.add("");
        text.addAll(speed);
        text.add("");
    }

    /** An exploration and how many of its executions were maximal (the others waited too early, or were cut). */
    private record Counted(ExplorationResult result, long maximal) {
    }

    private static final class MaximalCounter implements ExecutionListener {
        long maximal;

        @Override
        public void executionEnded(mprogsim.scheduler.Program program, int[] schedule, int length, long violations,
                                   boolean isMaximal) {
            if (isMaximal) {
                maximal++;
            }
        }
    }

    private void add(ObjectMapper mapper, ArrayNode refs, List<String> text, String name, Counted c) {
        ExplorationResult r = c.result();
        ObjectNode o = mapper.createObjectNode();
        o.put("reference", name);
        o.put("strategy", r.strategy);
        o.put("executions", r.executions);
        o.put("maximal_executions", c.maximal());
        o.put("steps", r.steps);
        o.put("wall_seconds", r.seconds());
        o.put("steps_per_second", Math.round(r.stepsPerSecond()));
        o.put("executions_per_second", Math.round(r.executionsPerSecond()));
        o.put("complete", r.complete);
        if (!r.complete) {
            o.put("stop_reason", r.stopReason);
        }
        refs.add(o);
        text.add(String.format("%-4s %-12s %10d %10d %12d %9.3f %12.0f %10.0f %s", name, r.strategy, r.executions,
                c.maximal(), r.steps, r.seconds(), r.stepsPerSecond(), r.executionsPerSecond(),
                r.complete ? "yes" : "no (" + r.stopReason + ")"));
    }

    private Counted best(Scenario s, Explorer explorer, Budget budget) {
        Counted best = null;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            Counted c = once(s, explorer, budget);
            if (best == null || c.result().elapsedNanos < best.result().elapsedNanos) {
                best = c;
            }
        }
        return best;
    }

    private static Counted once(Scenario s, Explorer explorer, Budget budget) {
        MaximalCounter m = new MaximalCounter();
        ExplorationResult r = explorer.explore(ScenarioRunner.simulation(s), budget, m);
        return new Counted(r, m.maximal);
    }

    private static ExplorationResult parallel(Scenario s, int threads) {
        return new ParallelDporExplorer().explore(() -> ScenarioRunner.simulation(s),
                new Budget(Long.MAX_VALUE, 600, true), RunOptions.threads(threads), ExecutionListener.NONE);
    }

    // ---- mutants ------------------------------------------------------------------------------------------------

    private void mutants(ObjectMapper mapper, ArrayNode mutants, List<String> text) throws ScenarioException,
            IOException {
        text.add(String.format("%-38s %-19s %9s %9s | %-22s | %-22s | %s", "variant scenario", "invariant",
                "dpor exec", "dpor ms", "random: found, med exec", "pct: found, med exec",
                "median steps raw -> shrunk (random, pct)"));
        Path shrinkDir = Files.createTempDirectory("mprogsim-bench");
        List<String> files = new ArrayList<>();
        for (String m : MUTANTS) {
            files.add("catalog/variants/" + m + ".json");
        }
        files.add("bench/r3-put-on-delete.json");
        for (String file : files) {
            Scenario s = resource(file);
            progress(s.name());
            ExplorationResult d = best(s, new DporExplorer(), new Budget(Long.MAX_VALUE, mutantSeconds, true))
                    .result();
            ObjectNode o = mapper.createObjectNode();
            o.put("scenario", s.name());
            o.put("invariant", s.expect().invariant());
            ObjectNode dj = o.putObject("dpor");
            dj.put("found", d.violation != 0);
            dj.put("executions_to_first", d.violationExecution + 1);
            dj.put("seconds_to_first", d.elapsedNanos / 1e9);
            Randomized random = randomized(s, "random", shrinkDir);
            Randomized pct = randomized(s, "pct", shrinkDir);
            o.set("random", random.json(mapper));
            o.set("pct", pct.json(mapper));
            mutants.add(o);
            text.add(String.format("%-38s %-19s %9s %9s | %2d/%-2d %8s %8s | %2d/%-2d %8s %8s | %s -> %s, %s -> %s",
                    s.name(), s.expect().invariant(), d.violation != 0 ? Long.toString(d.violationExecution + 1)
                            : "> " + d.executions, d.violation != 0 ? String.format("%.2f", d.elapsedNanos / 1e6)
                            : "not found",
                    random.found, seeds, fmt(random.medianExecutions()), ms(random.medianSeconds()),
                    pct.found, seeds, fmt(pct.medianExecutions()), ms(pct.medianSeconds()),
                    fmt(random.medianRaw()), fmt(random.medianShrunk()), fmt(pct.medianRaw()),
                    fmt(pct.medianShrunk())));
        }
        text.add("(random and pct: seeds that found it within " + budget + " executions, median executions and ms "
                + "to the first counterexample)");
        text.add("");
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : Long.toString(Math.round(v));
    }

    private static String ms(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format("%.2fms", seconds * 1000);
    }

    /** Random or PCT over the seeds: how often and how fast it finds the variant, and how much shrinking removes. */
    private final class Randomized {
        int found;
        final List<Long> executions = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        final List<Long> raw = new ArrayList<>();
        final List<Long> shrunk = new ArrayList<>();

        double medianExecutions() {
            return median(executions.stream().mapToDouble(Long::doubleValue).toArray());
        }

        double medianSeconds() {
            return median(seconds.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double medianRaw() {
            return median(raw.stream().mapToDouble(Long::doubleValue).toArray());
        }

        double medianShrunk() {
            return median(shrunk.stream().mapToDouble(Long::doubleValue).toArray());
        }

        ObjectNode json(ObjectMapper mapper) {
            ObjectNode o = mapper.createObjectNode();
            o.put("seeds", seeds);
            o.put("found", found);
            o.put("budget", budget);
            o.put("median_executions_to_first", medianExecutions());
            o.put("median_seconds_to_first", medianSeconds());
            o.put("median_raw_schedule_steps", medianRaw());
            o.put("median_shrunk_schedule_steps", medianShrunk());
            return o;
        }
    }

    private Randomized randomized(Scenario s, String strategy, Path shrinkDir) throws ScenarioException {
        Randomized out = new Randomized();
        String invariant = s.expect().invariant();
        long bit = Invariant.byName(invariant).bit();
        for (int seed = 0; seed < seeds; seed++) {
            ScenarioRunner.Options o = new ScenarioRunner.Options("dpor", strategy, (long) seed, budget,
                    Long.MAX_VALUE, 600.0, false, true, 1, 0, 1, ProgressListener.NONE, shrinkDir);
            ExplorationResult r = ScenarioRunner.explore(s, strategy, o).result();
            if ((r.violation & bit) == 0) {
                continue;
            }
            out.found++;
            out.executions.add(r.violationExecution + 1);
            // The run stops at its first counterexample, so its whole time is the time to it.
            out.seconds.add(r.elapsedNanos / 1e9);
            out.raw.add((long) r.violatingSchedule.length);
            Shrinker.Result sh = ScenarioRunner.shrinkScenario(s, r.violatingSchedule, invariant, bit, o);
            if (sh != null) {
                out.shrunk.add((long) sh.schedule().length);
            }
        }
        return out;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    // ---- one very long execution ----------------------------------------------------------------------------------

    /**
     * DPOR on a reader of 100,000 passes, stopped by its time limit: the steps per second deep in long executions
     * (each step must cost the same whatever its depth), how far past the limit the run went, and how many progress
     * reports it made on the way.
     */
    private void longExecution(ObjectMapper mapper, ObjectNode node, List<String> text) throws ScenarioException,
            IOException {
        Scenario s = resource("bench/long-reader.json");
        progress(s.name() + " dpor (up to " + longSeconds + " s)");
        long[] reports = {0};
        ExplorationResult r = new DporExplorer().progress(p -> reports[0]++).explore(ScenarioRunner.simulation(s),
                new Budget(Long.MAX_VALUE, longSeconds, true), ExecutionListener.NONE);
        double overrun = r.seconds() - longSeconds;
        node.put("scenario", s.name());
        node.put("time_limit_seconds", longSeconds);
        node.put("executions", r.executions);
        node.put("steps", r.steps);
        node.put("wall_seconds", r.seconds());
        node.put("steps_per_second", Math.round(r.stepsPerSecond()));
        node.put("seconds_past_the_limit", overrun);
        node.put("progress_reports", reports[0]);
        node.put("stop_reason", r.stopReason);
        text.add(String.format("%s (100,000 reader passes), dpor, time limit %.0f s: %d executions, %d steps, %.2f s"
                        + " (%.2f s past the limit), %.0f steps/s, %d progress reports, stopped by the %s", s.name(),
                longSeconds, r.executions, r.steps, r.seconds(), overrun, r.stepsPerSecond(), reports[0],
                r.complete ? "end" : r.stopReason));
        text.add("");
    }

    // ---- the stateful search on 1 and 2 threads ------------------------------------------------------------------

    /**
     * The stateful search as {@code check} runs it (reader symmetry, 64-bit fingerprints, depth-first), on each
     * reference and each {@code --stateful-scenario} file, with each thread count: the fastest of {@code --repeat}
     * runs. Final states and the verdict are the same on any number of threads for a complete search; states
     * stored, matched states and transitions are not (with persistent sets the sleep sets the workers share prune
     * states too, and which ones depends on timing). So two ratios: the wall time of the same verification (the
     * speed-up a user sees) and the states stored per second (the work rate).
     */
    private void stateful(ObjectMapper mapper, ArrayNode rows, List<String> text) throws ScenarioException,
            IOException {
        for (int threads : statefulThreads) {
            if (threads < 1) {
                throw new ScenarioException("--stateful-threads " + threads + ": expected 1 or more");
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String ref : statefulReferences) {
            if (!ref.equals("none")) {
                scenarios.add(resource("bench/" + ref.toLowerCase(java.util.Locale.ROOT) + ".json"));
            }
        }
        if (!statefulFiles.isEmpty()) {
            ScenarioFiles.Loaded loaded = ScenarioFiles.load(statefulFiles);
            if (!loaded.ok()) {
                throw new ScenarioException(String.join("; ", loaded.errors()));
            }
            scenarios.addAll(loaded.scenarios());
        }
        text.add("stateful search (fastest of " + Math.max(1, repeat) + "; matched and transitions depend on the "
                + "threads)");
        text.add(String.format("%-22s %7s %11s %11s %12s %8s %9s %11s %11s %9s %s", "scenario", "threads",
                "stored", "matched", "transitions", "final", "wall ms", "states/s", "per thread", "MB", "complete"));
        Path shrinkDir = Files.createTempDirectory("mprogsim-bench");
        for (Scenario s : scenarios) {
            ObjectNode row = mapper.createObjectNode();
            row.put("reference", s.name());
            row.put("file", s.file().toString());
            ArrayNode runs = row.putArray("runs");
            ArrayNode ratios = row.putArray("ratios");
            ExplorationResult base = null;
            int baseThreads = 0;
            for (int threads : statefulThreads) {
                progress(s.name() + " stateful on " + threads + (threads == 1 ? " thread" : " threads"));
                ExplorationResult r = fastestStateful(s, threads, shrinkDir);
                runs.add(statefulRun(mapper, r, threads));
                text.add(String.format(java.util.Locale.ROOT, "%-22s %7d %11d %11d %12d %8d %9.1f %11.0f %11.0f %9.1f %s",
                        s.name(), threads, r.statesStored, r.statesMatched, r.transitions, r.executions,
                        r.elapsedNanos / 1e6, statesPerSecond(r), statesPerSecond(r) / threads, r.memoryBytes / 1e6,
                        r.complete ? "yes" : "no (" + r.stopReason + ")"));
                if (base == null) {
                    base = r;
                    baseThreads = threads;
                } else {
                    double ratio = statesPerSecond(r) / Math.max(1e-9, statesPerSecond(base));
                    double speedup = base.elapsedNanos / (double) Math.max(1, r.elapsedNanos);
                    boolean same = sameOutcome(base, r);
                    ObjectNode cmp = ratios.addObject();
                    cmp.put("threads", threads);
                    cmp.put("over_threads", baseThreads);
                    cmp.put("states_per_second", ratio);
                    cmp.put("wall_speedup", speedup);
                    cmp.put("same_final_states_and_verdict", same);
                    text.add(String.format(java.util.Locale.ROOT, "%-22s %d threads over %d: wall %.2fx faster, "
                            + "states/s %.2fx, same final states and verdict: %s", s.name(), threads, baseThreads,
                            speedup, ratio, same ? "yes" : "NO"));
                }
            }
            rows.add(row);
        }
        text.add("");
    }

    private ExplorationResult fastestStateful(Scenario s, int threads, Path shrinkDir) throws ScenarioException {
        ScenarioRunner.Options o = new ScenarioRunner.Options("stateful", "exhaustive", null, null, Long.MAX_VALUE,
                statefulSeconds, false, false, threads, 0, 1, ProgressListener.NONE, shrinkDir);
        ExplorationResult best = null;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            ExplorationResult r = ScenarioRunner.explore(s, "exhaustive", o).result();
            if (best == null || r.elapsedNanos < best.elapsedNanos) {
                best = r;
            }
        }
        return best;
    }

    static double statesPerSecond(ExplorationResult r) {
        return r.elapsedNanos == 0 ? 0 : r.statesStored / (r.elapsedNanos / 1e9);
    }

    /** What must not depend on the threads: completeness, the states and final states of a complete search, the verdict. */
    static boolean sameOutcome(ExplorationResult a, ExplorationResult b) {
        return a.complete == b.complete && a.violation == b.violation && (!a.complete || a.executions == b.executions);
    }

    private static ObjectNode statefulRun(ObjectMapper mapper, ExplorationResult r, int threads) {
        ObjectNode o = mapper.createObjectNode();
        o.put("threads", threads);
        o.put("states_stored", r.statesStored);
        o.put("states_matched", r.statesMatched);
        o.put("transitions", r.transitions);
        o.put("final_states", r.executions);
        o.put("wall_ms", r.elapsedNanos / 1e6);
        o.put("states_per_second", Math.round(statesPerSecond(r)));
        o.put("states_per_second_per_thread", Math.round(statesPerSecond(r) / threads));
        o.put("memory_bytes", r.memoryBytes);
        o.put("fingerprint_bits", r.fingerprintBits);
        o.put("collision_probability", r.collisionProbability);
        o.put("complete", r.complete);
        if (!r.complete) {
            o.put("stop_reason", r.stopReason);
        }
        o.put("violation", r.violation == 0 ? "none" : String.join(", ", Invariant.names(r.violation)));
        return o;
    }

    // ---- protocol scenarios under random and PCT ----------------------------------------------------------------

    private static final String[] PROTOCOL = {"one-writer-attach-detach", "two-writers", "link-update",
            "replace-in-place", "last-prog-leaves-and-comes-back", "teardown-vs-readers",
            "link-update-vs-close-and-detach", "teardown-vs-link", "detach-by-id-vs-close", "query-vs-attach-egress",
            "link-update-vs-closed-fds", "stale-revision-race", "replace-vs-close-and-teardown",
            "link-update-after-teardown"};

    private void protocol(ObjectMapper mapper, ObjectNode node, List<String> text) throws ScenarioException,
            IOException {
        long total = 0;
        long violations = 0;
        long nanos = 0;
        ArrayNode rows = node.putArray("scenarios");
        for (String name : PROTOCOL) {
            Scenario s = resource("catalog/protocol/" + name + ".json");
            for (String strategy : new String[] {"random", "pct"}) {
                progress(s.name() + " " + strategy);
                ScenarioRunner.Options o = new ScenarioRunner.Options("dpor", strategy, 1L, protocolExecutions,
                        Long.MAX_VALUE, 600.0, false, false, Runtime.getRuntime().availableProcessors(), 0, 1,
                        ProgressListener.NONE, Path.of("mprogsim-out"));
                ExplorationResult r = ScenarioRunner.explore(s, strategy, o).result();
                total += r.executions;
                nanos += r.elapsedNanos;
                if (r.violation != 0) {
                    violations++;
                }
                ObjectNode row = mapper.createObjectNode();
                row.put("scenario", s.name());
                row.put("strategy", strategy);
                row.put("executions", r.executions);
                row.put("violation", r.violation == 0 ? "none" : String.join(", ", Invariant.names(r.violation)));
                rows.add(row);
            }
        }
        node.put("executions", total);
        node.put("runs_with_a_violation", violations);
        node.put("wall_seconds", nanos / 1e9);
        text.add("random and pct on " + PROTOCOL.length + " protocol scenarios: " + total + " executions in "
                + String.format("%.1f", nanos / 1e9) + " s, " + violations + " runs reported a violation");
    }

    static Scenario resource(String path) throws ScenarioException, IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/mprogsim/" + path)) {
            if (in == null) {
                throw new ScenarioException("mprogsim/" + path + ": not in the jar");
            }
            return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(path));
        }
    }
}
