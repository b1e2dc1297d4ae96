package mprogsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mprogsim.model.sim.Invariant;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.ProgressListener;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * Every catalog scenario the simulator runs exhaustively: the stateful search finds the invariants DPOR finds (both
 * exploring everything, no stop at the first violation), and with symmetry off and the outcome kept in the
 * canonical form, the same outcomes; stopping at violations as a check does, the same verdict.
 */
class StatefulCatalogTest {
    private static final long DPOR_EXECUTIONS = 300_000;

    @Test
    void statefulAgreesWithDporOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int compared = 0;
        int skipped = 0;
        StringBuilder report = new StringBuilder();
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            if (s.memory().weak() || s.memory().litmus() != null) {
                continue; // DPOR does not run weak memory; MemoryCatalogTest compares stateful with plain DFS there
            }
            TcxSimulation ref = ScenarioRunner.simulation(s, false);
            Seen dp = new Seen();
            ExplorationResult rd = new DporExplorer().explore(ref, new Budget(DPOR_EXECUTIONS, 0, false), dp);
            if (!rd.complete) {
                skipped++;
                report.append(' ').append(f.getFileName());
                continue;
            }
            compared++;
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            Seen st = new Seen();
            ExplorationResult rs = new StatefulExplorer().explore(sim, new Budget(Long.MAX_VALUE, 0, false), st);
            assertTrue(rs.complete, f.toString());
            assertEquals(Invariant.names(dp.violations), Invariant.names(st.violations), f + ": invariants found");

            TcxSimulation keep = ScenarioRunner.simulation(s, false);
            keep.canonicalKeepsOutcome(true);
            Seen so = new Seen();
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false))
                    .explore(keep, new Budget(Long.MAX_VALUE, 0, false), so);
            assertEquals(dp.outcomes, so.outcomes, f + ": outcomes");

            // As a check runs it, through the whole path (the file's expectation, first violations, the judge).
            ScenarioRunner.Options dporRun = new ScenarioRunner.Options("dpor", null, null, null, Long.MAX_VALUE,
                    null, false, false, 1, 0, 1, ProgressListener.NONE, null);
            ScenarioRunner.Options statefulRun = new ScenarioRunner.Options("stateful", null, null, null,
                    Long.MAX_VALUE, null, false, false, 1, 0, 1, ProgressListener.NONE, null);
            ScenarioVerdict vd = ScenarioRunner.run(s, dporRun);
            ScenarioVerdict vs = ScenarioRunner.run(s, statefulRun);
            assertEquals(vd.met(), vs.met(), f + ": verdict (dpor: " + vd.summary() + "; stateful: " + vs.summary()
                    + ")");
            assertTrue(vs.met(), f + ": " + vs.summary());
            ScenarioVerdict vn = ScenarioRunner.run(s, statefulRun.withStateful(false, true, false));
            assertTrue(vn.met(), f + " (no symmetry, exact): " + vn.summary());
            ScenarioVerdict vb = ScenarioRunner.run(s, statefulRun.withStateful(true, false, true));
            assertTrue(vb.met(), f + " (breadth-first): " + vb.summary());
        }
        System.out.println("catalog: stateful agrees with DPOR on " + compared + " scenarios; over DPOR's budget:"
                + report);
        assertTrue(compared >= 35, "only " + compared + " catalog scenarios compared");
    }

    /**
     * Sleep sets shared between workers never lose a state: with persistent sets off they prune transitions only, so
     * on every exhaustive catalog file two and three workers must store exactly the states one worker stores
     * (exact storage, no symmetry: equal counts of states each reached by stepping are equal sets), with the same
     * final states and invariants. Races are timing-dependent, so each parallel run is repeated ({@link #REPEATS}).
     * A stored sleep set intersected without the segment's lock, a revisit that explores nothing, or donated tasks
     * that take every move of their frame as done each fail this (docs/exploration.md, "Sleep sets shared between
     * workers").
     */
    @Test
    void severalWorkersStoreEveryStateOneWorkerStores() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int compared = 0;
        long states = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            StatefulExplorer exact = new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)
                    .withExact(true).withPersistentSets(false));
            FinalStates oneSeen = new FinalStates();
            ExplorationResult one = exact.explore(() -> ScenarioRunner.simulation(s, false), ALL, threads(1),
                    oneSeen);
            assertTrue(one.complete, f + " on 1 thread");
            for (int threads = 2; threads <= 3; threads++) {
                for (int rep = 0; rep < REPEATS; rep++) {
                    FinalStates seen = new FinalStates();
                    ExplorationResult r = exact.explore(() -> ScenarioRunner.simulation(s, false), ALL,
                            threads(threads), seen);
                    String run = f + " on " + threads + " threads, run " + (rep + 1);
                    assertTrue(r.complete, run);
                    assertEquals(one.statesStored, r.statesStored, run + ": states stored");
                    assertEquals(oneSeen.finals, seen.finals, run + ": final states");
                    assertEquals(one.executions, r.executions, run + ": final states counted");
                    assertEquals(Invariant.names(oneSeen.violations), Invariant.names(seen.violations),
                            run + ": invariants found");
                }
            }
            states += one.statesStored;
            compared++;
        }
        System.out.println("several workers, persistent sets off: " + compared + " scenarios, " + states
                + " states, " + REPEATS + " runs each on 2 and 3 threads");
        assertTrue(compared >= 35, "only " + compared + " catalog scenarios compared");
    }

    /**
     * With persistent sets on, sleep sets prune states too, and which ones depends on the order in which the workers
     * reach them; the final states and the invariants found must not. On every exhaustive catalog file, exact
     * storage without symmetry: one, two and three workers (repeated) reach exactly the final states and invariants
     * of the search without any reduction; with the defaults (symmetry, fingerprints) they count the same final
     * states and find the same invariants.
     */
    @Test
    void severalWorkersWithPersistentSetsFindWhatOneWorkerFinds() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int compared = 0;
        long stored1 = 0;
        long stored2 = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            StatefulExplorer.Options exactOptions = StatefulExplorer.Options.defaults().withSymmetry(false)
                    .withExact(true);
            FinalStates plainSeen = new FinalStates();
            ExplorationResult plain = new StatefulExplorer(exactOptions.withSleepSets(false)
                    .withPersistentSets(false)).explore(() -> ScenarioRunner.simulation(s, false), ALL, threads(1),
                    plainSeen);
            assertTrue(plain.complete, f + " without reduction");
            for (int threads = 1; threads <= 3; threads++) {
                for (int rep = 0; rep < (threads == 1 ? 1 : REPEATS); rep++) {
                    FinalStates seen = new FinalStates();
                    ExplorationResult r = new StatefulExplorer(exactOptions)
                            .explore(() -> ScenarioRunner.simulation(s, false), ALL, threads(threads), seen);
                    String run = f + ", persistent sets, " + threads + " threads, run " + (rep + 1);
                    assertTrue(r.complete, run);
                    assertEquals(plainSeen.finals, seen.finals, run + ": final states");
                    assertEquals(Invariant.names(plainSeen.violations), Invariant.names(seen.violations),
                            run + ": invariants found");
                    assertTrue(r.statesStored <= plain.statesStored, run + ": more states than without reduction");
                }
            }
            StatefulExplorer defaults = new StatefulExplorer(StatefulExplorer.Options.defaults());
            FinalStates oneSeen = new FinalStates();
            ExplorationResult one = defaults.explore(() -> ScenarioRunner.simulation(s, false), ALL, threads(1),
                    oneSeen);
            for (int threads = 2; threads <= 3; threads++) {
                FinalStates seen = new FinalStates();
                ExplorationResult r = defaults.explore(() -> ScenarioRunner.simulation(s, false), ALL,
                        threads(threads), seen);
                String run = f + ", defaults, " + threads + " threads";
                assertEquals(one.executions, r.executions, run + ": final states counted");
                assertEquals(Invariant.names(oneSeen.violations), Invariant.names(seen.violations),
                        run + ": invariants found");
                if (threads == 2) {
                    stored1 += one.statesStored;
                    stored2 += r.statesStored;
                }
            }
            compared++;
        }
        System.out.println("several workers, defaults: " + compared + " scenarios, states stored " + stored1
                + " on one thread, " + stored2 + " on two");
        assertTrue(compared >= 35, "only " + compared + " catalog scenarios compared");
    }

    /** How many times each parallel run of the tests above is repeated (races depend on timing). */
    private static final int REPEATS = Integer.getInteger("mprogsim.test.parallelRepeats", 3);

    /**
     * The processes the simulator names persistent depend only on the canonical form (up to symmetry), on every
     * exhaustive catalog scenario (its first 20,000 full states): otherwise which step a canonical state takes would
     * depend on which of its states a worker met first, and the states stored on the timing of the workers. A
     * grace period's leftover wait for a reader that has left (dropped from the canonical form) once made the
     * difference here.
     */
    @Test
    void thePersistentProcessesDependOnlyOnTheCanonicalForm() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int compared = 0;
        long classes = 0;
        long persistent = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            boolean symmetry = compared % 2 == 0;
            int n = sim.processes();
            int[] buf = new int[sim.maxStateInts()];
            int[] canon = new int[sim.maxStateInts()];
            int[] perm = new int[n];
            java.util.Map<String, String> chosen = new java.util.HashMap<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
            sim.reset();
            int[] init = java.util.Arrays.copyOf(buf, sim.saveState(buf, 0));
            seen.add(java.util.Arrays.toString(init));
            todo.add(init);
            while (!todo.isEmpty() && seen.size() < 20_000) {
                int[] st = todo.poll();
                sim.restoreState(st, 0);
                int len = sim.canonicalState(canon, 0, symmetry, perm);
                String key = java.util.Arrays.toString(java.util.Arrays.copyOf(canon, len));
                java.util.TreeSet<Integer> positions = new java.util.TreeSet<>();
                for (long m = sim.persistentProcesses(); m != 0; m &= m - 1) {
                    positions.add(perm[Long.numberOfTrailingZeros(m)]);
                }
                persistent += positions.isEmpty() ? 0 : 1;
                String before = chosen.putIfAbsent(key, positions.toString());
                assertTrue(before == null || before.equals(positions.toString()), f + ": one canonical form, "
                        + "persistent processes at canonical positions " + before + " and " + positions + " in "
                        + sim.stateText());
                for (int q = 0; q < n; q++) {
                    sim.restoreState(st, 0);
                    if (sim.status(q) != mprogsim.scheduler.Program.ENABLED) {
                        continue;
                    }
                    sim.step(q);
                    int[] t = java.util.Arrays.copyOf(buf, sim.saveState(buf, 0));
                    if (seen.add(java.util.Arrays.toString(t))) {
                        todo.add(t);
                    }
                }
            }
            classes += chosen.size();
            compared++;
        }
        System.out.println("persistent choice: " + compared + " scenarios, " + classes + " canonical forms, "
                + persistent + " states with persistent processes");
        assertTrue(compared >= 35, "only " + compared + " catalog scenarios compared");
        assertTrue(persistent > 10_000, "only " + persistent + " states with persistent processes");
    }

    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    private static RunOptions threads(int n) {
        return new RunOptions(n, 0, 1, ProgressListener.NONE, ProgressListener.INTERVAL_NANOS);
    }

    /**
     * On every catalog scenario small enough to walk whole: any two complete states with one canonical form
     * (symmetry on) have the same future, the invariants broken on some path from them, final checks included. The
     * random scenarios of the model's StatefulSimulationTest cannot catch a canonical form that drops the release
     * masks (which readers may still run a released prog): two states differing only there need a reader that finds
     * a released prog in an entry it loaded after the release, which only the put_on_delete variant allows. Here
     * variants/put-on-delete.json is such a scenario, so dropping those masks fails this test.
     */
    @Test
    void statesWithOneCanonicalFormHaveOneFutureOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        int checked = 0;
        boolean putOnDelete = false;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            Futures g = new Futures(ScenarioRunner.simulation(s, false), 20_000);
            if (!g.complete) {
                continue;
            }
            checked++;
            putOnDelete |= f.endsWith(Path.of("variants", "put-on-delete.json"));
            java.util.Map<Ints, Long> futureOf = new java.util.HashMap<>();
            java.util.Map<Ints, Ints> firstOf = new java.util.HashMap<>();
            for (java.util.Map.Entry<Ints, Ints> e : g.canonical.entrySet()) {
                long future = g.future.get(e.getKey());
                Long before = futureOf.putIfAbsent(e.getValue(), future);
                if (before == null) {
                    firstOf.put(e.getValue(), e.getKey());
                } else {
                    assertEquals(Invariant.names(before), Invariant.names(future), f
                            + ": two states with one canonical form have different futures\n"
                            + firstOf.get(e.getValue()) + "\n" + e.getKey());
                }
            }
        }
        System.out.println("catalog futures: " + checked + " scenarios walked whole");
        assertTrue(putOnDelete, "variants/put-on-delete.json was not walked whole");
        assertTrue(checked >= 10, "only " + checked + " catalog scenarios walked whole");
    }

    /**
     * The canonical form must be a congruence: two complete states with one canonical form must step to the same
     * canonical forms (as a set over the processes, since reader symmetry may rename them). A canonical form that
     * keeps data no later step reads splits classes, and which representative a search expands then decides which
     * states it stores (a writer's stale follow-up index did that on protocol/teardown-vs-readers, found after
     * 46,547 classes); one that drops data a later step reads merges states with different futures. Breadth-first
     * over complete states, at most {@link #CONGRUENCE_CLASSES} classes a scenario.
     */
    @Test
    void theCanonicalFormIsACongruenceOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        long pairs = 0;
        int walked = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            int[] buf = new int[sim.maxStateInts()];
            int[] canon = new int[sim.maxStateInts()];
            int[] perm = new int[sim.processes()];
            java.util.Map<Ints, Ints> representative = new java.util.HashMap<>();
            java.util.ArrayDeque<Ints> queue = new java.util.ArrayDeque<>();
            sim.reset();
            Ints start = new Ints(java.util.Arrays.copyOf(buf, sim.saveState(buf, 0)));
            representative.put(new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, false, perm))),
                    start);
            queue.add(start);
            while (!queue.isEmpty() && representative.size() < CONGRUENCE_CLASSES) {
                Ints state = queue.poll();
                for (int q = 0; q < sim.processes(); q++) {
                    sim.restoreState(state.a(), 0);
                    if (sim.status(q) != Program.ENABLED) {
                        continue;
                    }
                    sim.step(q);
                    Ints full = new Ints(java.util.Arrays.copyOf(buf, sim.saveState(buf, 0)));
                    Ints key = new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, false, perm)));
                    Ints first = representative.putIfAbsent(key, full);
                    if (first == null) {
                        queue.add(full);
                    } else if (!first.equals(full)) {
                        pairs++;
                        assertEquals(successors(sim, first, buf, canon, perm), successors(sim, full, buf, canon, perm),
                                f + ": two states with one canonical form step to different canonical forms\n"
                                        + first + "\n" + full);
                    }
                }
            }
            walked++;
        }
        System.out.println("catalog congruence: " + walked + " scenarios, " + pairs + " second representatives");
        assertTrue(walked >= 35, "only " + walked + " catalog scenarios walked");
        assertTrue(pairs > 10_000, "only " + pairs + " second representatives compared");
    }

    private static final int CONGRUENCE_CLASSES = 60_000;

    /**
     * The graph of canonical states (symmetry on) has no cycle, which sleep sets with state matching (shared by
     * workers or not) and persistent sets both rely on: a depth-first search over complete states, one per canonical
     * form, fails on a step back to a canonical form still on its stack. On every exhaustive catalog file, at most
     * {@link #CONGRUENCE_CLASSES} canonical forms each. (docs/exploration.md, "Acyclic, and why", gives the measure.)
     */
    @Test
    void theCanonicalStateGraphIsAcyclicOnTheCatalog() throws Exception {
        List<Path> files = ScenarioLoader.expand(List.of(CatalogTest.catalog()));
        long edges = 0;
        int walked = 0;
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (ScenarioRunner.isPlainSequential(s) || !s.explore().strategy().equals("exhaustive")) {
                continue;
            }
            TcxSimulation sim = ScenarioRunner.simulation(s, false);
            int n = sim.processes();
            int[] buf = new int[sim.maxStateInts()];
            int[] canon = new int[sim.maxStateInts()];
            int[] perm = new int[n];
            // true while the canonical form is on the stack, false once every successor is done
            java.util.Map<Ints, Boolean> onStack = new java.util.HashMap<>();
            java.util.ArrayDeque<int[]> states = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Ints> keys = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<int[]> next = new java.util.ArrayDeque<>();
            sim.reset();
            states.push(java.util.Arrays.copyOf(buf, sim.saveState(buf, 0)));
            Ints first = new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, true, perm)));
            keys.push(first);
            next.push(new int[1]);
            onStack.put(first, true);
            while (!states.isEmpty() && onStack.size() < CONGRUENCE_CLASSES) {
                int[] state = states.peek();
                int[] q = next.peek();
                sim.restoreState(state, 0);
                while (q[0] < n && sim.status(q[0]) != Program.ENABLED) {
                    q[0]++;
                }
                if (q[0] == n) {
                    onStack.put(keys.pop(), false);
                    states.pop();
                    next.pop();
                    continue;
                }
                sim.step(q[0]++);
                edges++;
                Ints key = new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, true, perm)));
                Boolean open = onStack.putIfAbsent(key, true);
                assertTrue(open == null || !open, f + ": a step leads back to a canonical state on the stack, "
                        + (keys.size()) + " steps deep: " + key);
                if (open == null) {
                    states.push(java.util.Arrays.copyOf(buf, sim.saveState(buf, 0)));
                    keys.push(key);
                    next.push(new int[1]);
                }
            }
            walked++;
        }
        System.out.println("catalog acyclic: " + walked + " scenarios, " + edges + " edges");
        assertTrue(walked >= 35, "only " + walked + " catalog scenarios walked");
    }

    /** The canonical forms one step leads to from a state, one per enabled process, in a set. */
    private static Set<Ints> successors(TcxSimulation sim, Ints state, int[] buf, int[] canon, int[] perm) {
        Set<Ints> out = new HashSet<>();
        for (int q = 0; q < sim.processes(); q++) {
            sim.restoreState(state.a(), 0);
            if (sim.status(q) == Program.ENABLED) {
                sim.step(q);
                out.add(new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, false, perm))));
            }
        }
        return out;
    }

    /** An int array as a map key. */
    private record Ints(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ints other && java.util.Arrays.equals(a, other.a);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(a);
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(a);
        }
    }

    /** Every complete saved state reachable from the start, its canonical form and its future's invariants. */
    private static final class Futures {
        final java.util.Map<Ints, Ints> canonical = new java.util.HashMap<>();
        final java.util.Map<Ints, Long> future = new java.util.HashMap<>();
        boolean complete = true;
        private final TcxSimulation sim;
        private final int max;
        private final int[] canon;
        private final int[] perm;

        Futures(TcxSimulation sim, int max) {
            this.sim = sim;
            this.max = max;
            this.canon = new int[sim.maxStateInts()];
            this.perm = new int[sim.processes()];
            sim.reset();
            int[] s = new int[sim.maxStateInts()];
            visit(java.util.Arrays.copyOf(s, sim.saveState(s, 0)));
        }

        private long visit(int[] state) {
            Ints key = new Ints(state);
            Long known = future.get(key);
            if (known != null) {
                return known;
            }
            if (future.size() > max) {
                complete = false;
                return 0;
            }
            future.put(key, 0L);
            sim.restoreState(state, 0);
            canonical.put(key, new Ints(java.util.Arrays.copyOf(canon, sim.canonicalState(canon, 0, true, perm))));
            long f = sim.allViolations();
            boolean any = false;
            int[] buf = new int[sim.maxStateInts()];
            for (int q = 0; q < sim.processes() && complete; q++) {
                sim.restoreState(state, 0);
                if (sim.status(q) != Program.ENABLED) {
                    continue;
                }
                any = true;
                sim.step(q);
                f |= visit(java.util.Arrays.copyOf(buf, sim.saveState(buf, 0)));
            }
            if (!any) {
                sim.restoreState(state, 0);
                sim.finish();
                f |= sim.allViolations();
            }
            future.put(key, f);
            return f;
        }
    }

    /** The final states (canonical form without symmetry) and the invariants of maximal executions, thread-safe. */
    private static final class FinalStates implements ExecutionListener {
        final Set<Ints> finals = new HashSet<>();
        long violations;

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long bits,
                                                boolean maximal) {
            if (maximal) {
                TcxSimulation sim = (TcxSimulation) program;
                int[] canon = new int[sim.maxStateInts()];
                int len = sim.canonicalState(canon, 0, false, new int[sim.processes()]);
                assertTrue(finals.add(new Ints(java.util.Arrays.copyOf(canon, len))), "a final state reported twice");
                violations |= sim.allViolations();
            }
        }
    }

    private static final class Seen implements ExecutionListener {
        final Set<String> outcomes = new HashSet<>();
        long violations;

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long bits,
                                                boolean maximal) {
            if (maximal) {
                outcomes.add(program.outcome());
                violations |= ((TcxSimulation) program).allViolations();
            }
        }
    }
}
