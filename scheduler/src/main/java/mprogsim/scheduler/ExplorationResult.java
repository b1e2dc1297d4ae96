package mprogsim.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exploration did and found. A run split into units (see {@link ParallelExplorer}) also carries the results
 * of its units, so that the results of the shards of one run can be written out ({@link #toText}), read back
 * ({@link #parse}) and merged into the result of the whole run ({@link #merge}).
 */
public final class ExplorationResult {
    public String strategy;
    public long executions;
    /** Program steps taken, replays of prefixes included: the work done. */
    public long steps;
    /** Executions abandoned because every enabled process was asleep (redundant work; zero for optimal DPOR). */
    public long sleepBlocked;
    /**
     * Exhaustive strategies: executions in which a wait was explored as failing although a later step would have
     * enabled it (redundant work, see {@link DporExplorer}); they are reported to the listener as not maximal.
     */
    public long blockedExecutions;
    /** True when every execution the strategy means to explore was explored. */
    public boolean complete;
    /** Why the exploration stopped early, or null. */
    public String stopReason;

    /** Violation bits of the first violating execution found (in the strategy's order), 0 when none. */
    public long violation;
    public int[] violatingSchedule;
    /**
     * Index (from 0, in the strategy's order) of the first violating execution, -1 when none. For randomized
     * strategies this is the execution that {@link #seed} and this index reproduce on their own.
     */
    public long violationExecution = -1;
    public long violationNanos;
    /** Union of the violation bits of every violating execution explored. */
    public long violationsSeen;
    public long violatingExecutions;

    public long elapsedNanos;
    /** Randomized strategies: the seed; execution {@link #violationExecution} of that seed found the violation. */
    public long seed;
    /** PCT: the depth d, and the step count k the change points were drawn from. */
    public int pctDepth;
    public long pctSteps;
    /** Preemption-bounded exploration: the bound, -1 when none. */
    public int preemptionBound = -1;

    /**
     * Exhaustive strategies: steps whose footprint differed from what an earlier execution recorded for the same
     * step, and steps found not enabled where the footprints promised they would be. Either means the program breaks
     * the footprint contract of {@link Program}, and then the exploration is not guaranteed to be sound.
     */
    public long footprintMismatches;
    public long infeasibleSteps;

    // ---- stateful search (StatefulExplorer; zero for the stateless strategies) ----------------------------------

    /** States stored in the visited set (summed over the phases of the search and over shards). */
    public long statesStored;
    /** Successors found already stored (pruned or revisited with a smaller sleep set). */
    public long statesMatched;
    /** Steps taken to generate successors (also in {@link #steps}). */
    public long transitions;
    /** Bytes of the visited set and the search's stacks and queues at the end (the largest shard's). */
    public long memoryBytes;
    /** Bits of the stored fingerprints; 0 when full states were stored (exact mode) or no state was. */
    public int fingerprintBits;
    /**
     * The estimated probability that a fingerprint collision hid a state (as TLC computes it: stored states times
     * matched lookups over 2^bits, at most 1); 0 in exact mode. Shards: the largest.
     */
    public double collisionProbability;
    /** Shards: states of the top of the tree every shard explores before taking its own subtrees. */
    public long statesAboveSplit;

    // ---- split runs -----------------------------------------------------------------------------------------

    /** The strategy and its settings as one line; shards of one run must agree on it. */
    public String plan;
    /** Units of work of the whole run (all shards); 0 when the run is not split into units. */
    public long unitsTotal;
    public int shardIndex;
    public int shardCount = 1;
    public boolean stopOnViolation;
    /** The results of the units this result covers, in unit order (null when not split). */
    public List<ExplorationResult> units;
    /** For a unit: its index, and the index of its first execution in the whole run when known (else -1). */
    public long unitIndex = -1;
    public long firstExecution = -1;

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double stepsPerSecond() {
        return elapsedNanos == 0 ? 0 : steps / (elapsedNanos / 1e9);
    }

    public double executionsPerSecond() {
        return elapsedNanos == 0 ? 0 : executions / (elapsedNanos / 1e9);
    }

    /** The violating schedule in printable form, or null. */
    public String violatingScheduleText() {
        return violatingSchedule == null ? null : Schedule.encode(violatingSchedule, violatingSchedule.length);
    }

    /** Whether the footprints the program declared held up (see {@link #footprintMismatches}). */
    public boolean footprintContractHeld() {
        return footprintMismatches == 0 && infeasibleSteps == 0;
    }

    /** Records a violating execution; the first one recorded is the one reported. */
    void noteViolation(long bits, int[] schedule, int length, long index, long nanos) {
        violationsSeen |= bits;
        violatingExecutions++;
        if (violation == 0) {
            violation = bits;
            violatingSchedule = Arrays.copyOf(schedule, length);
            violationExecution = index;
            violationNanos = nanos;
        }
    }

    // ---- merging ----------------------------------------------------------------------------------------------

    /**
     * The result of the units given (any order, any subset of the run's units): they are taken in unit order, up to
     * and including the first violating one when the run stops at a violation; the counts are those of the units
     * taken, the counterexample is the first violating unit's (stateful: every unit is taken and the counterexample
     * is the shortest, the first in schedule order). Complete when every unit the covered shard(s) own is
     * there and complete, and no violation stopped the run.
     */
    static ExplorationResult mergeUnits(String strategy, String plan, List<ExplorationResult> units, long unitsTotal,
                                        int shardIndex, int shardCount, boolean stopOnViolation) {
        List<ExplorationResult> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingLong(u -> u.unitIndex));
        ExplorationResult r = new ExplorationResult();
        r.strategy = strategy;
        r.plan = plan;
        r.unitsTotal = unitsTotal;
        r.shardIndex = shardIndex;
        r.shardCount = shardCount;
        r.stopOnViolation = stopOnViolation;
        r.units = new ArrayList<>();
        // The stateful search reports the shortest violating schedule, the first in schedule order, and so does
        // the merge of its shards: each shard's is the shortest below its part of the split level, and every
        // shortest violating schedule passes through a state of that level (a prefix of a shortest schedule is a
        // shortest schedule), so the least of them by length, then schedule order, is the unsplit run's.
        boolean shortest = "stateful".equals(strategy);
        long expected = shardIndex;
        boolean allThere = true;
        String firstStop = null;
        for (ExplorationResult u : sorted) {
            if (!r.units.isEmpty() && r.units.get(r.units.size() - 1).unitIndex == u.unitIndex) {
                throw new IllegalArgumentException("unit " + u.unitIndex + " appears twice");
            }
            if (u.unitIndex != expected) {
                allThere = false;
            }
            expected = u.unitIndex + shardCount;
            r.units.add(u);
            if (u.violation != 0 && (r.violation == 0 || shortest && before(u.violatingSchedule,
                    r.violatingSchedule))) {
                r.violation = u.violation;
                r.violatingSchedule = u.violatingSchedule;
                // A stateful unit's violation is a state, not the n-th execution of an order the units share.
                r.violationExecution = shortest ? u.violationExecution
                        : (u.firstExecution >= 0 ? u.firstExecution : r.executions) + u.violationExecution;
                r.violationNanos = u.violationNanos;
            }
            r.executions += u.executions;
            r.steps += u.steps;
            r.sleepBlocked += u.sleepBlocked;
            r.blockedExecutions += u.blockedExecutions;
            r.violationsSeen |= u.violationsSeen;
            r.violatingExecutions += u.violatingExecutions;
            r.footprintMismatches += u.footprintMismatches;
            r.infeasibleSteps += u.infeasibleSteps;
            r.statesStored += u.statesStored;
            r.statesMatched += u.statesMatched;
            r.transitions += u.transitions;
            r.memoryBytes = Math.max(r.memoryBytes, u.memoryBytes);
            r.fingerprintBits = Math.max(r.fingerprintBits, u.fingerprintBits);
            r.collisionProbability = Math.max(r.collisionProbability, u.collisionProbability);
            r.statesAboveSplit = Math.max(r.statesAboveSplit, u.statesAboveSplit);
            r.elapsedNanos = Math.max(r.elapsedNanos, u.elapsedNanos);
            if (!u.complete && firstStop == null && !"violation".equals(u.stopReason)) {
                firstStop = u.stopReason == null ? "incomplete" : u.stopReason;
            }
            if (u.violation != 0 && stopOnViolation && !shortest) {
                break;
            }
        }
        if (r.violation != 0 && stopOnViolation) {
            r.complete = false;
            r.stopReason = "violation";
        } else if (firstStop != null) {
            r.complete = false;
            r.stopReason = firstStop;
        } else if (unitsTotal == Long.MAX_VALUE) {
            r.complete = false;
            r.stopReason = "time limit";
        } else if (!allThere || expected < unitsTotal) {
            r.complete = false;
            r.stopReason = "units missing";
        } else {
            r.complete = true;
        }
        return r;
    }

    /** Whether schedule a comes before b: shorter, or as long and lexicographically smaller. */
    static boolean before(int[] a, int[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return Arrays.compare(a, b) < 0;
    }

    /**
     * Merges the results of the shards of one run (shard i of n for each i, as written by {@link #toText}) into the
     * result of the whole run: the same as one process would have found with any number of threads. A shard that is
     * missing leaves the result incomplete ("units missing").
     *
     * @throws IllegalArgumentException when the results are not shards of the same run
     */
    public static ExplorationResult merge(List<ExplorationResult> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard results to merge");
        }
        ExplorationResult first = shards.get(0);
        boolean[] seen = new boolean[first.shardCount];
        List<ExplorationResult> units = new ArrayList<>();
        for (ExplorationResult s : shards) {
            if (s.units == null) {
                throw new IllegalArgumentException("a " + s.strategy + " result without units cannot be merged");
            }
            if (!s.strategy.equals(first.strategy) || !String.valueOf(s.plan).equals(String.valueOf(first.plan))
                    || s.unitsTotal != first.unitsTotal || s.shardCount != first.shardCount
                    || s.stopOnViolation != first.stopOnViolation || s.seed != first.seed) {
                throw new IllegalArgumentException("shard " + s.shardIndex + "/" + s.shardCount + " (" + s.strategy
                        + ", " + s.plan + ") is not from the same run as shard " + first.shardIndex + "/"
                        + first.shardCount + " (" + first.strategy + ", " + first.plan + ")");
            }
            if (seen[s.shardIndex]) {
                throw new IllegalArgumentException("shard " + s.shardIndex + "/" + s.shardCount + " given twice");
            }
            seen[s.shardIndex] = true;
            units.addAll(s.units);
        }
        ExplorationResult r = mergeUnits(first.strategy, first.plan, units, first.unitsTotal, 0, 1,
                first.stopOnViolation);
        r.seed = first.seed;
        r.pctDepth = first.pctDepth;
        r.pctSteps = first.pctSteps;
        r.preemptionBound = first.preemptionBound;
        long elapsed = 0;
        for (ExplorationResult s : shards) {
            elapsed = Math.max(elapsed, s.elapsedNanos);
        }
        r.elapsedNanos = elapsed;
        return r;
    }

    // ---- text form --------------------------------------------------------------------------------------------

    private static final String MAGIC = "mprogsim-exploration 1";

    /** The result as lines of text that {@link #parse} reads back exactly, units included. */
    public String toText() {
        return text(true);
    }

    /** {@link #toText} without the wall-clock times: equal for equal runs, byte for byte. */
    public String deterministicText() {
        return text(false);
    }

    private String text(boolean times) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        Map<String, String> fields = fields(times);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            sb.append(f.getKey()).append(' ').append(f.getValue()).append('\n');
        }
        if (units != null) {
            sb.append("units ").append(units.size()).append('\n');
            for (ExplorationResult u : units) {
                sb.append("unit");
                for (Map.Entry<String, String> f : u.fields(times).entrySet()) {
                    if (!UNIT_FIELDS.contains(f.getKey())) {
                        continue;
                    }
                    sb.append(' ').append(f.getKey()).append('=').append(f.getValue());
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static final List<String> UNIT_FIELDS = List.of("unitIndex", "firstExecution", "executions", "steps",
            "sleepBlocked", "blockedExecutions", "complete", "stopReason", "violation", "violatingSchedule",
            "violationExecution", "violationNanos", "violationsSeen", "violatingExecutions", "elapsedNanos",
            "footprintMismatches", "infeasibleSteps", "statesStored", "statesMatched", "transitions", "memoryBytes",
            "fingerprintBits", "collisionProbability", "statesAboveSplit");

    private Map<String, String> fields(boolean times) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("strategy", escape(strategy));
        f.put("plan", escape(plan));
        f.put("seed", Long.toString(seed));
        f.put("pctDepth", Integer.toString(pctDepth));
        f.put("pctSteps", Long.toString(pctSteps));
        f.put("preemptionBound", Integer.toString(preemptionBound));
        f.put("shardIndex", Integer.toString(shardIndex));
        f.put("shardCount", Integer.toString(shardCount));
        f.put("unitsTotal", Long.toString(unitsTotal));
        f.put("stopOnViolation", Boolean.toString(stopOnViolation));
        f.put("unitIndex", Long.toString(unitIndex));
        f.put("firstExecution", Long.toString(firstExecution));
        f.put("executions", Long.toString(executions));
        f.put("steps", Long.toString(steps));
        f.put("sleepBlocked", Long.toString(sleepBlocked));
        f.put("blockedExecutions", Long.toString(blockedExecutions));
        f.put("complete", Boolean.toString(complete));
        f.put("stopReason", escape(stopReason));
        f.put("violation", Long.toString(violation));
        f.put("violatingSchedule", violatingSchedule == null ? "-"
                : "s" + Schedule.encode(violatingSchedule, violatingSchedule.length));
        f.put("violationExecution", Long.toString(violationExecution));
        f.put("violationNanos", Long.toString(times ? violationNanos : 0));
        f.put("violationsSeen", Long.toString(violationsSeen));
        f.put("violatingExecutions", Long.toString(violatingExecutions));
        f.put("elapsedNanos", Long.toString(times ? elapsedNanos : 0));
        f.put("footprintMismatches", Long.toString(footprintMismatches));
        f.put("infeasibleSteps", Long.toString(infeasibleSteps));
        if (statesStored != 0 || transitions != 0) {
            f.put("statesStored", Long.toString(statesStored));
            f.put("statesMatched", Long.toString(statesMatched));
            f.put("transitions", Long.toString(transitions));
            f.put("memoryBytes", Long.toString(times ? memoryBytes : 0));
            f.put("fingerprintBits", Integer.toString(fingerprintBits));
            f.put("collisionProbability", Double.toString(collisionProbability));
            f.put("statesAboveSplit", Long.toString(statesAboveSplit));
        }
        return f;
    }

    private void set(String key, String value) {
        switch (key) {
            case "strategy" -> strategy = unescape(value);
            case "plan" -> plan = unescape(value);
            case "seed" -> seed = Long.parseLong(value);
            case "pctDepth" -> pctDepth = Integer.parseInt(value);
            case "pctSteps" -> pctSteps = Long.parseLong(value);
            case "preemptionBound" -> preemptionBound = Integer.parseInt(value);
            case "shardIndex" -> shardIndex = Integer.parseInt(value);
            case "shardCount" -> shardCount = Integer.parseInt(value);
            case "unitsTotal" -> unitsTotal = Long.parseLong(value);
            case "stopOnViolation" -> stopOnViolation = parseBoolean(value);
            case "unitIndex" -> unitIndex = Long.parseLong(value);
            case "firstExecution" -> firstExecution = Long.parseLong(value);
            case "executions" -> executions = Long.parseLong(value);
            case "steps" -> steps = Long.parseLong(value);
            case "sleepBlocked" -> sleepBlocked = Long.parseLong(value);
            case "blockedExecutions" -> blockedExecutions = Long.parseLong(value);
            case "complete" -> complete = parseBoolean(value);
            case "stopReason" -> stopReason = unescape(value);
            case "violation" -> violation = Long.parseLong(value);
            case "violatingSchedule" -> violatingSchedule = value.equals("-") ? null
                    : Schedule.decode(value.substring(1));
            case "violationExecution" -> violationExecution = Long.parseLong(value);
            case "violationNanos" -> violationNanos = Long.parseLong(value);
            case "violationsSeen" -> violationsSeen = Long.parseLong(value);
            case "violatingExecutions" -> violatingExecutions = Long.parseLong(value);
            case "elapsedNanos" -> elapsedNanos = Long.parseLong(value);
            case "footprintMismatches" -> footprintMismatches = Long.parseLong(value);
            case "infeasibleSteps" -> infeasibleSteps = Long.parseLong(value);
            case "statesStored" -> statesStored = Long.parseLong(value);
            case "statesMatched" -> statesMatched = Long.parseLong(value);
            case "transitions" -> transitions = Long.parseLong(value);
            case "memoryBytes" -> memoryBytes = Long.parseLong(value);
            case "fingerprintBits" -> fingerprintBits = Integer.parseInt(value);
            case "collisionProbability" -> collisionProbability = Double.parseDouble(value);
            case "statesAboveSplit" -> statesAboveSplit = Long.parseLong(value);
            case "units" -> Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown field \"" + key + "\"");
        }
    }

    /**
     * Reads a result written by {@link #toText}.
     *
     * @throws IllegalArgumentException naming the line that is not part of that format
     */
    public static ExplorationResult parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("line 1: expected \"" + MAGIC + "\"");
        }
        ExplorationResult r = new ExplorationResult();
        boolean split = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("unit ") || line.equals("unit")) {
                    ExplorationResult u = new ExplorationResult();
                    for (String kv : line.substring(4).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("expected key=value, found \"" + kv + "\"");
                        }
                        u.set(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    u.strategy = r.strategy;
                    if (r.units == null) {
                        r.units = new ArrayList<>();
                    }
                    r.units.add(u);
                } else {
                    int sp = line.indexOf(' ');
                    if (sp <= 0) {
                        throw new IllegalArgumentException("expected a key and a value");
                    }
                    String key = line.substring(0, sp);
                    r.set(key, line.substring(sp + 1));
                    split |= key.equals("units");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (split && r.units == null) {
            r.units = new ArrayList<>();
        }
        return r;
    }

    private static boolean parseBoolean(String v) {
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, found \"" + v + "\"");
    }

    /** Null as "-"; otherwise the text with '%', ' ', '=', newlines and a leading '-' percent-escaped. */
    private static String escape(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == ' ' || c == '=' || c == '\n' || c == '\r' || (i == 0 && c == '-')) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() == 0 ? "%" : sb.toString();
    }

    private static String unescape(String s) {
        if (s.equals("-")) {
            return null;
        }
        if (s.equals("%")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
