package mprogsim.model.sim.memory;

import java.util.List;

/**
 * A litmus test in the shape of the LKMM's C litmus files (../shared/anchors/lkmm): named locations with initial
 * values (an int or the address of another location), threads of kernel accesses, and an {@code exists} clause over
 * the final values of the threads' registers. Immutable configuration; {@link LitmusMachine} runs it.
 *
 * <p>Values are ints; the address of location {@code x} is {@link #pointer}{@code (x)}, so that a register can hold
 * a pointer and a later access can go through it (an address dependency).
 */
public record LitmusProgram(String[] locationNames, int[] initialValues, String[] threadNames, Op[][] ops,
                            String[] registerNames, Condition[] exists) {

    /** Values at or above this encode the address of location {@code value - POINTER_BASE}. */
    public static final int POINTER_BASE = 1 << 20;

    public static int pointer(int loc) {
        return POINTER_BASE + loc;
    }

    /** The op codes of a litmus thread; their JSON names are those of the kernel's primitives. */
    public enum Code {
        WRITE_ONCE("write_once", true, WeakMemory.ONCE),
        STORE("store", true, WeakMemory.PLAIN),
        RCU_ASSIGN_POINTER("rcu_assign_pointer", true, WeakMemory.RELEASE),
        SMP_STORE_RELEASE("smp_store_release", true, WeakMemory.RELEASE),
        READ_ONCE("read_once", false, WeakMemory.ONCE),
        LOAD("load", false, WeakMemory.PLAIN),
        RCU_DEREFERENCE("rcu_dereference", false, WeakMemory.ONCE),
        SMP_LOAD_ACQUIRE("smp_load_acquire", false, WeakMemory.ACQUIRE),
        SMP_MB("smp_mb", false, -1),
        RCU_READ_LOCK("rcu_read_lock", false, -1),
        RCU_READ_UNLOCK("rcu_read_unlock", false, -1),
        SYNCHRONIZE_RCU("synchronize_rcu", false, -1);

        public final String jsonName;
        public final boolean store;
        /** The access kind of a load or store ({@link WeakMemory#PLAIN} ...), -1 for the others. */
        public final int access;

        Code(String jsonName, boolean store, int access) {
            this.jsonName = jsonName;
            this.store = store;
            this.access = access;
        }

        public boolean load() {
            return access >= 0 && !store;
        }

        public static Code byName(String name) {
            for (Code c : values()) {
                if (c.jsonName.equals(name)) {
                    return c;
                }
            }
            return null;
        }

        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(c -> c.jsonName).toList();
        }
    }

    /**
     * One access. {@code loc} is the location, or -1 when the address is register {@code addrReg} (an address
     * dependency); a store writes {@code constant}, or register {@code valueReg} when it is not -1; a load writes
     * register {@code destReg}.
     */
    public record Op(Code code, int loc, int addrReg, int constant, int valueReg, int destReg) {
        public static Op fence(Code code) {
            return new Op(code, -1, -1, 0, -1, -1);
        }
    }

    /** {@code thread:register = value} of the exists clause. */
    public record Condition(int thread, int register, int value) {
    }

    public int locations() {
        return locationNames.length;
    }

    public int threads() {
        return threadNames.length;
    }

    public int registers() {
        return registerNames.length;
    }

    /** A value as the litmus file writes it: a number or a location's name. */
    public String valueText(int v) {
        if (v >= POINTER_BASE && v - POINTER_BASE < locationNames.length) {
            return locationNames[v - POINTER_BASE];
        }
        return Integer.toString(v);
    }

    /** The exists clause as text. */
    public String existsText() {
        StringBuilder sb = new StringBuilder("exists (");
        for (int i = 0; i < exists.length; i++) {
            Condition c = exists[i];
            sb.append(i == 0 ? "" : " /\\ ").append(threadNames[c.thread()]).append(':')
                    .append(registerNames[c.register()]).append('=').append(valueText(c.value()));
        }
        return sb.append(')').toString();
    }
}
