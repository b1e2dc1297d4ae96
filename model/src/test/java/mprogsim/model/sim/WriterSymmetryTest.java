package mprogsim.model.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.model.tcx.Variant;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import mprogsim.scheduler.stateful.StatefulExplorer;
import org.junit.jupiter.api.Test;

/**
 * Identical-writer symmetry: two or three writers with one op list and one set of expectations are put in
 * canonical order, with their spec shadow state and their grace periods. On random scenarios built around such
 * writers: the system really is symmetric (a schedule with two identical writers swapped reaches a state of the
 * same canonical form, with the same violations and the same enabled processes up to the swap); every two states
 * with one canonical form have one future; the stateful search finds the same final states (in symmetric form) and
 * violations with symmetry on and off, and stores fewer states with it.
 */
class WriterSymmetryTest {
    private static final Budget ALL = new Budget(Long.MAX_VALUE, 0, false);

    /**
     * Along random walks, the same schedule with two identical writers exchanged: the canonical form (with
     * symmetry) is the same, and so are the violations raised and, process by process up to the exchange, what is
     * enabled. Without writer symmetry the canonical forms differ wherever the two writers have done different
     * things, which the walks must reach.
     */
    @Test
    void swappingIdenticalWritersKeepsTheCanonicalForm() {
        SplittableRandom rnd = new SplittableRandom(1414);
        long compared = 0;
        long different = 0;
        for (int i = 0; i < 300; i++) {
            Scenario sc = identicalWriters(rnd, i % 2 == 1);
            if (sc.decoyPair) {
                continue;
            }
            TcxSimulation a = new TcxSimulation(sc.config);
            TcxSimulation b = new TcxSimulation(sc.config);
            // The writer side's canonical ints and order are kept across reader steps: check each reuse.
            a.verifyIncremental(true);
            b.verifyIncremental(true);
            int x = sc.writers[0];
            int y = sc.writers[1];
            // A class unless their ops create a link or the variant removes the writer lock (then the exchange is
            // still a symmetry of the steps, checked below, but the canonical form does not use it).
            boolean aClass = (a.identicalWriters() & (1L << x)) != 0;
            assertEquals(!sc.linkCreating && sc.config.variants() != Variant.NO_WRITER_LOCK.bit(), aClass,
                    "scenario " + i + ": writer class");
            for (int walk = 0; walk < 4; walk++) {
                a.reset();
                b.reset();
                while (true) {
                    compared++;
                    if (aClass) {
                        assertEquals(StatefulSimulationTest.canonicalKey(a, true),
                                StatefulSimulationTest.canonicalKey(b, true), "scenario " + i
                                        + ": swapped writers, another canonical form\n" + a.stateText() + "\n"
                                        + b.stateText());
                    }
                    if (aClass && !StatefulSimulationTest.canonicalKey(a, false)
                            .equals(StatefulSimulationTest.canonicalKey(b, false))) {
                        different++;
                    }
                    assertEquals(a.allViolations(), b.allViolations(), "scenario " + i + ": violations");
                    for (int p = 0; p < a.processes(); p++) {
                        int q = p == x ? y : p == y ? x : p;
                        assertEquals(a.status(p), b.status(q), "scenario " + i + ": status of " + p);
                    }
                    int p = StatefulSimulationTest.pickEnabled(a, rnd);
                    if (p < 0) {
                        a.finish();
                        b.finish();
                        assertEquals(a.allViolations(), b.allViolations(), "scenario " + i + ": final checks");
                        break;
                    }
                    a.step(p);
                    b.step(p == x ? y : p == y ? x : p);
                }
            }
        }
        System.out.println("writer swap: " + compared + " states compared, " + different
                + " differ without symmetry");
        assertTrue(different > compared / 10, different + " of " + compared + " swapped states differ without symmetry");
    }

    /**
     * Over the graph of complete saved states, every two states with one canonical form (with writer symmetry) have
     * the same future: the same invariants broken on some path from them, final checks included. Merging writers
     * that are not interchangeable, or a writer without its spec state, fails this.
     */
    @Test
    void statesWithOneCanonicalFormHaveOneFuture() {
        SplittableRandom rnd = new SplittableRandom(2828);
        int checked = 0;
        long merged = 0;
        long withViolations = 0;
        for (int i = 0; checked < 120 && i < 1000; i++) {
            Scenario sc = identicalWriters(rnd, i % 3 != 0);
            StatefulSimulationTest.FullGraph g = new StatefulSimulationTest.FullGraph(new TcxSimulation(sc.config),
                    40_000);
            if (!g.complete) {
                continue;
            }
            checked++;
            Map<String, Long> futureOf = new HashMap<>();
            Map<String, String> firstOf = new HashMap<>();
            for (Map.Entry<String, String> e : g.canonical.entrySet()) {
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
        System.out.println("writer symmetry futures: " + checked + " scenarios, " + merged + " merged states, "
                + withViolations + " states with a violation ahead");
        assertTrue(checked >= 100, "only " + checked);
        assertTrue(merged > 20_000 && withViolations > 1_000, merged + " merged, " + withViolations);
    }

    /**
     * The canonical form with writer symmetry is a congruence: two complete states with one canonical form step
     * to the same set of canonical forms (breadth-first over complete states).
     */
    @Test
    void theCanonicalFormIsACongruence() {
        SplittableRandom rnd = new SplittableRandom(5656);
        long pairs = 0;
        for (int i = 0; i < 80; i++) {
            Scenario sc = identicalWriters(rnd, i % 2 == 0);
            TcxSimulation sim = new TcxSimulation(sc.config);
            Map<String, int[]> representative = new HashMap<>();
            java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
            int[] buf = new int[sim.maxStateInts()];
            sim.reset();
            int[] start = Arrays.copyOf(buf, sim.saveState(buf, 0));
            representative.put(StatefulSimulationTest.canonicalKey(sim, true), start);
            queue.add(start);
            while (!queue.isEmpty() && representative.size() < 20_000) {
                int[] state = queue.poll();
                for (int q = 0; q < sim.processes(); q++) {
                    sim.restoreState(state, 0);
                    if (sim.status(q) != Program.ENABLED) {
                        continue;
                    }
                    sim.step(q);
                    int[] full = Arrays.copyOf(buf, sim.saveState(buf, 0));
                    int[] first = representative.putIfAbsent(StatefulSimulationTest.canonicalKey(sim, true), full);
                    if (first == null) {
                        queue.add(full);
                    } else if (!Arrays.equals(first, full)) {
                        pairs++;
                        assertEquals(successors(sim, first), successors(sim, full), "scenario " + i
                                + ": two states with one canonical form step to different canonical forms");
                    }
                }
            }
        }
        System.out.println("writer symmetry congruence: " + pairs + " second representatives");
        assertTrue(pairs > 20_000, "only " + pairs + " second representatives compared");
    }

    private static Set<String> successors(TcxSimulation sim, int[] state) {
        Set<String> out = new HashSet<>();
        for (int q = 0; q < sim.processes(); q++) {
            sim.restoreState(state, 0);
            if (sim.status(q) == Program.ENABLED) {
                sim.step(q);
                out.add(StatefulSimulationTest.canonicalKey(sim, true));
            }
        }
        return out;
    }

    /**
     * The stateful search with symmetry on and off (exact storage): the same final states in symmetric form and
     * the same violations as every reachable state (plain breadth-first search), with sleep and persistent sets and
     * without; with symmetry, never more states stored (without sleep and persistent sets) than without it or with
     * reader symmetry alone, and far fewer in all than with reader symmetry alone.
     */
    @Test
    void symmetryKeepsFinalStatesAndViolationsAndMergesStates() {
        SplittableRandom rnd = new SplittableRandom(7070);
        int checked = 0;
        long withSymmetry = 0;
        long without = 0;
        long withReaderSymmetryOnly = 0;
        for (int i = 0; checked < 60 && i < 400; i++) {
            Scenario sc = identicalWriters(rnd, i % 2 == 1);
            StatefulSimulationTest.Reference ref = StatefulSimulationTest.Reference.of(new TcxSimulation(sc.config),
                    200_000);
            if (ref == null) {
                continue;
            }
            checked++;
            StatefulExplorer.Options plain = StatefulExplorer.Options.defaults().withSleepSets(false)
                    .withPersistentSets(false).withExact(true);
            StatefulSimulationTest.Finals off = new StatefulSimulationTest.Finals(false);
            ExplorationResult r0 = new StatefulExplorer(plain.withSymmetry(false)).explore(
                    new TcxSimulation(sc.config), ALL, off);
            assertEquals(ref.states.size(), r0.statesStored, "scenario " + i + ": states stored without symmetry");
            assertEquals(ref.finals, off.finals, "scenario " + i + ": final states without symmetry");
            assertEquals(ref.violations, off.violations, "scenario " + i + ": violations without symmetry");

            StatefulSimulationTest.Finals on = new StatefulSimulationTest.Finals(true);
            TcxSimulation verified = new TcxSimulation(sc.config);
            verified.verifyIncremental(true);
            ExplorationResult r1 = new StatefulExplorer(plain).explore(verified, ALL, on);
            assertTrue(r1.statesStored <= r0.statesStored, "scenario " + i + ": symmetry stored more states");
            assertEquals(ref.finalsSymmetric, on.finals, "scenario " + i + ": final states with symmetry");
            assertEquals(ref.violations, on.violations, "scenario " + i + ": violations with symmetry");
            withSymmetry += r1.statesStored;
            without += r0.statesStored;

            TcxSimulation readersOnly = new TcxSimulation(sc.config);
            readersOnly.writerSymmetry(false);
            ExplorationResult r2 = new StatefulExplorer(plain).explore(readersOnly, ALL,
                    new StatefulSimulationTest.Finals(true));
            assertTrue(r1.statesStored <= r2.statesStored, "scenario " + i + ": writer symmetry stored more states");
            withReaderSymmetryOnly += r2.statesStored;

            StatefulSimulationTest.Finals reduced = new StatefulSimulationTest.Finals(true);
            ExplorationResult rr = new StatefulExplorer(StatefulExplorer.Options.defaults().withExact(true))
                    .explore(new TcxSimulation(sc.config), ALL, reduced);
            assertEquals(ref.finalsSymmetric, reduced.finals, "scenario " + i + ": final states (defaults)");
            assertEquals(ref.violations, reduced.violations, "scenario " + i + ": violations (defaults)");
            assertEquals(ref.violations != 0, rr.violation != 0, "scenario " + i + ": verdict");
        }
        System.out.println("writer symmetry: " + checked + " scenarios, states stored without symmetry " + without
                + ", with reader symmetry only " + withReaderSymmetryOnly + ", with reader and writer symmetry "
                + withSymmetry);
        assertTrue(checked >= 50, "only " + checked + " scenarios");
        assertTrue(withSymmetry * 10 < withReaderSymmetryOnly * 8, "writer symmetry stored " + withSymmetry
                + " states of " + withReaderSymmetryOnly);
    }

    /**
     * A scenario and the process numbers of its copies of one writer; {@code linkCreating}: their ops create a link
     * (no class, though the system is symmetric under swapping them); {@code decoyPair}: the first two differ.
     */
    record Scenario(SimConfig config, int[] writers, boolean linkCreating, boolean decoyPair) {
    }

    /**
     * Two or three writers with one op list (attach, detach, replace, query, close; one expectation sometimes, the
     * same for each), sometimes a different writer beside them, one or two readers, max_progs 2 or 3, a variant
     * sometimes. One scenario in eight has identical writers that create a link of one name (never a class); one
     * in four of the others a decoy that differs from the other copies in one expectation or one prog.
     */
    static Scenario identicalWriters(SplittableRandom rnd, boolean withVariants) {
        int progs = 3;
        int[] types = new int[progs + 1];
        Arrays.fill(types, 1, progs + 1, TcxState.TYPE_SCHED_CLS);
        String[] names = {null, "p1", "p2", "p3"};
        int maxProgs = 2 + rnd.nextInt(2);
        int initialCount = rnd.nextInt(maxProgs + 1);
        int[] ingress = new int[initialCount];
        for (int i = 0; i < initialCount; i++) {
            ingress[i] = i + 1;
        }
        boolean linkCreating = rnd.nextInt(8) == 0;
        int copies = rnd.nextInt(4) == 0 ? 3 : 2;
        int k = copies == 3 || linkCreating ? 1 : 1 + rnd.nextInt(2);
        TcxOp[] ops = new TcxOp[k];
        OpExpectation[] expects = new OpExpectation[k];
        for (int i = 0; i < k; i++) {
            int p = 1 + rnd.nextInt(progs);
            int q = 1 + rnd.nextInt(progs);
            ops[i] = linkCreating ? TcxOp.linkCreate(TcxState.INGRESS, 0, p, 0, 0, 0) : switch (rnd.nextInt(7)) {
                case 0, 1 -> TcxOp.attach(TcxState.INGRESS, p, rnd.nextBoolean() ? 0 : MprogFlags.BEFORE,
                        rnd.nextBoolean() ? 0 : TcxState.progRef(q), 0, 0);
                case 2 -> TcxOp.detach(TcxState.INGRESS, p, 0, 0, 0);
                case 3 -> TcxOp.detach(TcxState.INGRESS, 0, MprogFlags.AFTER, 0, 0);
                case 4 -> TcxOp.attach(TcxState.INGRESS, p, MprogFlags.REPLACE, 0, q, 0);
                case 5 -> TcxOp.query(TcxState.INGRESS, 4, 0);
                default -> TcxOp.closeProg(p);
            };
            if (rnd.nextInt(3) == 0) {
                expects[i] = new OpExpectation(0, null, null, null, null);
            }
        }
        List<SimThread> threads = new ArrayList<>();
        int[] writers = new int[copies];
        // A decoy: the last copy differs in one expectation or in the prog of one op, so it is no class with the
        // others (a class rule that looks at less would merge states with different futures).
        boolean decoy = !linkCreating && rnd.nextInt(4) == 0;
        for (int w = 0; w < copies; w++) {
            writers[w] = threads.size();
            String[] labels = new String[k];
            Arrays.fill(labels, "w" + (w + 1) + " op");
            TcxOp[] mine = ops.clone();
            OpExpectation[] myExpects = expects.clone();
            if (decoy && w == copies - 1) {
                int i = rnd.nextInt(k);
                if (rnd.nextBoolean()) {
                    myExpects[i] = myExpects[i] == null ? new OpExpectation(0, null, null, null, null) : null;
                } else {
                    mine[i] = otherProg(mine[i], 1 + (rnd.nextInt(progs - 1) + mine[i].prog) % progs);
                }
            }
            threads.add(SimThread.writer("w" + (w + 1), mine, myExpects, labels));
        }
        if (copies == 2 && rnd.nextInt(3) == 0) {
            TcxOp other = rnd.nextBoolean() ? TcxOp.closeProg(1 + rnd.nextInt(progs))
                    : TcxOp.detach(TcxState.INGRESS, 1 + rnd.nextInt(progs), 0, 0, 0);
            threads.add(SimThread.writer("x1", new TcxOp[] {other}, new OpExpectation[1], new String[] {"op"}));
        }
        int readers = copies == 3 || k == 2 ? 1 : 1 + rnd.nextInt(2);
        for (int r = 0; r < readers; r++) {
            threads.add(SimThread.reader("r" + (r + 1), TcxState.INGRESS, 1));
        }
        int variants = 0;
        if (withVariants && rnd.nextBoolean()) {
            Variant[] vs = Variant.sequentiallyVisible();
            variants = vs[rnd.nextInt(vs.length)].bit();
        }
        SimConfig c = new SimConfig(maxProgs, types, names, new String[] {"l0"}, new int[][] {ingress, new int[0]},
                threads, variants, rnd.nextBoolean(), rnd.nextInt(4) == 0);
        return new Scenario(c, writers, linkCreating, decoy && copies == 2);
    }

    /** The op with another prog (a query, which names none, becomes a detach of that prog). */
    private static TcxOp otherProg(TcxOp op, int prog) {
        return switch (op.kind) {
            case ATTACH -> TcxOp.attach(op.hook, prog, op.flags, op.relative, op.replace, op.expectedRevision);
            case CLOSE_PROG -> TcxOp.closeProg(prog);
            default -> TcxOp.detach(TcxState.INGRESS, prog, 0, 0, 0);
        };
    }
}
