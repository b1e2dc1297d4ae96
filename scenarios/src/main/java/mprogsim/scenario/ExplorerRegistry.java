package mprogsim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mprogsim.scheduler.DfsExplorer;
import mprogsim.scheduler.Explorer;
import mprogsim.scheduler.NormalFormExplorer;
import mprogsim.scheduler.ParallelDporExplorer;
import mprogsim.scheduler.PctExplorer;
import mprogsim.scheduler.PreemptionBoundedExplorer;
import mprogsim.scheduler.RandomExplorer;
import mprogsim.scheduler.stateful.StatefulExplorer;

/**
 * Every way a scenario can be explored, by name, and the one place that picks a scenario's way from its file and
 * the command line. Adding an explorer is one line: {@code engine(...)} for one of the engine's explorers,
 * {@code register(...)} for another way.
 */
public final class ExplorerRegistry {
    /** The explore stage of one way: runs the scenario and hands what it showed to the judge. */
    @FunctionalInterface
    public interface ScenarioExplorer {
        Explored explore(Scenario s, ScenarioRunner.Options o) throws ScenarioException;
    }

    /** Builds one of the engine's explorers for a scenario's run (its seed, depth or bound). */
    @FunctionalInterface
    public interface EngineExplorer {
        Explorer create(Scenario s, ScenarioRunner.Options o);
    }

    /**
     * What an entry is, which says where its name may be used: the exhaustive ones are the values of
     * {@code check --explorer}; the engine's explorers (exhaustive, bounded, randomized) can be run alone, for shards.
     */
    public enum Kind {
        SEQUENTIAL, EXHAUSTIVE, BOUNDED, RANDOMIZED, REPLAY, TIMED;

        boolean engine() {
            return this == EXHAUSTIVE || this == BOUNDED || this == RANDOMIZED;
        }
    }

    /** A registered way: its engine explorer is null for the ways that do not go through the engine. */
    public record Entry(String name, Kind kind, ScenarioExplorer explorer, EngineExplorer engine) {
    }

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    /**
     * The ways that explore weak memory and litmus files soundly: the stateful search (its sleep sets see every
     * conflict of a read choice through the footprints), plain DFS over every interleaving, the randomized ones
     * and replay. DPOR, normal forms and the preemption bound are refused: their reductions assume that a
     * process's next step changes only through its own steps, which a read-choice process does not meet
     * (docs/memory-model.md).
     */
    static final List<String> WEAK_EXPLORERS = List.of("stateful", "dfs", "random", "pct", "replay");

    static {
        register("sequential", Kind.SEQUENTIAL, Explorations::sequential);
        // DPOR split over threads and shards: the same result on any number of them.
        engine("dpor", Kind.EXHAUSTIVE, (s, o) -> new ParallelDporExplorer());
        engine("dfs", Kind.EXHAUSTIVE, (s, o) -> new DfsExplorer());
        engine("normal-form", Kind.EXHAUSTIVE, (s, o) -> new NormalFormExplorer());
        // The states of the simulator, each explored once (sleep sets, reader symmetry, fingerprints).
        engine("stateful", Kind.EXHAUSTIVE, ExplorerRegistry::stateful);
        engine("preemption_bound", Kind.BOUNDED,
                (s, o) -> new PreemptionBoundedExplorer(s.explore().preemptionBound()));
        engine("random", Kind.RANDOMIZED, (s, o) -> new RandomExplorer(seed(s, o)));
        engine("pct", Kind.RANDOMIZED, (s, o) -> new PctExplorer(seed(s, o), s.explore().pctDepth()));
        register("replay", Kind.REPLAY, Explorations::replay);
        register("timed", Kind.TIMED, Explorations::timed);
    }

    private ExplorerRegistry() {
    }

    static StatefulExplorer stateful(Scenario s, ScenarioRunner.Options o) {
        return new StatefulExplorer(StatefulExplorer.Options.defaults().withSymmetry(o.symmetry())
                .withExact(o.exact()).withMaxStates(o.maxStates()).withPersistentSets(o.persistentSets())
                .withOrder(o.breadthFirst()
                        ? StatefulExplorer.Order.BFS : StatefulExplorer.Order.DFS));
    }

    private static void register(String name, Kind kind, ScenarioExplorer explorer) {
        BY_NAME.put(name, new Entry(name, kind, explorer, null));
    }

    private static void engine(String name, Kind kind, EngineExplorer engine) {
        boolean randomized = kind == Kind.RANDOMIZED;
        ScenarioExplorer explorer = (s, o) -> Explorations.search(s, o, engine.create(s, o), randomized);
        BY_NAME.put(name, new Entry(name, kind, explorer, engine));
    }

    static long seed(Scenario s, ScenarioRunner.Options o) {
        return o.seed() != null ? o.seed() : s.explore().seed();
    }

    /** The names of the exhaustive explorers, in registration order: the values {@code --explorer} takes. */
    public static List<String> exhaustive() {
        List<String> out = new ArrayList<>();
        for (Entry e : BY_NAME.values()) {
            if (e.kind() == Kind.EXHAUSTIVE) {
                out.add(e.name());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The way {@code s} runs: plain sequential files on the sequential spec (and one simulated writer); otherwise
     * the strategy the options or the file name, an exhaustive one by the options' explorer.
     */
    public static Entry choose(Scenario s, ScenarioRunner.Options o) throws ScenarioException {
        if (isPlainSequential(s)) {
            return BY_NAME.get("sequential");
        }
        return choose(s, o.strategy() != null ? o.strategy() : s.explore().strategy(), o);
    }

    /** The way {@code s} runs under the file-level strategy name {@code strategy}. */
    public static Entry choose(Scenario s, String strategy, ScenarioRunner.Options o) throws ScenarioException {
        String name = strategy;
        if (strategy.equals("exhaustive")) {
            // A preemption bound in the file asks for the bounded search unless another explorer was asked for.
            name = s.explore().preemptionBound() != null && (o.explorer().equals("dpor")
                    || o.explorer().equals(ScenarioRunner.DEFAULT_EXPLORER)) ? "preemption_bound"
                    : o.explorer();
        }
        boolean weak = s.memory().weak() || s.memory().litmus() != null;
        Entry e = BY_NAME.get(name);
        if (weak && e != null && !WEAK_EXPLORERS.contains(name)) {
            throw new ScenarioException(s.file() + ": explorer " + name + " cannot explore this file"
                    + (s.memory().weak() ? " in weak memory (model.memory \"lkmm\")" : "")
                    + ": its reads-from choices are steps whose footprints the partial-order reductions of " + name
                    + " do not account for; use " + String.join(", ", WEAK_EXPLORERS));
        }
        if (e == null || e.kind() == Kind.SEQUENTIAL) {
            throw new ScenarioException(s.file() + ": $.explore.strategy: \"" + strategy
                    + "\" cannot be explored this way" + (strategy.equals(name) ? "" : " (no explorer " + name + ")"));
        }
        return e;
    }

    /** Whether the file runs on the sequential spec (one writer, no variants, default exploration, a pass). */
    static boolean isPlainSequential(Scenario s) {
        return s.sequential() && s.variants() == 0 && !s.expect().violation()
                && s.explore().strategy().equals("exhaustive");
    }

    /** An exhaustive explorer by its name; null when there is none. */
    public static Entry exhaustive(String name) {
        Entry e = BY_NAME.get(name);
        return e != null && e.kind() == Kind.EXHAUSTIVE ? e : null;
    }
}
