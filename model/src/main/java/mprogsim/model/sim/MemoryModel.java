package mprogsim.model.sim;

import mprogsim.model.sim.memory.LitmusProgram;

/**
 * The memory rules of a run (docs/memory-model.md): sequential consistency (every load reads the newest write; the
 * simulator's behaviour before weak memory existed) or the weak {@code lkmm} mode, in which each access has the
 * meaning the Linux-kernel memory model gives its annotation and a load may read any write its views allow. With
 * {@code progInitRacing} a prog's contents are written by its loader and published only through its fd, so that
 * only an fd lookup (and what it orders) makes them visible; otherwise they were written before the run and every
 * thread sees them. A litmus program, when set, replaces the tcx threads.
 */
public record MemoryModel(boolean weak, boolean progInitRacing, LitmusProgram litmus) {
    public static final MemoryModel SC = new MemoryModel(false, false, null);
}
