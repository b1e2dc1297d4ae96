package mprogsim.scheduler;

/**
 * A deterministic concurrent system for the engine to explore: a fixed set of processes, each a step machine whose
 * next step has a known footprint. The engine never looks inside a step; it only chooses who moves next.
 * Implementations keep all state in flat arrays and must not allocate per step.
 *
 * <p>The footprint contract, on which the soundness of partial-order reduction rests (the explorers count what
 * they can detect of a breach in {@link ExplorationResult#footprintMismatches} and
 * {@link ExplorationResult#infeasibleSteps}):
 * <ul>
 *   <li>A step reads and writes exactly the locations its footprint names, and what it does depends only on its
 *   process's own state and on the values it reads.</li>
 *   <li>A process's next step, and so its footprint, depends only on its own state: another process's step never
 *   changes it (a step that loads a pointer and a step that follows it are two steps).</li>
 *   <li>Whether a process is ENABLED or BLOCKED depends only on its own state and on the values of the locations
 *   its next step marks {@link Footprint#WAIT} or {@link Footprint#ACQUIRE}; a step without such accesses is never
 *   BLOCKED.</li>
 * </ul>
 */
public interface Program {
    int ENABLED = 0;
    int BLOCKED = 1;
    int DONE = 2;

    int processes();

    String processName(int p);

    /** Back to the initial state; violations cleared. */
    void reset();

    /** ENABLED, BLOCKED (may be enabled later by another process) or DONE. */
    int status(int p);

    /**
     * Writes the accesses of p's next step into {@code out} starting at {@code off} and returns how many. Must be
     * exactly what {@link #step} will access, computed without side effects. Valid when p is not DONE.
     */
    int footprint(int p, long[] out, int off);

    /** The most accesses one step can have: the size of the buffer {@link #footprint} may need. */
    int maxFootprint();

    /** Executes p's next step. */
    void step(int p);

    /** Violation bits raised so far in this execution; 0 when none. */
    long violations();

    /**
     * Ends an execution in which no process can move: final-state checks (deadlock included). Returns the bits they
     * raise; explorers report these together with {@link #violations()}.
     */
    long finish();

    /** When true, steps keep running after a violation (for exploring every outcome). */
    void continueAfterViolation(boolean on);

    /** A stable text of the final state and violations, for comparing strategies. Not for the hot path. */
    String outcome();

    /** One line describing p's next step, for traces. Not for the hot path. */
    String describeNextStep(int p);

    /** Names of violation bits, for reports. */
    String violationName(int bit);

    /** Details of the violations of this execution (which op, which prog, what was expected). */
    String violationDetail();
}
