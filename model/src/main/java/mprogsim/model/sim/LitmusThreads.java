package mprogsim.model.sim;

import mprogsim.model.sim.memory.LitmusMachine;
import mprogsim.model.sim.memory.LitmusProgram;
import mprogsim.model.sim.memory.LitmusProgram.Code;
import mprogsim.model.sim.memory.WeakMemory;
import mprogsim.scheduler.Footprint;
import mprogsim.scheduler.Program;

/**
 * The threads of a litmus scenario (a C litmus file in the LKMM's format, run instead of the tcx threads): one
 * process per litmus thread, and in weak mode one read-choice process per thread, whose step makes the thread's
 * next load read one write older. The exists clause is checked when no thread can move (invariant
 * {@code litmus_exists}).
 *
 * <p>Execution state: the {@link LitmusMachine}'s. Configuration: the program and the process numbers.
 */
final class LitmusThreads {
    final LitmusMachine machine;
    private final int first;
    private final int threads;
    private final Violations violations;

    LitmusThreads(LitmusProgram program, boolean weak, int firstProcess, Violations violations) {
        this.machine = new LitmusMachine(program, weak);
        this.first = firstProcess;
        this.threads = program.threads();
        this.violations = violations;
    }

    int threads() {
        return threads;
    }

    void reset() {
        machine.reset();
    }

    int status(int t) {
        if (machine.done(t)) {
            return Program.DONE;
        }
        return machine.enabled(t) ? Program.ENABLED : Program.BLOCKED;
    }

    void step(int t) {
        if (!machine.step(t)) {
            violations.violate(Invariant.WILD_ACCESS, machine.program.threadNames()[t]
                    + " accesses memory through a register that holds no address");
        }
    }

    int footprint(int t, long[] out, int k) {
        int p = first + t;
        if (machine.weak) {
            out[k++] = Loc.write(Loc.WEAK_CHOICE, p);
        }
        if (machine.atGraceEnd(t)) {
            long m = machine.waitMask(t);
            while (m != 0) {
                int u = Long.numberOfTrailingZeros(m);
                m &= m - 1;
                out[k++] = Loc.await(Loc.RCU_EXIT, u, machine.waitSection(t, u) % 0xffff);
            }
            out[k++] = Loc.read(Loc.WEAK_SYNC, 0);
            out[k++] = Loc.write(Loc.WEAK_FENCE, 0);
            return k;
        }
        Code c = machine.next(t).code();
        switch (c) {
            case SMP_MB -> out[k++] = Loc.write(Loc.WEAK_FENCE, 0);
            case RCU_READ_LOCK -> {
                out[k++] = Loc.write(Loc.RCU_CS, t);
                out[k++] = Loc.read(Loc.WEAK_SYNC, 1);
            }
            case RCU_READ_UNLOCK -> {
                out[k++] = Loc.write(Loc.RCU_CS, t);
                out[k++] = Loc.write(Loc.RCU_EXIT, t, machine.sections(t) % 0xffff);
                out[k++] = Loc.write(Loc.WEAK_SYNC, 0);
            }
            case SYNCHRONIZE_RCU -> {
                out[k++] = Loc.read(Loc.RCU_CS, Footprint.ALL);
                out[k++] = Loc.write(Loc.WEAK_FENCE, 0);
                out[k++] = Loc.write(Loc.WEAK_SYNC, 1);
            }
            default -> {
                int x = machine.target(t);
                if (x >= 0) {
                    out[k++] = c.store ? Loc.write(Loc.LITMUS_MEM, x) : Loc.read(Loc.LITMUS_MEM, x);
                }
                if (c.access == WeakMemory.RELEASE && c.store) {
                    // A release store interns its message view in the shared snapshot table.
                    out[k++] = Loc.write(Loc.WEAK_FENCE, 1);
                }
            }
        }
        return k;
    }

    String describe(int t) {
        if (machine.done(t)) {
            return "done";
        }
        if (machine.atGraceEnd(t)) {
            return "synchronize_rcu: grace period ends";
        }
        LitmusProgram prog = machine.program;
        LitmusProgram.Op op = machine.next(t);
        Code c = op.code();
        int x = machine.target(t);
        String where = x < 0 ? "?" : prog.locationNames()[x];
        if (c.store) {
            int v = op.valueReg() >= 0 ? machine.register(t, op.valueReg()) : op.constant();
            return c.jsonName + "(" + where + ", " + prog.valueText(v) + ")";
        }
        if (c.load() && x >= 0) {
            int i = machine.readIndex(t);
            WeakMemory mem = machine.memory;
            StringBuilder sb = new StringBuilder();
            sb.append(prog.registerNames()[op.destReg()]).append(" = ").append(c.jsonName).append('(')
                    .append(op.addrReg() >= 0 ? "*" + prog.registerNames()[op.addrReg()] : where).append(") -> ")
                    .append(prog.valueText(mem.valueAt(x, i)));
            if (machine.weak) {
                sb.append(" [reads-from ").append(writeText(x, i)).append(" (write ").append(i + 1).append(" of ")
                        .append(mem.length(x)).append(')');
                if (i < mem.length(x) - 1) {
                    sb.append("; newer, not ordered before this load: ");
                    for (int j = i + 1; j < mem.length(x); j++) {
                        sb.append(j > i + 1 ? ", " : "").append(writeText(x, j));
                    }
                    sb.append(op.addrReg() >= 0 ? " (the address came from a load whose write carried no view of them)"
                            : " (no release-acquire, dependency, fence or grace period orders them before it)");
                }
                sb.append(']');
            }
            return sb.toString();
        }
        return c.jsonName + "()";
    }

    private String writeText(int x, int i) {
        int who = machine.memory.writerAt(x, i);
        if (who == WeakMemory.NOBODY) {
            return "the initial value";
        }
        return machine.program.threadNames()[who] + "'s " + WeakMemory.kindName(machine.memory.kindAt(x, i))
                + " store of " + machine.program.valueText(machine.memory.valueAt(x, i));
    }

    // ---- read choices ---------------------------------------------------------------------------------------------

    int choiceStatus(int t) {
        if (machine.done(t)) {
            return Program.DONE;
        }
        return machine.canAdvance(t) ? Program.ENABLED : Program.BLOCKED;
    }

    void advance(int t) {
        machine.advance(t);
    }

    int choiceFootprint(int t, long[] out, int k) {
        int p = first + t;
        out[k++] = Loc.await(Loc.WEAK_CHOICE, 0, p);
        out[k++] = Loc.write(Loc.WEAK_CHOICE, p);
        int x = machine.target(t);
        if (x >= 0) {
            out[k++] = Loc.await(Loc.LITMUS_MEM, 0, x);
        }
        return k;
    }

    String describeChoice(int t) {
        int x = machine.target(t);
        if (x < 0 || !machine.atLoad(t)) {
            return "read choice of " + machine.program.threadNames()[t] + " (no load next)";
        }
        int i = machine.readIndex(t);
        return "read choice: " + machine.program.threadNames()[t] + "'s next load of "
                + machine.program.locationNames()[x] + " will read " + writeText(x, i - 1) + " instead of "
                + writeText(x, i);
    }

    /** At the end of an execution: whether the exists clause holds. */
    void finish() {
        if (machine.existsHolds()) {
            violations.violate(Invariant.LITMUS_EXISTS, machine.program.existsText() + " holds: "
                    + machine.registersText());
        }
    }

    String outcome() {
        return machine.registersText();
    }
}
