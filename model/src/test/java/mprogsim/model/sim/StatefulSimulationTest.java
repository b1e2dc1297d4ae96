package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * The simulator as a {@link mprogsim.scheduler.StatefulProgram}: its saved state is complete (checked against every
 * owner's own dump, which the footprint tests already hold to the full state), and the stateful search with its
 * canonical form, sleep sets and reader symmetry finds what DPOR and every interleaving find.
 */
class StatefulSimulationTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    /**
     * Along random walks: save, walk on, restore, and the full dump is back; restored into a fresh simulation of the
     * same scenario, the dump, every status and every later step match too.
     */
    @Test
    void restoreGivesBackTheWholeState() {
        SplittableRandom rnd = new SplittableRandom(7);
        int compared = 0;
        for (int i = 0; i < 400; i++) {
            // The last hundred run qdisc ops, whose state (qdisc, blocks, holds, miniq counts) must come back too.
            SimConfig c = i >= 300 ? RandomScenarios.qdisc(rnd, i % 2 == 1) : RandomScenarios.sized(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            TcxSimulation other = new TcxSimulation(c);
            int[] saved = new int[sim.maxStateInts()];
            int[] scratch = new int[sim.maxStateInts()];
            sim.reset();
            other.reset();
            for (int depth = 0; depth < 200; depth++) {
                int p = pickEnabled(sim, rnd);
                if (p < 0) {
                    break;
                }
                String before = sim.stateText() + statuses(sim);
                int len = sim.saveState(saved, 0);
                assertTrue(len <= sim.maxStateInts());
                // Walk a few random steps, then come back.
                for (int k = 0; k < 3; k++) {
                    int q = pickEnabled(sim, rnd);
                    if (q >= 0) {
                        sim.step(q);
                    }
                }
                sim.restoreState(saved, 0);
                assertEquals(before, sim.stateText() + statuses(sim), "scenario " + i + " depth " + depth);
                other.reset();
                other.saveState(scratch, 0);
                other.restoreState(saved, 0);
                assertEquals(before, other.stateText() + statuses(other), "scenario " + i + " fresh copy");
                sim.step(p);
                other.step(p);
                assertEquals(sim.stateText(), other.stateText(), "scenario " + i + " step after restore");
                compared++;
            }
        }
        assertTrue(compared > 2000, "only " + compared + " states compared");
    }

    /**
     * On 200 random scenarios at the size: the stateful search (defaults: sleep sets, reader symmetry,
     * fingerprints) reports the invariants DPOR reports; with symmetry off and the outcome kept in the canonical
     * form, the very outcomes DPOR's maximal executions reach.
     */
    @Test
    void statefulMatchesDporOnRandomScenarios() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int checked = 0;
        long states = 0;
        long dporExecutions = 0;
        for (int i = 0; checked < 200 && i < 1000; i++) {
            SimConfig c = RandomScenarios.sized(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            Outcomes dp = new Outcomes();
            ExplorationResult rp = new DporExplorer().explore(sim, new Budget(20_000, 0, false), dp);
            if (!rp.complete) {
                continue;
            }
            checked++;
            dporExecutions += rp.executions;

            Outcomes st = new Outcomes();
            ExplorationResult rs = new StatefulExplorer().explore(new TcxSimulation(c), ALL, st);
            assertTrue(rs.complete, "scenario " + i);
            assertEquals(Invariant.names(dp.violations), Invariant.names(st.violations),
                    "scenario " + i + ": violated invariants differ (defaults)");
            states += rs.statesStored;

            TcxSimulation keep = new TcxSimulation(c);
            keep.canonicalKeepsOutcome(true);
            Outcomes so = new Outcomes();
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)).explore(keep, ALL, so);
            assertEquals(dp.seen, so.seen, "scenario " + i + ": outcomes differ (no symmetry, outcome kept)");
            assertEquals(Invariant.names(dp.violations), Invariant.names(so.violations), "scenario " + i);
        }
        System.out.println("stateful vs DPOR on " + checked + " random scenarios: " + states + " states stored, "
                + dporExecutions + " DPOR executions");
        assertEquals(200, checked);
    }

    /** The same on scenarios with qdisc ops as RTNL writers: the stateful search sees what DPOR sees. */
    @Test
    void statefulMatchesDporWithQdiscs() {
        SplittableRandom rnd = new SplittableRandom(31);
        int checked = 0;
        for (int i = 0; checked < 100 && i < 500; i++) {
            SimConfig c = RandomScenarios.qdisc(rnd, i % 2 == 1);
            Outcomes dp = new Outcomes();
            ExplorationResult rp = new DporExplorer().explore(new TcxSimulation(c), new Budget(20_000, 0, false), dp);
            if (!rp.complete) {
                continue;
            }
            checked++;
            Outcomes st = new Outcomes();
            ExplorationResult rs = new StatefulExplorer().explore(new TcxSimulation(c), ALL, st);
            assertTrue(rs.complete, "scenario " + i);
            assertEquals(Invariant.names(dp.violations), Invariant.names(st.violations),
                    "scenario " + i + ": violated invariants differ (defaults)");
            TcxSimulation keep = new TcxSimulation(c);
            keep.canonicalKeepsOutcome(true);
            Outcomes so = new Outcomes();
            new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)).explore(keep, ALL, so);
            assertEquals(dp.seen, so.seen, "scenario " + i + ": outcomes differ (no symmetry, outcome kept)");
        }
        assertEquals(100, checked);
    }

    /**
     * Without sleep sets and symmetry, with exact storage, the search stores exactly the canonical states a plain
     * search of every enabled step from every state reaches; with persistent sets alone, the same final states and
     * violations; with sleep sets, persistent sets and symmetry on, the same final states (in symmetric form) and
     * the same violations.
     */
    @Test
    void storesEveryReachableCanonicalState() {
        SplittableRandom rnd = new SplittableRandom(99);
        int checked = 0;
        long persistentStates = 0;
        long plainStates = 0;
        for (int i = 0; checked < 60 && i < 400; i++) {
            SimConfig c = RandomScenarios.sized(rnd, i % 2 == 1);
            Reference ref = Reference.of(new TcxSimulation(c), 200_000);
            if (ref == null) {
                continue;
            }
            checked++;
            Finals plain = new Finals(false);
            ExplorationResult r = new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)
                    .withSleepSets(false).withPersistentSets(false).withExact(true))
                    .explore(new TcxSimulation(c), ALL, plain);
            assertEquals(ref.states.size(), r.statesStored, "scenario " + i + ": states stored");
            assertEquals(ref.finals, plain.finals, "scenario " + i + ": final states");
            assertEquals(ref.violations, plain.violations, "scenario " + i + ": violations");

            // Persistent sets alone keep every final state, not every state.
            Finals persistent = new Finals(false);
            ExplorationResult rp = new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(false)
                    .withSleepSets(false).withExact(true)).explore(new TcxSimulation(c), ALL, persistent);
            assertTrue(rp.statesStored <= r.statesStored);
            assertEquals(ref.finals, persistent.finals, "scenario " + i + ": final states (persistent sets)");
            assertEquals(ref.violations, persistent.violations, "scenario " + i + ": violations (persistent sets)");
            persistentStates += rp.statesStored;
            plainStates += r.statesStored;

            Finals reduced = new Finals(true);
            ExplorationResult rr = new StatefulExplorer().explore(new TcxSimulation(c), ALL, reduced);
            assertTrue(rr.statesStored <= r.statesStored);
            assertEquals(ref.finalsSymmetric, reduced.finals, "scenario " + i + ": final states (symmetric)");
            assertEquals(ref.violations, reduced.violations, "scenario " + i + ": violations (reduced)");
        }
        assertTrue(checked >= 50, "only " + checked + " scenarios");
        assertTrue(persistentStates < plainStates * 9 / 10, "persistent sets stored " + persistentStates
                + " states of " + plainStates + ": they hardly reduce");
    }

    /**
     * The canonical form itself: over the graph of complete saved states (nothing dropped, no symmetry), every two
     * states with one canonical form (with symmetry) must have the same future: the same invariants broken on some
     * path from them, final checks included. Dropping a field a later check reads merges states whose futures
     * differ, and this fails.
     */
    @Test
    void statesWithOneCanonicalFormHaveOneFuture() {
        SplittableRandom rnd = new SplittableRandom(4242);
        int checked = 0;
        long merged = 0;
        long withViolations = 0;
        for (int i = 0; checked < 200 && i < 2000; i++) {
            // Every fourth scenario runs qdisc ops: their state must be in the canonical form as far as it matters.
            SimConfig c = i % 4 == 3 ? RandomScenarios.qdisc(rnd, i % 3 != 0) : RandomScenarios.sized(rnd, i % 3 != 0);
            FullGraph g = new FullGraph(new TcxSimulation(c), 40_000);
            if (!g.complete) {
                continue;
            }
            checked++;
            java.util.Map<String, Long> futureOf = new java.util.HashMap<>();
            java.util.Map<String, String> firstOf = new java.util.HashMap<>();
            for (java.util.Map.Entry<String, String> e : g.canonical.entrySet()) {
                long f = g.future.get(e.getKey());
                Long before = futureOf.putIfAbsent(e.getValue(), f);
                if (before != null) {
                    merged++;
                    assertEquals(Invariant.names(before), Invariant.names(f), "scenario " + i
                            + ": two states with one canonical form have different futures\n"
                            + firstOf.get(e.getValue()) + "\n" + e.getKey());
                } else {
                    firstOf.put(e.getValue(), e.getKey());
                }
                if (f != 0) {
                    withViolations++;
                }
            }
        }
        System.out.println("canonical futures: " + checked + " scenarios, " + merged + " merged states, "
                + withViolations + " states with a violation ahead");
        assertTrue(checked >= 100, "only " + checked);
        assertTrue(merged > 100_000 && withViolations > 3_000, merged + " merged, " + withViolations);
    }

    /** Every complete saved state, its canonical form (with symmetry) and the invariants broken on its futures. */
    static final class FullGraph {
        final java.util.Map<String, String> canonical = new java.util.HashMap<>();
        final java.util.Map<String, Long> future = new java.util.HashMap<>();
        boolean complete = true;
        private final TcxSimulation sim;
        private final int max;

        FullGraph(TcxSimulation sim, int max) {
            this.sim = sim;
            this.max = max;
            sim.reset();
            int[] s = new int[sim.maxStateInts()];
            int len = sim.saveState(s, 0);
            visit(Arrays.copyOf(s, len));
        }

        private long visit(int[] state) {
            String key = Arrays.toString(state);
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
            canonical.put(key, canonicalKey(sim, true));
            long f = sim.allViolations();
            int n = sim.processes();
            boolean any = false;
            int[] buf = new int[sim.maxStateInts()];
            for (int q = 0; q < n; q++) {
                sim.restoreState(state, 0);
                if (sim.status(q) != Program.ENABLED) {
                    continue;
                }
                any = true;
                sim.step(q);
                int len = sim.saveState(buf, 0);
                f |= visit(Arrays.copyOf(buf, len));
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

    /** A uniformly chosen enabled process, or -1 when none is. */
    static int pickEnabled(TcxSimulation sim, SplittableRandom rnd) {
        int n = sim.processes();
        int count = 0;
        for (int p = 0; p < n; p++) {
            if (sim.status(p) == Program.ENABLED) {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        int pick = rnd.nextInt(count);
        for (int p = 0; p < n; p++) {
            if (sim.status(p) == Program.ENABLED && pick-- == 0) {
                return p;
            }
        }
        return -1;
    }

    static String statuses(TcxSimulation sim) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < sim.processes(); p++) {
            sb.append(sim.status(p));
        }
        return sb.toString();
    }

    static String canonicalKey(TcxSimulation sim, boolean symmetry) {
        int[] canon = new int[sim.maxStateInts()];
        int[] perm = new int[sim.processes()];
        int len = sim.canonicalState(canon, 0, symmetry, perm);
        return Arrays.toString(Arrays.copyOf(canon, len));
    }

    /** Every canonical state reachable by any enabled step, breadth-first, exact, no reduction. */
    static final class Reference {
        final Set<String> states = new HashSet<>();
        final Set<String> finals = new HashSet<>();
        final Set<String> finalsSymmetric = new HashSet<>();
        long violations;

        static Reference of(TcxSimulation sim, int maxStates) {
            Reference ref = new Reference();
            int n = sim.processes();
            sim.reset();
            int[] init = new int[sim.maxStateInts()];
            sim.saveState(init, 0);
            ArrayDeque<int[]> queue = new ArrayDeque<>();
            ref.states.add(canonicalKey(sim, false));
            queue.add(init);
            while (!queue.isEmpty()) {
                int[] s = queue.poll();
                sim.restoreState(s, 0);
                boolean any = false;
                for (int q = 0; q < n; q++) {
                    any |= sim.status(q) == Program.ENABLED;
                }
                if (!any) {
                    sim.finish();
                    ref.violations |= sim.allViolations();
                    ref.finals.add(canonicalKey(sim, false));
                    ref.finalsSymmetric.add(canonicalKey(sim, true));
                    continue;
                }
                for (int q = 0; q < n; q++) {
                    sim.restoreState(s, 0);
                    if (sim.status(q) != Program.ENABLED) {
                        continue;
                    }
                    sim.step(q);
                    if (ref.states.add(canonicalKey(sim, false))) {
                        if (ref.states.size() > maxStates) {
                            return null;
                        }
                        int[] t = new int[sim.maxStateInts()];
                        sim.saveState(t, 0);
                        queue.add(t);
                    }
                }
            }
            return ref;
        }
    }

    /** Final states as canonical forms (taken before the final checks, as the search stores them). */
    static final class Finals implements ExecutionListener {
        final boolean symmetry;
        final Set<String> finals = new HashSet<>();
        long violations;

        Finals(boolean symmetry) {
            this.symmetry = symmetry;
        }

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                TcxSimulation sim = (TcxSimulation) program;
                this.violations |= sim.allViolations();
                finals.add(canonicalKey(sim, symmetry));
            }
        }
    }

    /** The outcomes and violations of maximal executions. */
    static final class Outcomes implements ExecutionListener {
        final Set<String> seen = new HashSet<>();
        long violations;

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                seen.add(program.outcome());
                this.violations |= ((TcxSimulation) program).allViolations();
            }
        }
    }
}
