package mprogsim.scheduler;

/**
 * A {@link Program} whose whole state can be saved, restored and fingerprinted, so that a stateful search
 * ({@code mprogsim.scheduler.stateful.StatefulExplorer}) can store the states it has visited and jump back to one
 * without replaying its prefix. Programs that do not implement it keep working with the stateless explorers.
 *
 * <p>What the state must hold. {@link #saveState} followed, at any later time, by {@link #restoreState} must put
 * the program back exactly: every later {@link #status}, {@link #footprint}, {@link #step}, {@link #violations()},
 * {@link #finish()} and {@link #outcome()} behaves as it did when the state was saved. So the saved state includes
 * the violation bits raised so far and every ghost value a later check reads: version logs, what each reader has
 * seen in its pass so far, the shadow sequential spec, the results of finished operations, lifecycles. Values that
 * only explain a violation in words ({@link #violationDetail()}) may be left out.
 *
 * <p>What the canonical form must hold. {@link #canonicalState} writes the state as the stateful search compares
 * it: two states with equal canonical forms must be interchangeable for every check, now and after any sequence of
 * further steps (the same violations raised, the same final checks, the same enabled processes up to the
 * permutation it reports). It must therefore contain the violation bits and every value some future step, check
 * or status can read, and it may drop the rest: a value no future step or check can read (a reader's accumulator
 * after its last use, versions older than every reader inside, the identity of a lock holder when nothing reads
 * it). Dropping a value that a later check does read merges states that differ and hides violations; keeping a
 * dead value only costs memory and time.
 *
 * <p>Symmetry. With {@code symmetry} true the program may put interchangeable processes in a canonical order:
 * processes with the same code and configuration, whose steps and checks do not depend on which of them is which
 * (identical readers; identical writers where their identity reaches no shared value or check). It reports the
 * order in {@code perm}: {@code perm[p]} is the position process p takes in the canonical form, a permutation
 * that only maps processes of one class onto each other. The system must be symmetric under every such
 * permutation: a violation or final check raised in one state is raised in the permuted state, so that a state
 * stands for all its permutations. Explorers only use perm to translate per-process data (sleep sets); traces and
 * reports always name the real processes, because the search runs the real program and stores only fingerprints.
 * With {@code symmetry} false, or without interchangeable processes, perm is the identity.
 */
public interface StatefulProgram extends Program {
    /** The most ints {@link #saveState} or {@link #canonicalState} can write. */
    int maxStateInts();

    /** Writes the complete current state into {@code out} from {@code off}; returns how many ints. */
    int saveState(int[] out, int off);

    /** Puts the program back into a state {@link #saveState} wrote (of this program or of an identical copy). */
    void restoreState(int[] in, int off);

    /**
     * Writes the canonical form of the current state (see the class comment) into {@code out} from {@code off}
     * and, into {@code perm[0..processes())}, each process's position in it. Returns how many ints. Must not
     * change the state and must not allocate.
     */
    int canonicalState(int[] out, int off, boolean symmetry, int[] perm);

    /**
     * Processes whose next step alone is a <em>persistent set</em> of the current state (Godefroid), as a mask; 0
     * when the program knows none. Each must be ENABLED, and its next step must be independent (in the footprint
     * contract's sense) of every step that the other processes can take, in any order and any number, from the
     * current state in any execution in which this process does not move. Then every maximal execution from here
     * contains that step, and it can be moved to the front of it without changing what any step reads or raises;
     * so a search that expands the state with this step alone still reaches every final state and every violation
     * (the explorer expands the state fully after all when the step itself raises one, see
     * {@link #violationsRaised}). Returning 0 is always correct; a wrong answer loses executions.
     *
     * <p>The explorer expands one of them: with symmetry the one that comes first in the canonical order, so that
     * every state of one canonical form takes the same step up to symmetry and the states stored do not depend on
     * which of them the search met first. A program may name fewer than all; it should name the same ones, up to
     * its symmetry, for every state of one canonical form.
     *
     * <p>The explorer relies on the program's state graph being acyclic (every step makes progress that no step
     * undoes), so that deferring the other processes can never go on forever (the ignoring problem of partial-order
     * reduction with state matching does not arise).
     */
    default long persistentProcesses() {
        return 0;
    }

    /**
     * Every violation bit raised so far, also those {@link #violations()} does not report (a program may end an
     * execution silently at a violation nobody asked for). The explorer compares it before and after a persistent
     * step: a step that raised anything is not moved ahead of the others.
     */
    default long violationsRaised() {
        return violations();
    }
}
