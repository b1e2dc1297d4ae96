package mprogsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a stateful exhaustive search stored and did, for the reports. The figures fall in two kinds:
 *
 * <ul>
 *   <li><b>stable</b>: the settings (order, symmetry, storage, fingerprint bits, shards, worker threads), and for a
 *   complete search the states stored and the final states. These are the same in every run with the same
 *   settings, so a deterministic report ({@link WallClock#OMIT}) keeps them, except the states stored of a
 *   depth-first search with persistent sets on several threads ({@link #storedDependsOnTiming}): the workers share
 *   sleep sets, which then prune states, and which ones depends on the order in which the workers reach them. The
 *   final states do not depend on the threads at all.</li>
 *   <li><b>run-dependent</b>: the states matched and the transitions (which worker reaches a state first depends on
 *   timing), the collision probability
 *   (computed from the matched lookups), the bytes of the visited set and the search's stacks (how deep each worker's
 *   stack grew), and the states and final states of a search cut short (how far the workers got). A deterministic
 *   report leaves them out, as it leaves out the seconds.</li>
 * </ul>
 *
 * Every figure is nullable so that a report read back from JSON keeps exactly what was written.
 *
 * @param order                "dfs" or "bfs", or null when not known
 * @param symmetry             whether interchangeable processes were stored in canonical order, or null
 * @param exact                whole canonical states stored, so no collision can hide a state
 * @param fingerprintBits      bits of the stored fingerprints (0 in exact mode)
 * @param shards               shards whose results this is (each with its own visited set, so a state several of
 *                             them reach is counted by each)
 * @param threads              worker threads, or null when not known (a merge of shards)
 * @param statesStored         states in the visited set(s)
 * @param finalStates          states where no process could move, on which the final checks ran
 * @param statesMatched        successors found already stored
 * @param transitions          steps taken to generate successors
 * @param collisionProbability the estimated probability that a fingerprint collision hid a state (0 in exact mode)
 * @param memoryBytes          bytes of the visited set and the search's stacks and queues (the largest shard's)
 * @param persistentSets       whether the search expanded states with persistent sets (the states stored depend on
 *                             it), or null when not known
 */
public record StatefulSearch(String order, Boolean symmetry, boolean exact, int fingerprintBits, int shards,
                             Integer threads, Long statesStored, Long finalStates, Long statesMatched,
                             Long transitions, Double collisionProbability, Long memoryBytes, Boolean persistentSets) {

    /** Without knowing whether persistent sets were on (reports written before they existed). */
    public StatefulSearch(String order, Boolean symmetry, boolean exact, int fingerprintBits, int shards,
                          Integer threads, Long statesStored, Long finalStates, Long statesMatched,
                          Long transitions, Double collisionProbability, Long memoryBytes) {
        this(order, symmetry, exact, fingerprintBits, shards, threads, statesStored, finalStates, statesMatched,
                transitions, collisionProbability, memoryBytes, null);
    }

    /** One figure as the reports name it (the JSON key) and its value: a String, Boolean or Number. */
    public record Figure(String key, Object value) {
        /** The value as report text: numbers as JSON writes them. */
        public String text() {
            return String.valueOf(value);
        }
    }

    /**
     * Only the stable figures (see the class comment): the states stored and final states only when the search was
     * {@code complete}.
     */
    public StatefulSearch stable(boolean complete) {
        return new StatefulSearch(order, symmetry, exact, fingerprintBits, shards, threads,
                complete && !storedDependsOnTiming() ? statesStored : null, complete ? finalStates : null, null, null, null, null,
                persistentSets);
    }

    /**
     * Whether the states stored depend on the timing of the workers: a depth-first search with persistent sets
     * (and the sleep sets the workers share) on several threads.
     */
    public boolean storedDependsOnTiming() {
        return threads != null && threads > 1 && !"bfs".equals(order) && Boolean.TRUE.equals(persistentSets);
    }

    /** States stored per second of the run, or null when either is unknown. */
    public Long statesPerSecond(Double seconds) {
        if (statesStored == null || seconds == null || seconds <= 0) {
            return null;
        }
        return Math.round(statesStored / seconds);
    }

    /** {@link #statesPerSecond} divided by the worker threads, or null. */
    public Long statesPerSecondPerThread(Double seconds) {
        Long rate = statesPerSecond(seconds);
        if (rate == null || threads == null || threads < 1) {
            return null;
        }
        return Math.round((double) rate / threads);
    }

    /**
     * The figures in report order, those that are null left out; with {@code seconds} (a report with wall-clock
     * fields) also the rates.
     */
    public List<Figure> figures(Double seconds) {
        List<Figure> out = new ArrayList<>();
        add(out, "order", order);
        add(out, "symmetry", symmetry);
        add(out, "persistent_sets", persistentSets);
        add(out, "storage", exact ? "exact" : "fingerprints");
        add(out, "fingerprint_bits", fingerprintBits);
        add(out, "shards", shards);
        add(out, "threads", threads);
        add(out, "states_stored", statesStored);
        add(out, "final_states", finalStates);
        add(out, "states_matched", statesMatched);
        add(out, "transitions", transitions);
        add(out, "collision_probability", collisionProbability);
        add(out, "memory_bytes", memoryBytes);
        add(out, "states_per_second", statesPerSecond(seconds));
        add(out, "states_per_second_per_thread", statesPerSecondPerThread(seconds));
        return out;
    }

    private static void add(List<Figure> out, String key, Object value) {
        if (value != null) {
            out.add(new Figure(key, value));
        }
    }

    // ---- wording for the text formats -------------------------------------------------------------------------

    /** "depth-first, reader symmetry on, 64-bit fingerprints, 1 shard". */
    public String settingsText() {
        List<String> parts = new ArrayList<>();
        if (order != null) {
            parts.add(order.equals("bfs") ? "breadth-first" : order.equals("dfs") ? "depth-first" : order);
        }
        if (symmetry != null) {
            parts.add("symmetry " + (symmetry ? "on" : "off"));
        }
        if (persistentSets != null) {
            parts.add("persistent sets " + (persistentSets ? "on" : "off"));
        }
        parts.add(exact ? "exact states (no collision possible)" : fingerprintBits + "-bit fingerprints");
        parts.add(shards + (shards == 1 ? " shard" : " shards"));
        if (threads != null) {
            parts.add(threads + (threads == 1 ? " thread" : " threads"));
        }
        return String.join(", ", parts);
    }

    /**
     * "2,220 stored, 12 final; 1,877 matched and 4,096 transitions (these two depend on the number of threads)",
     * or null when no count is known.
     */
    public String statesText() {
        List<String> parts = new ArrayList<>();
        if (statesStored != null) {
            parts.add(count(statesStored) + " stored");
        }
        if (finalStates != null) {
            parts.add(count(finalStates) + " final");
        }
        String stable = String.join(", ", parts);
        if (statesMatched == null && transitions == null) {
            return stable.isEmpty() ? null : stable;
        }
        List<String> varying = new ArrayList<>();
        if (statesMatched != null) {
            varying.add(count(statesMatched) + " matched");
        }
        if (transitions != null) {
            varying.add(count(transitions) + " transitions");
        }
        String run = String.join(" and ", varying) + " (these depend on the number of threads)";
        return stable.isEmpty() ? run : stable + "; " + run;
    }

    /** "collision probability 1.2e-13", "none (exact states)", or null when not known. */
    public String collisionText() {
        if (exact) {
            return "none (exact states)";
        }
        return collisionProbability == null ? null : "probability " + probability(collisionProbability)
                + " that a fingerprint collision hid a state";
    }

    /** "1.4 MB (1,441,792 bytes)", or null. */
    public String memoryText() {
        if (memoryBytes == null) {
            return null;
        }
        return String.format(Locale.ROOT, "%.1f MB (%s bytes)", memoryBytes / 1e6, count(memoryBytes));
    }

    /** "41,339 states/s, 20,670 per thread", or null without the seconds. */
    public String rateText(Double seconds) {
        Long rate = statesPerSecond(seconds);
        if (rate == null) {
            return null;
        }
        Long perThread = statesPerSecondPerThread(seconds);
        return count(rate) + " states/s" + (perThread == null ? "" : ", " + count(perThread) + " per thread");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String probability(double p) {
        return p == 0 ? "0" : String.format(Locale.ROOT, "%.2g", p);
    }
}
