package mprogsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Explorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mprogsim bench}: the fixed reference scenarios explored with DPOR and with plain DFS, and the time each
 * variant scenario of the catalog takes to its first counterexample. Figures come from one run on this machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Explore the reference scenarios R1, R2, R3 with DPOR and plain DFS and the catalog's variant",
                "scenarios to their first counterexample; report executions, steps, wall time and rates."})
public final class BenchCommand implements Callable<Integer> {
    static final String[] REFERENCES = {"r1.json", "r2.json", "r3.json"};
    static final String[] MUTANTS = {"no-sync-after-swap", "commit-before-sync", "put-on-delete", "in-place-update",
            "publish-before-fill", "no-writer-lock", "shrink-by-total", "reader-uses-count", "no-revision-bump",
            "uninstall-no-sync", "bundle-free-no-rcu", "reader-takes-lock", "max-check-before-f9b0e1088bbf"};

    @Option(names = "--json", description = "print one JSON object on stdout instead of a table")
    boolean json;

    @Option(names = "--dfs-seconds", paramLabel = "S", description = "time limit of each plain DFS run (default ${DEFAULT-VALUE})")
    double dfsSeconds = 60;

    @Option(names = "--no-dfs", description = "skip the plain DFS runs")
    boolean noDfs;

    @Option(names = "--repeat", paramLabel = "N", description = "runs of each DPOR measurement; the fastest is reported (default ${DEFAULT-VALUE})")
    int repeat = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode refs = root.putArray("references");
        List<String> table = new ArrayList<>();
        table.add(String.format("%-4s %-5s %10s %12s %9s %12s %10s %s", "ref", "strat", "executions", "steps",
                "wall s", "steps/s", "exec/s", "complete"));
        try {
            for (String ref : REFERENCES) {
                Scenario s = resource("bench/" + ref);
                progress(err, "bench: " + s.name() + " dpor");
                ExplorationResult dpor = best(s, new DporExplorer(), new Budget(Long.MAX_VALUE, 600, true));
                refs.add(row(mapper, s.name(), dpor));
                table.add(line(s.name(), dpor));
                if (!noDfs) {
                    progress(err, "bench: " + s.name() + " dfs (up to " + dfsSeconds + " s)");
                    ExplorationResult dfs = once(s, new DfsExplorer(), new Budget(Long.MAX_VALUE, dfsSeconds, true));
                    refs.add(row(mapper, s.name(), dfs));
                    table.add(line(s.name(), dfs));
                }
            }
            ArrayNode mutants = root.putArray("mutants");
            List<String> mtable = new ArrayList<>();
            mtable.add(String.format("%-32s %-20s %10s %12s %s", "variant scenario", "invariant", "executions",
                    "ms to first", "found"));
            for (String m : MUTANTS) {
                Scenario s = resource("catalog/variants/" + m + ".json");
                progress(err, "bench: " + s.name());
                ExplorationResult r = best(s, new DporExplorer(), new Budget(Long.MAX_VALUE, 600, true));
                ObjectNode o = mapper.createObjectNode();
                o.put("scenario", s.name());
                o.put("invariant", s.expect().invariant());
                o.put("strategy", "dpor");
                o.put("found", r.violation != 0);
                o.put("executions_to_first", r.violationExecution + 1);
                o.put("seconds_to_first", r.violationNanos / 1e9);
                mutants.add(o);
                mtable.add(String.format("%-32s %-20s %10d %12.3f %s", s.name(), s.expect().invariant(),
                        r.violationExecution + 1, r.violationNanos / 1e6, r.violation != 0 ? "yes" : "NO"));
            }
            if (json) {
                out.println(mapper.writeValueAsString(root));
            } else {
                table.forEach(out::println);
                out.println();
                mtable.forEach(out::println);
            }
        } catch (ScenarioException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        out.flush();
        return 0;
    }

    private static void progress(PrintWriter err, String what) {
        err.println(what);
        err.flush();
    }

    static Scenario resource(String path) throws ScenarioException, IOException {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/mprogsim/" + path)) {
            if (in == null) {
                throw new ScenarioException("mprogsim/" + path + ": not in the jar");
            }
            return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(path));
        }
    }

    private ExplorationResult best(Scenario s, Explorer explorer, Budget budget) {
        ExplorationResult best = null;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            ExplorationResult r = once(s, explorer, budget);
            if (best == null || r.elapsedNanos < best.elapsedNanos) {
                best = r;
            }
        }
        return best;
    }

    private static ExplorationResult once(Scenario s, Explorer explorer, Budget budget) {
        TcxSimulation sim = ScenarioRunner.simulation(s);
        return explorer.explore(sim, budget, ExecutionListener.NONE);
    }

    private static ObjectNode row(ObjectMapper mapper, String name, ExplorationResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("reference", name);
        o.put("strategy", r.strategy);
        o.put("executions", r.executions);
        o.put("steps", r.steps);
        o.put("wall_seconds", r.seconds());
        o.put("steps_per_second", Math.round(r.stepsPerSecond()));
        o.put("executions_per_second", Math.round(r.executionsPerSecond()));
        o.put("complete", r.complete);
        if (!r.complete) {
            o.put("stop_reason", r.stopReason);
        }
        return o;
    }

    private static String line(String name, ExplorationResult r) {
        return String.format("%-4s %-5s %10d %12d %9.3f %12.0f %10.0f %s", name, r.strategy, r.executions, r.steps,
                r.seconds(), r.stepsPerSecond(), r.executionsPerSecond(),
                r.complete ? "yes" : "no (" + r.stopReason + ")");
    }
}
