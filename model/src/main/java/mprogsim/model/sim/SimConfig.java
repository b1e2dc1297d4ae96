package mprogsim.model.sim;

import java.util.List;

/**
 * Everything the simulator needs to know about a scenario, in model terms: progs by handle (1..n, index 0 unused),
 * link names by index, the initial lists per hook, the threads, the variants, the freeing and release-check rules and the memory model.
 */
public record SimConfig(
        int maxProgs,
        int[] progTypes,
        String[] progNames,
        String[] linkNames,
        int[][] initial,
        List<SimThread> threads,
        int variants,
        boolean progFreeImmediate,
        boolean strictReleaseCheck,
        MemoryModel memory) {

    /** A configuration under sequential consistency. */
    public SimConfig(int maxProgs, int[] progTypes, String[] progNames, String[] linkNames, int[][] initial,
                     List<SimThread> threads, int variants, boolean progFreeImmediate, boolean strictReleaseCheck) {
        this(maxProgs, progTypes, progNames, linkNames, initial, threads, variants, progFreeImmediate,
                strictReleaseCheck, MemoryModel.SC);
    }

    /** The same configuration under other memory rules. */
    public SimConfig withMemory(MemoryModel m) {
        return new SimConfig(maxProgs, progTypes, progNames, linkNames, initial, threads, variants, progFreeImmediate,
                strictReleaseCheck, m);
    }

    public int progs() {
        return progTypes.length - 1;
    }

    /** Whether the scenario has a netkit pair: its initial lists then cover the primary and peer hooks too. */
    public boolean netkit() {
        return initial.length > 2;
    }
}
