package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.sim.Invariant;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Explorer;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.Schedule;
import mprogsim.scheduler.stateful.StatefulExplorer;

/**
 * Runs a scenario the way its file asks and judges the result against its {@code expect}, in one straight line:
 * the way to explore it is chosen once ({@link ExplorerRegistry}), it is explored ({@link Explorations}), judged
 * ({@link Judge}) and reported ({@link Report}). Plain sequential files run on the sequential spec and, as one
 * writer thread, on the step simulator; everything else on the step simulator with the file's strategy.
 */
public final class ScenarioRunner {
    /**
     * Settings from the command line that override or complete the file's {@code explore}.
     *
     * @param explorer      the exhaustive explorer (stateful, dpor, dfs, normal-form)
     * @param strategy      overrides explore.strategy when not null
     * @param seed          overrides explore.seed when not null
     * @param executions    overrides explore.executions (the random/pct budget) when not null
     * @param maxExecutions caps an exhaustive run
     * @param threads       worker threads, 0 for the default of the explorer ({@link #threadsFor}); verdicts and
     *                      counterexamples do not depend on it
     * @param shardIndex    from 0; with {@code shardCount} > 1 only that part of the exploration runs
     * @param progress      told about long runs about once a second
     * @param shrinkDir     where shrunk scenarios of randomized counterexamples are written
     * @param persistentSets the stateful search's persistent sets (on by default)
     */
    public record Options(String explorer, String strategy, Long seed, Long executions, long maxExecutions,
                          Double timeLimitSeconds, boolean traces, boolean shrink, int threads, int shardIndex,
                          int shardCount, ProgressListener progress, java.nio.file.Path shrinkDir,
                          boolean symmetry, boolean exact, boolean breadthFirst, long maxStates,
                          boolean persistentSets) {
        public static final Options DEFAULT = new Options(DEFAULT_EXPLORER, null, null, null, Long.MAX_VALUE, null,
                true, true, 1, 0, 1, ProgressListener.NONE, java.nio.file.Path.of("mprogsim-out"));

        /** The stateful explorer's defaults: reader symmetry on, 64-bit fingerprints, depth-first. */
        public Options(String explorer, String strategy, Long seed, Long executions, long maxExecutions,
                       Double timeLimitSeconds, boolean traces, boolean shrink, int threads, int shardIndex,
                       int shardCount, ProgressListener progress, java.nio.file.Path shrinkDir) {
            this(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink, threads,
                    shardIndex, shardCount, progress, shrinkDir, true, false, false, Long.MAX_VALUE, true);
        }

        /** The stateful explorer's settings ({@code check --no-symmetry}, {@code --exact}, {@code --bfs}). */
        public Options withStateful(boolean symmetry, boolean exact, boolean breadthFirst) {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink,
                    threads, shardIndex, shardCount, progress, shrinkDir, symmetry, exact, breadthFirst, maxStates,
                    persistentSets);
        }

        /** The stateful explorer's state budget ({@code check --max-states}): a stop there is never a pass. */
        public Options withMaxStates(long max) {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink,
                    threads, shardIndex, shardCount, progress, shrinkDir, symmetry, exact, breadthFirst, max,
                    persistentSets);
        }

        /** The stateful explorer's persistent sets ({@code check --no-persistent-sets} turns them off). */
        public Options withPersistentSets(boolean on) {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink,
                    threads, shardIndex, shardCount, progress, shrinkDir, symmetry, exact, breadthFirst, maxStates, on);
        }

        public Options withThreads(int n) {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink, n,
                    shardIndex, shardCount, progress, shrinkDir, symmetry, exact, breadthFirst, maxStates,
                    persistentSets);
        }

        boolean sharded() {
            return shardCount > 1;
        }

        /**
         * The worker threads for an explorer: as given, or by default one for the stateful search (on the 2-core
         * machine it was measured on, a second worker did not pay for itself; see docs/exploration.md) and every
         * core for the others.
         */
        public int threadsFor(Explorer explorer) {
            if (threads > 0) {
                return threads;
            }
            return explorer instanceof StatefulExplorer ? 1 : Runtime.getRuntime().availableProcessors();
        }

        /** The same settings on one thread and the whole exploration (no shards). */
        Options whole() {
            return new Options(explorer, strategy, seed, executions, maxExecutions, timeLimitSeconds, traces, shrink, 1,
                    0, 1, progress, shrinkDir, symmetry, exact, breadthFirst, maxStates, persistentSets);
        }
    }

    /**
     * The exhaustive explorer a run uses unless told otherwise: the stateful search, which every simulation
     * supports (it implements StatefulProgram). DPOR stays selectable ({@code --explorer dpor}) and is the reference
     * the stateful search is tested against.
     */
    public static final String DEFAULT_EXPLORER = "stateful";

    /** The exhaustive explorers by name: DPOR (the reference), plain DFS, normal-form DFS, stateful (the default). */
    public static final List<String> EXHAUSTIVE = ExplorerRegistry.exhaustive();

    private ScenarioRunner() {
    }

    /** Whether the file can run on the sequential spec alone (one writer, no variants, default exploration). */
    public static boolean isPlainSequential(Scenario s) {
        return ExplorerRegistry.isPlainSequential(s);
    }

    /** The simulator a scenario runs on: see {@link Simulations#of(Scenario)}. */
    public static TcxSimulation simulation(Scenario s) {
        return Simulations.of(s);
    }

    /** As {@link #simulation(Scenario)}, for a run in virtual time ({@code timed}) or not, whatever the file says. */
    public static TcxSimulation simulation(Scenario s, boolean timed) {
        return Simulations.of(s, timed);
    }

    /** Whether the scenario's exploration with {@code strategy} can be split into shards. */
    public static boolean isShardable(Scenario s, String strategy) {
        return !isPlainSequential(s) && List.of("exhaustive", "random", "pct").contains(strategy);
    }

    /** Load is done; choose the way once, explore, judge, report. */
    public static ScenarioVerdict run(Scenario s, Options o) throws ScenarioException {
        Explored explored = ExplorerRegistry.choose(s, o).explorer().explore(s, o);
        return Report.verdict(s, explored, Judge.judge(s.expect(), explored), o);
    }

    /**
     * A verdict's schedule re-run step by step, for reports.
     *
     * @param threads          every thread of the run in process order, also those that never moved
     * @param violatingStep    the step after which the reported violation held, or 0 when no step broke anything
     *                         (the end-of-execution checks found it, or nothing broke)
     * @param brokenInvariants every invariant the execution broke, reported or not
     */
    public record ReplayedSchedule(List<String> threads, Trace trace, int violatingStep,
                                   List<String> brokenInvariants) {
    }

    /**
     * Re-runs {@code v}'s schedule on a fresh simulation of its scenario, looking for the same invariants the run
     * looked for; null when the verdict has no schedule. Replaying is exact, so this is the execution the verdict
     * reported.
     */
    public static ReplayedSchedule replaySchedule(ScenarioVerdict v) {
        if (v.schedule() == null) {
            return null;
        }
        TcxSimulation sim = Simulations.of(v.scenario());
        int[] schedule = Schedule.decode(v.schedule());
        // Trace.replay only tells what held at the end, so find the step that first broke something on a run of
        // our own, stopping where the trace's replay would.
        int violatingStep = 0;
        sim.reset();
        for (int i = 0; i < schedule.length; i++) {
            int p = schedule[i];
            if (p < 0 || p >= sim.processes() || sim.status(p) != mprogsim.scheduler.Program.ENABLED) {
                break;
            }
            sim.step(p);
            if (sim.violations() != 0) {
                violatingStep = i + 1;
                break;
            }
        }
        Trace t = Trace.replayWithMemory(sim, schedule);
        List<String> threads = new ArrayList<>();
        for (int p = 0; p < sim.processes(); p++) {
            threads.add(sim.processName(p));
        }
        return new ReplayedSchedule(threads, t, violatingStep, Invariant.names(sim.allViolations()));
    }

    /** An exploration's result, and whether it came from a randomized strategy (whose counterexamples are shrunk). */
    public record Exploration(ExplorationResult result, boolean randomized) {
    }

    /**
     * Explores {@code s} with {@code strategy} (exhaustive, random or pct) as the options say, without judging it:
     * for a shard of a run, or for measuring.
     */
    public static Exploration explore(Scenario s, String strategy, Options o) throws ScenarioException {
        ExplorerRegistry.Entry e = ExplorerRegistry.choose(s, strategy, o);
        if (e.engine() == null) {
            throw new ScenarioException(s.file() + ": $.explore.strategy: \"" + strategy
                    + "\" cannot be explored this way");
        }
        Explored.Search x = Explorations.search(s, o, e.engine().create(s, o),
                e.kind() == ExplorerRegistry.Kind.RANDOMIZED);
        return new Exploration(x.result(), x.randomized());
    }

    /** Turns an exploration of {@code s} (whole, or the merge of its shards) into a verdict. */
    public static ScenarioVerdict judge(Scenario s, ExplorationResult r, TcxSimulation sim, Options o,
                                        boolean randomized) throws ScenarioException {
        Explored explored = new Explored.Search(r, randomized);
        return Report.verdict(s, explored, Judge.judge(s.expect(), explored), o);
    }

    /**
     * Shrinks a randomized counterexample and writes the shrunk scenario next to the run's output: see
     * {@link Report#shrink}.
     */
    public static Shrinker.Result shrinkScenario(Scenario s, int[] schedule, String invariant, long target,
                                                  Options o) {
        return Report.shrink(s, schedule, invariant, o);
    }
}
