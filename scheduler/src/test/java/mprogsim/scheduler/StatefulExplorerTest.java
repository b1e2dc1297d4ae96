package mprogsim.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.scheduler.stateful.StatefulExplorer;
import mprogsim.scheduler.stateful.StatefulExplorer.Options;
import mprogsim.scheduler.stateful.StatefulExplorer.Order;
import org.junit.jupiter.api.Test;

/**
 * The stateful search against plain DFS, DPOR and a reference breadth-first search written here (exact storage, no
 * reduction): the same verdicts and invariants, the same reachable canonical states, the same final states, the
 * shortest counterexamples, and the same results on one and two threads.
 */
class StatefulExplorerTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);
    private static final Budget STOP = new Budget(Long.MAX_VALUE, 0, true);

    /** What the reference search found. */
    static final class Reference {
        final Set<String> states = new HashSet<>();
        final Set<String> finals = new HashSet<>();
        /** The final states in canonical form with symmetry. */
        final Set<String> finalsSymmetric = new HashSet<>();
        long violations;
        /** Length of the shortest execution that ends at a violation (as DfsExplorer stops), -1 when none. */
        int shortest = -1;
        /**
         * The first of those in schedule order: breadth-first with a FIFO queue and processes tried in increasing
         * order reaches each state first by its smallest shortest schedule.
         */
        int[] shortestSchedule;
    }

    /** Breadth-first over canonical states, exact, every enabled process at every state. */
    static Reference reference(StatefulProgram p, boolean symmetry) {
        Reference ref = new Reference();
        int n = p.processes();
        int[] canon = new int[p.maxStateInts()];
        int[] perm = new int[n];
        p.reset();
        int[] init = new int[p.maxStateInts()];
        p.saveState(init, 0);
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        Map<String, Integer> depth = new HashMap<>();
        Map<String, int[]> pathTo = new HashMap<>();
        String k0 = key(p, canon, perm, symmetry);
        ref.states.add(k0);
        depth.put(k0, 0);
        pathTo.put(k0, new int[0]);
        queue.add(init);
        while (!queue.isEmpty()) {
            int[] s = queue.poll();
            p.restoreState(s, 0);
            String k = key(p, canon, perm, symmetry);
            int d = depth.get(k);
            long v = p.violations();
            boolean any = false;
            for (int q = 0; q < n; q++) {
                any |= p.status(q) == Program.ENABLED;
            }
            if (v != 0 && ref.shortest < 0) {
                ref.shortest = d;
                ref.shortestSchedule = pathTo.get(k);
            }
            if (!any) {
                long bits = v | p.finish();
                ref.violations |= bits;
                ref.finals.add(k);
                ref.finalsSymmetric.add(key(p, canon, perm, true));
                if (bits != 0 && ref.shortest < 0) {
                    ref.shortest = d;
                    ref.shortestSchedule = pathTo.get(k);
                }
                continue;
            }
            ref.violations |= v;
            for (int q = 0; q < n; q++) {
                p.restoreState(s, 0);
                if (p.status(q) != Program.ENABLED) {
                    continue;
                }
                p.step(q);
                String c = key(p, canon, perm, symmetry);
                if (ref.states.add(c)) {
                    depth.put(c, d + 1);
                    int[] path = Arrays.copyOf(pathTo.get(k), d + 1);
                    path[d] = q;
                    pathTo.put(c, path);
                    int[] t = new int[p.maxStateInts()];
                    p.saveState(t, 0);
                    queue.add(t);
                }
            }
        }
        return ref;
    }

    private static String key(StatefulProgram p, int[] canon, int[] perm, boolean symmetry) {
        int len = p.canonicalState(canon, 0, symmetry, perm);
        return Arrays.toString(Arrays.copyOf(canon, len));
    }

    /** Collects the canonical final states the explorer reports. */
    static final class Finals implements ExecutionListener {
        final boolean symmetry;
        final Set<String> finals = new HashSet<>();
        int duplicates;

        Finals(boolean symmetry) {
            this.symmetry = symmetry;
        }

        @Override
        public synchronized void executionEnded(Program program, int[] schedule, int length, long violations,
                                                boolean maximal) {
            if (maximal) {
                StatefulProgram sp = (StatefulProgram) program;
                if (!finals.add(key(sp, new int[sp.maxStateInts()], new int[sp.processes()], symmetry))) {
                    duplicates++;
                }
            }
        }
    }

    private static ToyProgram corpusProgram(SplittableRandom rnd) {
        return DporSoundnessTest.draw(rnd, r -> switch (r.nextInt(5)) {
            case 0 -> ToyProgram.lockHeavy(r, 2 + r.nextInt(2), 5, 2);
            case 1 -> ToyProgram.signalHeavy(r, 2 + r.nextInt(3), 4, 2);
            case 2 -> ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 3);
            case 3 -> r.nextInt(4) == 3 ? ToyProgram.random(r, 4 + r.nextInt(2), 2, 3)
                    : ToyProgram.random(r, 2 + r.nextInt(2), 4, 3);
            default -> ToyProgram.regionHeavy(r, 2 + r.nextInt(3), 4, 2 + r.nextInt(2));
        });
    }

    private static long union(DporSoundnessTest.Observed o) {
        long u = 0;
        for (long v : o.violations) {
            u |= v;
        }
        return u;
    }

    /** Replays a schedule as DfsExplorer runs it when stopping at violations; returns the bits it ends with. */
    private static long replay(Program p, int[] schedule, String where) {
        p.reset();
        for (int i = 0; i < schedule.length; i++) {
            assertEquals(0, p.violations(), where + ": the schedule goes on after a violation at step " + i);
            assertEquals(Program.ENABLED, p.status(schedule[i]), where + ": step " + i);
            p.step(schedule[i]);
        }
        long v = p.violations();
        if (v == 0) {
            boolean any = false;
            for (int q = 0; q < p.processes(); q++) {
                any |= p.status(q) == Program.ENABLED;
            }
            assertFalse(any, where + ": the schedule ends where a process can still move and nothing is violated");
            v = p.finish();
        }
        return v;
    }

    @Test
    void theToyCorpusGivesTheVerdictsAndInvariantsOfDfsAndDpor() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int violating = 0;
        long dfsExecutions = 0;
        long stored = 0;
        long transitions = 0;
        for (int i = 0; i < 1100; i++) {
            ToyProgram p = corpusProgram(rnd);
            String where = "program " + i + " " + p;
            DporSoundnessTest.Observed dfs = new DporSoundnessTest.Observed();
            new DfsExplorer().explore(p, ALL, dfs);
            DporSoundnessTest.Observed dpor = new DporSoundnessTest.Observed();
            new DporExplorer().explore(p, ALL, dpor);
            ExplorationResult all = new StatefulExplorer().explore(p, ALL, ExecutionListener.NONE);
            assertTrue(all.complete, where);
            assertEquals(union(dfs), all.violationsSeen, where);
            assertEquals(union(dpor), all.violationsSeen, where);
            ExplorationResult stop = new StatefulExplorer().explore(p, STOP, ExecutionListener.NONE);
            boolean violates = union(dfs) != 0;
            assertEquals(violates, stop.violation != 0, where);
            if (violates) {
                violating++;
                assertEquals("violation", stop.stopReason, where);
                assertFalse(stop.complete, where);
                assertEquals(stop.violation, replay(p, stop.violatingSchedule, where), where);
                assertArrayEquals(reference(p, false).shortestSchedule, stop.violatingSchedule,
                        where + ": not the shortest counterexample first in schedule order");
                // The counterexample is reported whether or not the run stops there.
                assertArrayEquals(stop.violatingSchedule, all.violatingSchedule, where);
            } else {
                assertTrue(stop.complete, where);
            }
            dfsExecutions += dfs.outcomes.size();
            stored += all.statesStored;
            transitions += all.transitions;
        }
        assertTrue(violating > 200, "too few violating programs to mean anything: " + violating);
        System.out.println("stateful on the toy corpus: 1100 programs, " + violating + " violating; states stored "
                + stored + ", transitions " + transitions);
    }

    @Test
    void withoutReductionOrSymmetryItStoresExactlyTheReachableCanonicalStates() {
        SplittableRandom rnd = new SplittableRandom(77);
        for (int i = 0; i < 300; i++) {
            ToyProgram p = corpusProgram(rnd);
            String where = "program " + i + " " + p;
            Reference ref = reference(p, false);
            for (boolean sleep : new boolean[] {false, true}) {
                Finals finals = new Finals(false);
                Options o = Options.defaults().withSymmetry(false).withExact(true).withSleepSets(sleep);
                ExplorationResult r = new StatefulExplorer(o).explore(p, ALL, finals);
                // It only stores states it reached by stepping, so equal counts mean equal sets.
                assertEquals(ref.states.size(), r.statesStored, where + " sleep sets " + sleep);
                assertEquals(ref.finals, finals.finals, where);
                assertEquals(0, finals.duplicates, where);
                assertEquals(ref.violations, r.violationsSeen, where);
                assertEquals(ref.finals.size(), r.executions, where);
                assertEquals(0.0, r.collisionProbability, where);
            }
            Finals bfsFinals = new Finals(false);
            ExplorationResult bfs = new StatefulExplorer(Options.defaults().withSymmetry(false).withExact(true)
                    .withOrder(Order.BFS)).explore(p, ALL, bfsFinals);
            assertEquals(ref.states.size(), bfs.statesStored, where + " breadth-first");
            assertEquals(ref.finals, bfsFinals.finals, where + " breadth-first");
        }
    }

    private static ToyProgram symmetricProgram(SplittableRandom rnd) {
        // Clones of one or two random processes, anonymous so that clones are interchangeable.
        while (true) {
            ToyProgram base = switch (rnd.nextInt(3)) {
                case 0 -> ToyProgram.lockHeavy(rnd, 2, 4, 2);
                case 1 -> ToyProgram.signalHeavy(rnd, 2, 3, 2);
                default -> ToyProgram.regionHeavy(rnd, 2, 3, 2);
            };
            int copies = 2 + rnd.nextInt(2);
            int[][] kind = new int[copies + 1][];
            int[][] arg = new int[copies + 1][];
            for (int c = 0; c < copies; c++) {
                kind[c] = base.kind[0];
                arg[c] = base.arg[0];
            }
            kind[copies] = base.kind[1];
            arg[copies] = base.arg[1];
            ToyProgram p = new ToyProgram(kind, arg, base.vars, base.flags, true);
            if (p.interleavingBound() <= 200_000) {
                return p;
            }
        }
    }

    @Test
    void symmetryAndSleepSetsKeepTheFinalStatesAndViolations() {
        SplittableRandom rnd = new SplittableRandom(31);
        long plain = 0;
        long reduced = 0;
        for (int i = 0; i < 200; i++) {
            ToyProgram p = symmetricProgram(rnd);
            String where = "program " + i + " " + p;
            Reference full = reference(p, false);
            Reference quotient = reference(p, true);
            Finals finals = new Finals(true);
            ExplorationResult r = new StatefulExplorer(Options.defaults().withExact(true)).explore(p, ALL, finals);
            assertTrue(r.complete, where);
            assertEquals(quotient.states.size(), r.statesStored, where);
            assertEquals(quotient.finals, finals.finals, where);
            assertEquals(full.violations, r.violationsSeen, where);
            // The final states up to symmetry are those of the full search, put in canonical order.
            assertEquals(full.finalsSymmetric, finals.finals, where);
            ExplorationResult stop = new StatefulExplorer().explore(p, STOP, ExecutionListener.NONE);
            assertEquals(full.violations != 0, stop.violation != 0, where);
            if (stop.violation != 0) {
                assertEquals(stop.violation, replay(p, stop.violatingSchedule, where), where);
                assertEquals(full.shortest, stop.violatingSchedule.length, where);
            }
            plain += full.states.size();
            reduced += r.statesStored;
        }
        assertTrue(reduced < plain, "symmetry merged nothing");
        System.out.println("symmetry: " + plain + " states without, " + reduced + " with");
    }

    @Test
    void symmetryMergesIdenticalIncrementersAndStillFindsTheLostUpdate() {
        LostUpdateProgram p = new LostUpdateProgram(4, 2);
        Reference full = reference(p, false);
        Reference quotient = reference(p, true);
        ExplorationResult with = new StatefulExplorer().explore(p, STOP, ExecutionListener.NONE);
        ExplorationResult all = new StatefulExplorer(Options.defaults().withExact(true)).explore(p, ALL,
                ExecutionListener.NONE);
        ExplorationResult without = new StatefulExplorer(Options.defaults().withSymmetry(false).withExact(true))
                .explore(p, ALL, ExecutionListener.NONE);
        assertEquals(quotient.states.size(), all.statesStored);
        assertEquals(full.states.size(), without.statesStored);
        assertTrue(all.statesStored * 4 < without.statesStored, all.statesStored + " vs " + without.statesStored);
        assertEquals(LostUpdateProgram.LOST_UPDATE, with.violation);
        assertEquals(LostUpdateProgram.LOST_UPDATE, replay(p, with.violatingSchedule, "lost update"));
        assertEquals(full.shortest, with.violatingSchedule.length);
    }

    @Test
    void withoutTheShortestSearchTheDepthFirstCounterexampleStillReplays() {
        LostUpdateProgram p = new LostUpdateProgram(4, 2);
        Reference full = reference(p, false);
        ExplorationResult r = new StatefulExplorer(Options.defaults().withShortestCounterexample(false))
                .explore(p, STOP, ExecutionListener.NONE);
        assertEquals(LostUpdateProgram.LOST_UPDATE, r.violation);
        assertEquals(LostUpdateProgram.LOST_UPDATE, replay(p, r.violatingSchedule, "first found"));
        assertTrue(r.violatingSchedule.length >= full.shortest);
        // The same depth-first search on one thread, without the second, breadth-first one.
        ExplorationResult shortest = new StatefulExplorer().explore(p, STOP, ExecutionListener.NONE);
        assertEquals(r.statesStored, shortest.statesStored);
        assertTrue(r.transitions < shortest.transitions, r.transitions + " vs " + shortest.transitions);
        assertEquals(full.shortest, shortest.violatingSchedule.length);
    }

    @Test
    void aSixteenBitFingerprintLosesStatesAndSaysACollisionWasPossible() {
        LostUpdateProgram p = new LostUpdateProgram(6, 3);
        ExplorationResult exact = new StatefulExplorer(Options.defaults().withSymmetry(false).withExact(true))
                .explore(p, ALL, ExecutionListener.NONE);
        ExplorationResult wide = new StatefulExplorer(Options.defaults().withSymmetry(false))
                .explore(p, ALL, ExecutionListener.NONE);
        ExplorationResult tiny = new StatefulExplorer(Options.defaults().withSymmetry(false)
                .withFingerprintBits(16)).explore(p, ALL, ExecutionListener.NONE);
        assertTrue(exact.statesStored > 100_000, "too few states to need a collision: " + exact.statesStored);
        assertEquals(exact.statesStored, wide.statesStored);
        assertTrue(wide.collisionProbability < 1e-6, "64 bits: " + wide.collisionProbability);
        assertEquals(64, wide.fingerprintBits);
        assertTrue(tiny.statesStored < exact.statesStored, "16 bits stored " + tiny.statesStored);
        assertEquals(16, tiny.fingerprintBits);
        assertTrue(tiny.collisionProbability > 0.5, "16 bits: " + tiny.collisionProbability);
        assertEquals(0, exact.fingerprintBits);
        assertEquals(0.0, exact.collisionProbability);
    }

    private static String verdict(ExplorationResult r) {
        return "complete=" + r.complete + " stop=" + r.stopReason + " violation=" + r.violation + " seen="
                + r.violationsSeen + " schedule=" + r.violatingScheduleText()
                + (r.stopOnViolation ? "" : " finals=" + r.executions);
    }

    @Test
    void oneAndTwoThreadsGiveTheSameVerdictInvariantsCounterexampleAndStates() {
        SplittableRandom rnd = new SplittableRandom(5);
        int violating = 0;
        for (int i = 0; i < 150; i++) {
            ToyProgram p = i % 3 == 0 ? symmetricProgram(rnd) : corpusProgram(rnd);
            String where = "program " + i + " " + p;
            for (Budget b : List.of(ALL, STOP)) {
                for (Order order : Order.values()) {
                    Options o = Options.defaults().withExact(true).withOrder(order);
                    ExplorationResult one = new StatefulExplorer(o).explore(p::copy, b, RunOptions.threads(1),
                            ExecutionListener.NONE);
                    ExplorationResult two = new StatefulExplorer(o).explore(p::copy, b, RunOptions.threads(2),
                            ExecutionListener.NONE);
                    assertEquals(verdict(one), verdict(two), where + " " + order + " stop " + b.stopOnViolation());
                    if (b == ALL) {
                        assertEquals(one.statesStored, two.statesStored, where + " " + order);
                    }
                    violating += one.violation != 0 ? 1 : 0;
                }
            }
        }
        assertTrue(violating > 50, "too few violations to compare counterexamples: " + violating);
    }

    @Test
    void twoThreadsShareTheWorkOfABigSearch() {
        // Big enough that the second worker goes hungry and takes donated frames many times.
        LostUpdateProgram p = new LostUpdateProgram(6, 2);
        Options o = Options.defaults().withSymmetry(false);
        ExplorationResult one = new StatefulExplorer(o).explore(() -> new LostUpdateProgram(6, 2), ALL,
                RunOptions.threads(1), ExecutionListener.NONE);
        assertEquals(reference(p, false).states.size(), one.statesStored);
        // Sleep sets shared between the workers prune transitions, never states: every run of 2, 3 and 8 workers
        // stores them all (repeated, since which worker meets a state first, and with which sleep set, is timing).
        for (int threads : new int[] {2, 3, 8}) {
            for (int rep = 0; rep < 3; rep++) {
                ExplorationResult more = new StatefulExplorer(o).explore(() -> new LostUpdateProgram(6, 2), ALL,
                        RunOptions.threads(threads), ExecutionListener.NONE);
                assertEquals(one.statesStored, more.statesStored, threads + " threads, run " + (rep + 1));
                assertEquals(verdict(one), verdict(more), threads + " threads, run " + (rep + 1));
            }
        }
    }

    @Test
    void shardsSplitTheTopOfTheTreeAndMergeIntoTheVerdict() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 60; i++) {
            ToyProgram p = corpusProgram(rnd);
            String where = "program " + i + " " + p;
            Options o = Options.defaults().withExact(true).withSymmetry(false);
            ExplorationResult whole = new StatefulExplorer(o).explore(p, ALL, ExecutionListener.NONE);
            for (int shards = 2; shards <= 3; shards++) {
                List<ExplorationResult> parts = new ArrayList<>();
                Set<String> finals = new HashSet<>();
                for (int s = 0; s < shards; s++) {
                    Finals f = new Finals(false);
                    ExplorationResult part = new StatefulExplorer(o.withShard(s, shards)).explore(p, ALL, f);
                    finals.addAll(f.finals);
                    parts.add(ExplorationResult.parse(part.toText()));
                }
                ExplorationResult merged = ExplorationResult.merge(parts);
                assertTrue(merged.complete, where + " " + shards + " shards");
                assertEquals(whole.violationsSeen, merged.violationsSeen, where);
                assertTrue(merged.statesStored >= whole.statesStored, where);
                assertEquals(reference(p, false).finals, finals, where);
            }
            ExplorationResult first = new StatefulExplorer(o.withShard(0, 2)).explore(p, STOP,
                    ExecutionListener.NONE);
            ExplorationResult second = new StatefulExplorer(o.withShard(1, 2)).explore(p, STOP,
                    ExecutionListener.NONE);
            ExplorationResult merged = ExplorationResult.merge(List.of(ExplorationResult.parse(second.toText()),
                    ExplorationResult.parse(first.toText())));
            assertEquals(whole.violationsSeen != 0, merged.violation != 0, where);
            if (merged.violation != 0) {
                assertEquals(merged.violation, replay(p, merged.violatingSchedule, where), where);
                // The unsplit run's counterexample: the shortest, the first in schedule order.
                ExplorationResult unsplit = new StatefulExplorer(o).explore(p, STOP, ExecutionListener.NONE);
                assertArrayEquals(unsplit.violatingSchedule, merged.violatingSchedule, where);
            }
        }
    }

    @Test
    void aStateLimitStopsTheSearchAndItIsNotAPass() {
        LostUpdateProgram p = new LostUpdateProgram(6, 3);
        ExplorationResult r = new StatefulExplorer(Options.defaults().withSymmetry(false).withMaxStates(5000))
                .explore(p, ALL, ExecutionListener.NONE);
        assertFalse(r.complete);
        assertEquals("state limit", r.stopReason);
        assertNotNull(r.units);
    }

    @Test
    void progressShowsStatesTransitionsAndDepth() {
        LostUpdateProgram p = new LostUpdateProgram(5, 3);
        List<mprogsim.scheduler.stateful.StatefulProgress> seen = new ArrayList<>();
        ExplorationResult r = new StatefulExplorer(Options.defaults().withSymmetry(false)
                .withProgress(pr -> seen.add(pr), 0)).explore(p, ALL, ExecutionListener.NONE);
        assertTrue(seen.stream().anyMatch(pr -> pr.phase().equals("dfs")), seen.toString());
        for (var pr : seen) {
            assertTrue(pr.statesStored() <= r.statesStored, pr.toString());
            assertTrue(pr.transitions() <= r.transitions, pr.toString());
            assertTrue(pr.depth() > 0 || !pr.phase().equals("dfs"), pr.toString());
        }
    }

    @Test
    void aProgramThatCannotSaveItsStateIsRefusedWithAReason() {
        Program plain = new Program() {
            @Override
            public int processes() {
                return 1;
            }

            @Override
            public String processName(int p) {
                return "p";
            }

            @Override
            public void reset() {
            }

            @Override
            public int status(int p) {
                return DONE;
            }

            @Override
            public int footprint(int p, long[] out, int off) {
                return 0;
            }

            @Override
            public int maxFootprint() {
                return 1;
            }

            @Override
            public void step(int p) {
            }

            @Override
            public long violations() {
                return 0;
            }

            @Override
            public long finish() {
                return 0;
            }

            @Override
            public void continueAfterViolation(boolean on) {
            }

            @Override
            public String outcome() {
                return "";
            }

            @Override
            public String describeNextStep(int p) {
                return "";
            }

            @Override
            public String violationName(int bit) {
                return "";
            }

            @Override
            public String violationDetail() {
                return "";
            }
        };
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new StatefulExplorer().explore(plain, ALL, ExecutionListener.NONE));
        assertTrue(e.getMessage().contains("StatefulProgram"), e.getMessage());
    }
}
