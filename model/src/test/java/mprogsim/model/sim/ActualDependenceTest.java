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
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.DporExplorer;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.Program;
import org.junit.jupiter.api.Test;

/**
 * DPOR's executions counted against traces whose dependence is recomputed from what the steps actually do, not from
 * the footprints the simulator declares. Plain DFS lists every interleaving; two adjacent steps of different
 * processes are independent where both orders can run and reach the same state (every owner's execution state,
 * {@link TcxSimulation#stateText}); interleavings joined by such swaps form one trace. DPOR must reach every such
 * trace, and no interleaving twice: a footprint that misses an access the step makes loses traces.
 *
 * <p>Reaching a trace more than once is counted, not failed: this dependence is judged state by state, while
 * footprints are a relation between steps that holds in every state. A publish and a reader's rcu_read_unlock, for
 * one, are ordered by the hook's version because the order decides torn_snapshot in some states; where the reader
 * saw a list that both orders accept, they commute here, and the two executions DPOR runs are one trace.
 */
class ActualDependenceTest {
    private static final Budget ALL = new Budget(2_000_000, 0, false);

    @Test
    void dporReachesEveryTraceOfTheActualDependence() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int checked = 0;
        long traces = 0;
        long interleavings = 0;
        long again = 0;
        int qdiscChecked = 0;
        for (int i = 0; checked < 30 && i < 300; i++) {
            // Every third scenario runs qdisc ops as RTNL writers.
            SimConfig c = i % 3 == 2 ? RandomScenarios.qdiscTiny(rnd, i % 2 == 1)
                    : RandomScenarios.small(rnd, i % 2 == 1);
            TcxSimulation sim = new TcxSimulation(c);
            Schedules dfs = new Schedules();
            ExplorationResult rd = new DfsExplorer().explore(sim, new Budget(3_000, 0, false), dfs);
            if (!rd.complete) {
                continue;
            }
            checked++;
            qdiscChecked += i % 3 == 2 ? 1 : 0;
            int[] trace = actualTraces(sim, dfs.all);
            int count = 0;
            for (int k = 0; k < trace.length; k++) {
                if (trace[k] == k) {
                    count++;
                }
            }
            Schedules dpor = new Schedules();
            ExplorationResult rp = new DporExplorer().explore(sim, ALL, dpor);
            assertTrue(rp.complete);
            Set<Integer> reached = new HashSet<>();
            Set<Integer> ran = new HashSet<>();
            for (int[] s : dpor.all) {
                Integer k = dfs.index.get(Arrays.toString(s));
                assertTrue(k != null, "scenario " + i + ": DPOR ran an interleaving plain DFS does not know");
                assertTrue(ran.add(k), "scenario " + i + ": DPOR runs " + Arrays.toString(s) + " twice");
                if (!reached.add(trace[k])) {
                    again++;
                }
            }
            if (count != reached.size()) {
                for (int k = 0; k < trace.length; k++) {
                    if (trace[k] == k && !reached.contains(k)) {
                        assertEquals(count, reached.size(), "scenario " + i + ": DPOR misses " + (count
                                - reached.size()) + " of " + count + " traces of the actual dependence, such as"
                                + steps(sim, dfs.all.get(k)));
                    }
                }
            }
            traces += count;
            interleavings += dfs.all.size();
        }
        System.out.println("actual dependence: " + checked + " scenarios, " + interleavings + " interleavings, "
                + traces + " traces, all reached by DPOR, " + again + " of them more than once (an order the "
                + "footprints keep that made no difference in that state)");
        assertTrue(checked >= 20, "only " + checked + " scenarios small enough");
        assertTrue(qdiscChecked >= 5, "only " + qdiscChecked + " qdisc scenarios small enough");
        assertTrue(traces >= 60, "only " + traces + " traces");
    }

    /** The trace of each interleaving, as the index of one member (union-find over actual commutations). */
    private static int[] actualTraces(TcxSimulation sim, List<int[]> all) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < all.size(); k++) {
            index.put(Arrays.toString(all.get(k)), k);
        }
        int[] parent = new int[all.size()];
        for (int k = 0; k < parent.length; k++) {
            parent[k] = k;
        }
        for (int k = 0; k < all.size(); k++) {
            int[] s = all.get(k);
            for (int i = 0; i + 1 < s.length; i++) {
                if (s[i] == s[i + 1] || !commute(sim, s, i)) {
                    continue;
                }
                int[] swapped = s.clone();
                swapped[i] = s[i + 1];
                swapped[i + 1] = s[i];
                Integer j = index.get(Arrays.toString(swapped));
                assertTrue(j != null, "a swap of commuting steps leads outside every interleaving: "
                        + Arrays.toString(swapped));
                union(parent, k, j);
            }
        }
        int[] root = new int[parent.length];
        for (int k = 0; k < parent.length; k++) {
            root[k] = find(parent, k);
        }
        return root;
    }

    /** Whether steps i and i+1 of {@code s} can run in the other order and reach the same state. */
    private static boolean commute(TcxSimulation sim, int[] s, int i) {
        replay(sim, s, i);
        sim.step(s[i]);
        sim.step(s[i + 1]);
        String inOrder = state(sim);
        replay(sim, s, i);
        if (sim.status(s[i + 1]) != Program.ENABLED) {
            return false;
        }
        sim.step(s[i + 1]);
        if (sim.status(s[i]) != Program.ENABLED) {
            return false;
        }
        sim.step(s[i]);
        return inOrder.equals(state(sim));
    }

    private static String state(TcxSimulation sim) {
        StringBuilder sb = new StringBuilder(sim.stateText());
        for (int p = 0; p < sim.processes(); p++) {
            sb.append(sim.status(p));
        }
        return sb.toString();
    }

    private static void replay(TcxSimulation sim, int[] s, int upTo) {
        sim.reset();
        for (int i = 0; i < upTo; i++) {
            sim.step(s[i]);
        }
    }

    private static String steps(TcxSimulation sim, int[] s) {
        StringBuilder sb = new StringBuilder();
        sim.reset();
        for (int p : s) {
            sb.append("\n  ").append(sim.processName(p)).append(": ").append(sim.describeNextStep(p));
            sim.step(p);
        }
        return sb.toString();
    }

    private static int find(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** The schedules of the maximal executions. */
    private static final class Schedules implements ExecutionListener {
        final List<int[]> all = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        @Override
        public void executionEnded(Program program, int[] schedule, int length, long violations, boolean maximal) {
            if (maximal) {
                int[] s = Arrays.copyOf(schedule, length);
                index.putIfAbsent(Arrays.toString(s), all.size());
                all.add(s);
            }
        }
    }
}
