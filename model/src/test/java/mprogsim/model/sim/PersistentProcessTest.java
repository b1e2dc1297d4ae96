package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;
import org.junit.jupiter.api.Test;

/**
 * {@link PersistentProcess} against its definition, on every state of random scenarios (links, teardown, qdisc ops and
 * protocol variants included): the step it names must not conflict with any step the other processes can take, in
 * any order, while its process stands still; and the two facts about writers outside the lock it relies on must hold.
 * Each check searches what the others can actually do, independently of the reasoning under test.
 */
class PersistentProcessTest {
    private static final int MAX_STATES = 6_000;
    /** States searched from each persistent state with its process standing still. */
    private static final int MAX_OTHERS = 3_000;

    @Test
    void aPersistentStepConflictsWithNothingTheOthersCanDoMeanwhile() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int checked = 0;
        long persistent = 0;
        long othersSteps = 0;
        long staleWalks = 0;
        long duringLinkRelease = 0;
        long beforeLoad = 0;
        for (int i = 0; checked < 40 && i < 400; i++) {
            SimConfig c = i % 4 == 3 ? RandomScenarios.replacedInPlace(rnd) : i % 4 == 2
                    ? RandomScenarios.qdisc(rnd, i % 2 == 0) : RandomScenarios.sized(rnd, i % 2 == 0);
            TcxSimulation sim = new TcxSimulation(c);
            List<int[]> states = allStates(sim, MAX_STATES);
            if (states == null) {
                continue;
            }
            checked++;
            long[] counts = checkEveryPersistentStep(sim, states, "scenario " + i, MAX_OTHERS);
            persistent += counts[0];
            othersSteps += counts[1];
            staleWalks += counts[2];
            duringLinkRelease += counts[3];
            beforeLoad += counts[4];
        }
        assertTrue(checked >= 30, "only " + checked + " scenarios");
        // The two cases that matter most on the reference scenarios must be among those checked.
        assertTrue(staleWalks > 20, "only " + staleWalks + " readers named walking an entry no longer published");
        assertTrue(duringLinkRelease > 20, "only " + duringLinkRelease + " readers named while a link is released");
        assertTrue(beforeLoad > 20, "only " + beforeLoad + " readers named inside, about to load the entry");
        System.out.println("persistent steps checked: " + persistent + ", of them readers walking an entry no longer"
                + " published " + staleWalks + ", readers while a link is released " + duringLinkRelease
                + ", readers about to load the entry " + beforeLoad);
        assertTrue(persistent > 1_000, "only " + persistent + " persistent states: the reduction hardly ever applies");
        assertTrue(othersSteps > 10_000, "only " + othersSteps + " steps of the others checked");
    }

    /**
     * The same check under every protocol variant on scenarios where readers keep walking the entry a writer
     * changes: the variants are what lets a writer store into an entry or release a prog a reader can still reach,
     * which is where the readers' part of the reasoning matters.
     */
    @Test
    void aPersistentStepConflictsWithNothingUnderEveryVariant() {
        SplittableRandom rnd = new SplittableRandom(31337);
        long persistent = 0;
        int checked = 0;
        for (Variant v : Variant.values()) {
            for (int k = 0; k < 2; k++) {
                SimConfig c = RandomScenarios.withVariant(k == 1 ? RandomScenarios.sized(rnd, false)
                        : RandomScenarios.sharedEntry(rnd, 1), v);
                TcxSimulation sim = new TcxSimulation(c);
                List<int[]> states = allStates(sim, 25_000);
                if (states == null) {
                    continue;
                }
                checked++;
                persistent += checkEveryPersistentStep(sim, states, v.jsonName + " scenario " + k, 200)[0];
            }
        }
        assertTrue(checked >= 3 * Variant.values().length / 2, "only " + checked + " scenarios");
        assertTrue(persistent > 1_000, "only " + persistent + " persistent states");
    }

    /**
     * Run alone from every state until its next grace period starts (or it waits for a lock someone else holds), a
     * writer drops no more references of a prog than {@link Writers#quietUntilGracePeriod} counted, whenever that
     * gave an answer: the bound a reader in the middle of its walk relies on for the prog it runs.
     */
    @Test
    void writersDropNoMoreBeforeTheirNextGracePeriodThanCounted() {
        SplittableRandom rnd = new SplittableRandom(7207);
        int checked = 0;
        long runs = 0;
        long dropsSeen = 0;
        for (int i = 0; checked < 40 && i < 400; i++) {
            SimConfig c = i % 3 == 2 ? RandomScenarios.replacedInPlace(rnd) : i % 3 == 1
                    ? RandomScenarios.detachedLink(rnd) : RandomScenarios.sized(rnd, true);
            TcxSimulation sim = new TcxSimulation(c);
            List<int[]> states = allStates(sim, MAX_STATES);
            if (states == null) {
                continue;
            }
            checked++;
            for (int[] s : states) {
                for (int q = 0; q < sim.processes(); q++) {
                    sim.restoreState(s, 0);
                    if (!sim.isWriter(q)) {
                        continue;
                    }
                    int[] bound = new int[sim.progRefcounts().length];
                    if (!sim.dropsUntilGracePeriod(q, bound)) {
                        continue;
                    }
                    runs++;
                    int[] dropped = new int[bound.length];
                    for (int steps = 0; steps < 500; steps++) {
                        if (sim.status(q) != Program.ENABLED || sim.writerStartsGracePeriod(q)) {
                            break;
                        }
                        dropsSeen += stepCountingDrops(sim, q, dropped);
                        for (int x = 1; x < bound.length; x++) {
                            if (dropped[x] > bound[x]) {
                                fail("scenario " + i + ": " + sim.processName(q) + " dropped " + dropped[x]
                                        + " references of prog " + x + " before its next grace period, "
                                        + "quietUntilGracePeriod counted " + bound[x]);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 30, "only " + checked + " scenarios");
        assertTrue(runs > 1_000, "only " + runs + " writers checked");
        assertTrue(dropsSeen > 100, "only " + dropsSeen + " references dropped");
        System.out.println("drops before a grace period: " + runs + " writer runs, " + dropsSeen + " drops");
    }

    /**
     * A writer that does not hold the lock while another process does touches only {@link Loc#lockFreeWriterKind}
     * locations until it waits for the lock, and drops no more references of a prog than
     * {@link Writers#lockFreeDrops} says (run alone from every state, which is also every order of its steps).
     */
    @Test
    void writersOutsideTheLockTouchOnlyLockFreeStateAndDropWhatTheCountSays() {
        SplittableRandom rnd = new SplittableRandom(6061);
        int checked = 0;
        long runs = 0;
        long dropsSeen = 0;
        for (int i = 0; checked < 40 && i < 400; i++) {
            SimConfig c = i % 3 == 2 ? RandomScenarios.qdisc(rnd, i % 2 == 0) : RandomScenarios.sized(rnd, i % 2 == 0);
            TcxSimulation sim = new TcxSimulation(c);
            List<int[]> states = allStates(sim, MAX_STATES);
            if (states == null) {
                continue;
            }
            checked++;
            int n = sim.processes();
            long[] fp = new long[sim.maxFootprint()];
            for (int[] s : states) {
                for (int q = 0; q < n; q++) {
                    sim.restoreState(s, 0);
                    int holder = sim.lockHolder();
                    if (!sim.isWriter(q) || holder < 0 || holder == q) {
                        continue;
                    }
                    int[] bound = new int[sim.progRefcounts().length];
                    boolean known = sim.lockFreeDrops(q, bound);
                    int[] dropped = new int[bound.length];
                    runs++;
                    for (int steps = 0; steps < 500; steps++) {
                        if (sim.status(q) != Program.ENABLED || sim.writerWaitsForLock(q)) {
                            break;
                        }
                        int len = sim.footprint(q, fp, 0);
                        for (int k = 0; k < len; k++) {
                            int kind = Loc.kindOf(fp[k]);
                            if (!Loc.lockFreeWriterKind(kind)) {
                                fail("scenario " + i + ": " + sim.describeNextStep(q) + " runs without the lock ("
                                        + sim.processName(holder) + " holds it) and touches location kind " + kind);
                            }
                        }
                        dropsSeen += stepCountingDrops(sim, q, dropped);
                    }
                    if (known) {
                        for (int x = 1; x < bound.length; x++) {
                            if (dropped[x] > bound[x]) {
                                fail("scenario " + i + ": " + sim.processName(q) + " dropped " + dropped[x]
                                        + " references of prog " + x + " outside the lock, lockFreeDrops said "
                                        + bound[x]);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 30, "only " + checked + " scenarios");
        assertTrue(runs > 1_000, "only " + runs + " writers outside the lock");
        assertTrue(dropsSeen > 100, "only " + dropsSeen + " references dropped outside the lock");
    }

    /**
     * For every state and every process named persistent there: it can move, and nothing the others can do while
     * it stands still conflicts with its step. Returns the persistent processes and the others' steps checked.
     */
    private static long[] checkEveryPersistentStep(TcxSimulation sim, List<int[]> states, String where,
                                                   int maxOthers) {
        long[] mine = new long[sim.maxFootprint()];
        long[] counts = new long[5];
        for (int[] s : states) {
            sim.restoreState(s, 0);
            for (long m = sim.persistentProcesses(); m != 0; m &= m - 1) {
                int p = Long.numberOfTrailingZeros(m);
                counts[0]++;
                sim.restoreState(s, 0);
                if (sim.walksUnpublishedEntry(p)) {
                    counts[2]++;
                }
                if (sim.isReader(p) && sim.someWriterReleasesALink()) {
                    counts[3]++;
                }
                if (sim.loadsEntryNext(p)) {
                    counts[4]++;
                }
                assertEquals(Program.ENABLED, sim.status(p), where + ": a persistent process can move");
                int len = sim.footprint(p, mine, 0);
                counts[1] += searchOthers(sim, s, p, mine, len, where, maxOthers);
            }
        }
        return counts;
    }

    /** Steps q and adds to dropped[x] the references of each prog x it dropped; returns how many progs lost some. */
    private static int stepCountingDrops(TcxSimulation sim, int q, int[] dropped) {
        int[] before = sim.progRefcounts().clone();
        sim.step(q);
        int[] after = sim.progRefcounts();
        int progs = 0;
        for (int x = 1; x < before.length; x++) {
            if (after[x] < before[x]) {
                dropped[x] += before[x] - after[x];
                progs++;
            }
        }
        return progs;
    }

    /** Every full state reachable from the initial one, or null when there are more than {@code max}. */
    private static List<int[]> allStates(TcxSimulation sim, int max) {
        sim.reset();
        int[] buf = new int[sim.maxStateInts()];
        int len = sim.saveState(buf, 0);
        List<int[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        int[] init = Arrays.copyOf(buf, len);
        seen.add(Arrays.toString(init));
        todo.add(init);
        int n = sim.processes();
        while (!todo.isEmpty()) {
            int[] s = todo.poll();
            out.add(s);
            if (out.size() > max) {
                return null;
            }
            for (int q = 0; q < n; q++) {
                sim.restoreState(s, 0);
                if (sim.status(q) != Program.ENABLED) {
                    continue;
                }
                sim.step(q);
                int l = sim.saveState(buf, 0);
                int[] t = Arrays.copyOf(buf, l);
                if (seen.add(Arrays.toString(t))) {
                    todo.add(t);
                }
            }
        }
        return out;
    }

    /**
     * Searches the states the processes other than p reach from s, p standing still; every step taken must not
     * conflict with p's next step (the footprint contract's independence). Returns the steps checked.
     */
    private static long searchOthers(TcxSimulation sim, int[] s, int p, long[] mine, int mineLen, String where,
                                     int maxOthers) {
        int n = sim.processes();
        long[] theirs = new long[sim.maxFootprint()];
        int[] buf = new int[sim.maxStateInts()];
        Set<String> seen = new HashSet<>();
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        seen.add(Arrays.toString(s));
        todo.add(s);
        long steps = 0;
        while (!todo.isEmpty() && seen.size() < maxOthers) {
            int[] t = todo.poll();
            for (int q = 0; q < n; q++) {
                if (q == p) {
                    continue;
                }
                sim.restoreState(t, 0);
                if (sim.status(q) != Program.ENABLED) {
                    continue;
                }
                int len = sim.footprint(q, theirs, 0);
                if (Footprint.conflict(mine, 0, mineLen, theirs, 0, len)) {
                    sim.restoreState(s, 0);
                    String step = sim.describeNextStep(p);
                    sim.restoreState(t, 0);
                    fail(where + ": " + sim.processName(p) + "'s step (" + step + ") was taken as persistent, but "
                            + sim.processName(q) + " can meanwhile take a conflicting step: "
                            + sim.describeNextStep(q));
                }
                steps++;
                sim.step(q);
                int l = sim.saveState(buf, 0);
                int[] u = Arrays.copyOf(buf, l);
                if (seen.add(Arrays.toString(u))) {
                    todo.add(u);
                }
            }
        }
        return steps;
    }
}
