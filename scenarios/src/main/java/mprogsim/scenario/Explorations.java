package mprogsim.scenario;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import mprogsim.model.sim.Invariant;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Explorer;
import mprogsim.scheduler.ParallelExplorer;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.Schedule;
import mprogsim.scheduler.stateful.StatefulExplorer;
import mprogsim.model.sim.TcxSimulation;

/**
 * The explore stage: each way of running a scenario, as {@link ExplorerRegistry} names them. Nothing here judges
 * or words a result; every method hands back what the run showed.
 */
final class Explorations {
    private Explorations() {
    }

    private static double timeLimit(Scenario s, ScenarioRunner.Options o) {
        return o.timeLimitSeconds() != null ? o.timeLimitSeconds() : s.explore().timeLimitSeconds();
    }

    private static long expectedBit(Scenario s) {
        return s.expect().violation() ? Invariant.byName(s.expect().invariant()).bit() : 0;
    }

    /** One of the engine's explorers on the step simulator, split over the options' threads and shards if it can. */
    static Explored.Search search(Scenario s, ScenarioRunner.Options o, Explorer explorer, boolean randomized)
            throws ScenarioException {
        long executions = randomized ? (o.executions() != null ? o.executions() : s.explore().executions())
                : o.maxExecutions();
        Budget budget = new Budget(executions, timeLimit(s, o), true);
        AtomicLong endedOtherwise = new AtomicLong();
        // A file expecting a violation is looking for an execution whose first violating step breaks it.
        long expected = expectedBit(s);
        Supplier<Program> programs = expected == 0 ? () -> Simulations.of(s)
                : () -> new FirstViolation(Simulations.of(s), expected, endedOtherwise);
        ExecutionListener listener = ExecutionListener.NONE;
        if (explorer instanceof StatefulExplorer && expected != 0) {
            // The stateful search stores states, not executions: the simulator itself ends an execution at a first
            // violating step of another invariant, which over every state means the same as FirstViolation.
            programs = () -> {
                TcxSimulation sim = Simulations.of(s);
                sim.endAtOtherViolation(expected);
                return sim;
            };
            listener = (program, schedule, length, violations, maximal) -> {
                long other = ((TcxSimulation) program).allViolations() & ~expected;
                if (maximal && other != 0) {
                    endedOtherwise.accumulateAndGet(other, (a, b) -> a | b);
                }
            };
        }
        ExplorationResult r;
        if (explorer instanceof ParallelExplorer pe) {
            RunOptions ro = new RunOptions(o.threadsFor(explorer), o.shardIndex(), o.shardCount(), o.progress(),
                    ProgressListener.INTERVAL_NANOS);
            r = pe.explore(programs, budget, ro, listener);
        } else {
            if (o.sharded()) {
                throw new ScenarioException(s.file() + ": the " + explorer.name() + " explorer cannot be split "
                        + "into shards; use dpor, random or pct");
            }
            r = explorer.explore(programs.get(), budget, listener);
        }
        return new Explored.Search(r, randomized, endedOtherwise.get());
    }

    /**
     * A plain sequential file on the sequential spec, and the same ops as one writer thread on the step simulator,
     * explored whole with the options' exhaustive explorer (one thread, one shard: there is one execution).
     */
    static Explored sequential(Scenario s, ScenarioRunner.Options o) throws ScenarioException {
        long t0 = System.nanoTime();
        List<SequentialRun.StepResult> results = SequentialRun.run(s);
        ExplorerRegistry.Entry simulator = ExplorerRegistry.exhaustive(o.explorer());
        if (simulator == null) {
            throw new ScenarioException(s.file() + ": no exhaustive explorer " + o.explorer());
        }
        Explored.Search simulated = search(s, o.whole(), simulator.engine().create(s, o), false);
        return new Explored.Sequential(results, simulated, (System.nanoTime() - t0) / 1e9);
    }

    /** Runs in virtual time: the timing section's runs (times its sweep), each stopped at its first violation. */
    static Explored timed(Scenario s, ScenarioRunner.Options o) {
        TimingSpec t = TimedRun.timing(s);
        long t0 = System.nanoTime();
        List<TimedRun.Measured> runs = TimedRun.run(s, Simulations.of(s, true), s.explore().seed(), t.runs(),
                timeLimit(s, o));
        return new Explored.Timed(runs, (System.nanoTime() - t0) / 1e9, expectedBit(s));
    }

    /** The one execution of the file's schedule string. */
    static Explored replay(Scenario s, ScenarioRunner.Options o) throws ScenarioException {
        String text = s.explore().schedule();
        int[] schedule;
        try {
            schedule = Schedule.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(s.file() + ": $.explore.schedule: " + e.getMessage());
        }
        long t0 = System.nanoTime();
        Trace t = Trace.replay(Simulations.of(s), schedule);
        return new Explored.Replayed(t, text, (System.nanoTime() - t0) / 1e9);
    }
}
