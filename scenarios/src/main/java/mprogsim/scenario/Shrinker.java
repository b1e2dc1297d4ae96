package mprogsim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * Makes a counterexample small enough to read. Two reductions:
 *
 * <ul>
 *   <li>the schedule: only the steps the violating step depends on are kept (its causal past), laid out with as few
 *       context switches as the dependencies allow. Every linearization of a trace breaks the same invariants,
 *       so this never loses the violation; it is checked by replaying anyway;</li>
 *   <li>the scenario: whole threads, ops and reader passes are dropped, one at a time, for as long as a search
 *       still finds the same invariant broken (delta debugging on the file's JSON, so names and texts survive).</li>
 * </ul>
 */
public final class Shrinker {
    /** Finds a violation of the target in a candidate scenario: its schedule, or null within the budget. */
    public interface Search {
        int[] find(Scenario candidate);
    }

    /** A shrunk counterexample: the scenario (and its JSON), its schedule, what was removed, where it was written. */
    public record Result(Scenario scenario, String json, int[] schedule, String removed, java.nio.file.Path file) {
        Result withFile(java.nio.file.Path f) {
            return new Result(scenario, json, schedule, removed, f);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Shrinker() {
    }

    // ---- the schedule ---------------------------------------------------------------------------------------------

    /**
     * The causal past of the violating (last) step of {@code schedule}, linearized with few context switches; the
     * whole schedule when the violation is only seen at the end of the execution (a deadlock, a leak, the final
     * state). Returns the input unchanged if the result would not break {@code target} on replay.
     */
    public static int[] fewestSwitches(Program program, int[] schedule, long target) {
        int len = schedule.length;
        if (len == 0) {
            return schedule;
        }
        int max = program.maxFootprint();
        long[] fps = new long[len * max];
        int[] fl = new int[len];
        program.reset();
        boolean violatedAtStep = false;
        for (int i = 0; i < len; i++) {
            fl[i] = program.footprint(schedule[i], fps, i * max);
            program.step(schedule[i]);
            if (i == len - 1) {
                violatedAtStep = (program.violations() & target) != 0;
            }
        }
        boolean[] keep = new boolean[len];
        if (violatedAtStep) {
            keep[len - 1] = true;
            for (int j = len - 1; j >= 0; j--) {
                if (!keep[j]) {
                    continue;
                }
                for (int i = 0; i < j; i++) {
                    if (!keep[i] && depends(schedule, fps, fl, max, i, j)) {
                        keep[i] = true;
                    }
                }
            }
        } else {
            Arrays.fill(keep, true);
        }
        int[] order = linearize(schedule, fps, fl, max, keep);
        Trace t = Trace.replay(program, order);
        boolean stillBroken = t.error == null && ((violatedAtStep ? program.violations() : t.violations) & target) != 0;
        // The replay ends at the first violation; a reordering that breaks it sooner is cut there.
        int[] ran = t.steps.size() < order.length ? Arrays.copyOf(order, t.steps.size()) : order;
        return stillBroken && switches(ran) <= switches(schedule) ? ran : schedule;
    }

    private static boolean depends(int[] schedule, long[] fps, int[] fl, int max, int i, int j) {
        return schedule[i] == schedule[j] || Footprint.conflict(fps, i * max, fl[i], fps, j * max, fl[j]);
    }

    /**
     * Greedy: keep running the current thread while its next kept step has all its predecessors done; otherwise
     * switch to the thread that can run the longest stretch on its own.
     */
    private static int[] linearize(int[] schedule, long[] fps, int[] fl, int max, boolean[] keep) {
        int len = schedule.length;
        int[] pending = new int[len];
        List<List<Integer>> succ = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            succ.add(new ArrayList<>());
        }
        int kept = 0;
        for (int j = 0; j < len; j++) {
            if (!keep[j]) {
                continue;
            }
            kept++;
            for (int i = 0; i < j; i++) {
                if (keep[i] && depends(schedule, fps, fl, max, i, j)) {
                    succ.get(i).add(j);
                    pending[j]++;
                }
            }
        }
        boolean[] done = new boolean[len];
        int[] out = new int[kept];
        int n = 0;
        int current = -1;
        while (n < kept) {
            int next = current >= 0 ? nextReadyOf(current, schedule, keep, done, pending) : -1;
            if (next < 0) {
                int best = -1;
                int bestRun = -1;
                for (int e = 0; e < len; e++) {
                    if (keep[e] && !done[e] && pending[e] == 0 && isFirstPendingOfThread(e, schedule, keep, done)) {
                        int run = runLength(e, schedule, keep, done, pending, succ);
                        if (run > bestRun) {
                            best = e;
                            bestRun = run;
                        }
                    }
                }
                next = best;
            }
            done[next] = true;
            out[n++] = schedule[next];
            current = schedule[next];
            for (int s : succ.get(next)) {
                pending[s]--;
            }
        }
        return out;
    }

    private static boolean isFirstPendingOfThread(int e, int[] schedule, boolean[] keep, boolean[] done) {
        for (int i = 0; i < e; i++) {
            if (keep[i] && !done[i] && schedule[i] == schedule[e]) {
                return false;
            }
        }
        return true;
    }

    private static int nextReadyOf(int thread, int[] schedule, boolean[] keep, boolean[] done, int[] pending) {
        for (int e = 0; e < schedule.length; e++) {
            if (keep[e] && !done[e] && schedule[e] == thread) {
                return pending[e] == 0 ? e : -1;
            }
        }
        return -1;
    }

    /** How many of its steps a thread could run in a row from {@code e}, if nobody else moved. */
    private static int runLength(int e, int[] schedule, boolean[] keep, boolean[] done, int[] pending,
                                 List<List<Integer>> succ) {
        int[] p = pending.clone();
        int run = 0;
        int thread = schedule[e];
        for (int k = e; k < schedule.length; k++) {
            if (!keep[k] || done[k] || schedule[k] != thread) {
                continue;
            }
            if (p[k] != 0) {
                break;
            }
            run++;
            for (int s : succ.get(k)) {
                p[s]--;
            }
        }
        return run;
    }

    public static int switches(int[] schedule) {
        int c = 0;
        for (int i = 1; i < schedule.length; i++) {
            if (schedule[i] != schedule[i - 1]) {
                c++;
            }
        }
        return c;
    }

    // ---- the scenario ---------------------------------------------------------------------------------------------

    /**
     * Replays {@code schedule}, written for {@code from}, on {@code to}: each step goes to the process of the same
     * name, and a step whose process is gone or cannot move is skipped. Returns what actually ran if it breaks
     * {@code target}, else null. This is how a reduced scenario is tried first: the old counterexample, minus what
     * was dropped.
     */
    public static int[] projectedReplay(Program from, int[] schedule, Program to, long target) {
        java.util.Map<String, Integer> byName = new java.util.HashMap<>();
        for (int p = 0; p < to.processes(); p++) {
            byName.put(to.processName(p), p);
        }
        int[] map = new int[from.processes()];
        for (int p = 0; p < map.length; p++) {
            map[p] = byName.getOrDefault(from.processName(p), -1);
        }
        to.reset();
        int[] ran = new int[schedule.length];
        int n = 0;
        for (int step : schedule) {
            int p = step >= 0 && step < map.length ? map[step] : -1;
            if (p < 0 || to.status(p) != Program.ENABLED) {
                continue;
            }
            to.step(p);
            ran[n++] = p;
            if ((to.violations() & target) != 0) {
                return Arrays.copyOf(ran, n);
            }
        }
        boolean moving = false;
        for (int p = 0; p < to.processes(); p++) {
            moving |= to.status(p) == Program.ENABLED;
        }
        return !moving && (to.finish() & target) != 0 ? Arrays.copyOf(ran, n) : null;
    }

    /**
     * Drops threads, ops and reader passes from {@code s} while {@code search} still finds the violation, then
     * reduces the schedule it found. {@code schedule} is the violating schedule of {@code s} itself.
     */
    public static Result shrink(Scenario s, int[] schedule, String invariant, Search search,
                                java.util.function.Function<Scenario, Program> programs, long target)
            throws ScenarioException {
        ObjectNode root;
        try {
            root = (ObjectNode) MAPPER.readTree(s.text());
        } catch (java.io.IOException e) {
            throw new ScenarioException(s.file() + ": cannot re-read the scenario for shrinking: " + e.getMessage());
        }
        Scenario best = s;
        int[] bestSchedule = schedule;
        int threads0 = s.threads().size();
        int ops0 = s.writerOps();
        int passes0 = passes(s);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ObjectNode candidate : candidates(root)) {
                Scenario c;
                try {
                    c = ScenarioLoader.parse(MAPPER.writeValueAsString(candidate), s.file());
                } catch (ScenarioException | java.io.IOException e) {
                    continue;
                }
                int[] found = projectedReplay(programs.apply(best), bestSchedule, programs.apply(c), target);
                if (found == null) {
                    found = search.find(c);
                }
                if (found != null) {
                    root = candidate;
                    best = c;
                    bestSchedule = found;
                    changed = true;
                    break;
                }
            }
        }
        int[] reduced = fewestSwitches(programs.apply(best), bestSchedule, target);
        ObjectNode out = root.deepCopy();
        // A relative $schema path points elsewhere from the output folder; an editor would show a broken reference.
        out.remove("$schema");
        // Small now: an exhaustive search reproduces the violation deterministically, whatever found it first.
        ObjectNode explore = out.putObject("explore");
        explore.put("strategy", "exhaustive");
        if (root.path("explore").has("time_limit_s")) {
            explore.set("time_limit_s", root.path("explore").get("time_limit_s"));
        }
        ObjectNode expect = out.putObject("expect");
        expect.put("verdict", "violation");
        expect.put("invariant", invariant);
        out.put("x-shrunk-from", s.file().toString());
        out.put("x-schedule", mprogsim.scheduler.Schedule.encode(reduced, reduced.length));
        out.put("name", s.name() + "-shrunk");
        String json;
        try {
            json = MAPPER.writeValueAsString(out) + System.lineSeparator();
        } catch (java.io.IOException e) {
            throw new ScenarioException("cannot write the shrunk scenario: " + e.getMessage());
        }
        String removed = (threads0 - best.threads().size()) + " of " + threads0 + " threads, "
                + (ops0 - best.writerOps()) + " of " + ops0 + " ops, " + (passes0 - passes(best)) + " of " + passes0
                + " reader passes removed; schedule " + schedule.length + " -> " + reduced.length + " steps, "
                + switches(schedule) + " -> " + switches(reduced) + " context switches";
        return new Result(ScenarioLoader.parse(json, s.file()), json, reduced, removed, null);
    }

    private static int passes(Scenario s) {
        int n = 0;
        for (ThreadSpec t : s.threads()) {
            n += t.kind() == ThreadSpec.Kind.READER ? t.passes() : 0;
        }
        return n;
    }

    /** One-step reductions of the JSON: a thread fewer, an op fewer, a reader pass fewer; biggest cuts first. */
    private static List<ObjectNode> candidates(ObjectNode root) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode threads = root.get("threads");
        if (threads == null || !threads.isArray()) {
            JsonNode steps = root.get("steps");
            if (steps != null && steps.isArray()) {
                for (int i = steps.size() - 1; i >= 0; i--) {
                    ObjectNode c = root.deepCopy();
                    ((ArrayNode) c.get("steps")).remove(i);
                    out.add(c);
                }
            }
            return out;
        }
        for (int t = threads.size() - 1; t >= 0; t--) {
            if (threads.size() > 1) {
                ObjectNode c = root.deepCopy();
                ArrayNode ts = (ArrayNode) c.get("threads");
                String name = ts.get(t).path("name").asText();
                ts.remove(t);
                JsonNode timing = c.get("timing");
                if (timing != null && timing.get("threads") instanceof ObjectNode tt) {
                    tt.remove(name);
                }
                out.add(c);
            }
        }
        for (int t = threads.size() - 1; t >= 0; t--) {
            JsonNode th = threads.get(t);
            JsonNode ops = th.get("ops");
            if (ops != null && ops.isArray()) {
                for (int i = ops.size() - 1; i >= 0; i--) {
                    ObjectNode c = root.deepCopy();
                    ((ArrayNode) c.get("threads").get(t).get("ops")).remove(i);
                    out.add(c);
                }
            }
            if ("reader".equals(th.path("kind").asText())) {
                int passes = th.has("passes") ? th.get("passes").asInt() : 1;
                if (passes > 1) {
                    ObjectNode c = root.deepCopy();
                    ((ObjectNode) c.get("threads").get(t)).put("passes", passes - 1);
                    out.add(c);
                }
            }
        }
        return out;
    }
}
