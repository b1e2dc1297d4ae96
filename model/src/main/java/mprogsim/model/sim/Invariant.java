package mprogsim.model.sim;

import java.util.ArrayList;
import java.util.List;

/** The safety invariants of format 1; each is one bit of a violation mask. Names are part of the scenario format. */
public enum Invariant {
    USE_AFTER_FREE("use_after_free"),
    USE_AFTER_RELEASE("use_after_release"),
    TORN_SNAPSHOT("torn_snapshot"),
    SEQUENTIAL_MISMATCH("sequential_mismatch"),
    REFCOUNT("refcount"),
    WILD_ACCESS("wild_access"),
    DEADLOCK("deadlock"),
    EXPECT_MISMATCH("expect_mismatch"),
    /** Weak memory, prog_init "racing": a reader ran a prog whose contents it could read before their initialisation. */
    UNINITIALIZED_READ("uninitialized_read"),
    /** A litmus test's exists clause holds at the end of an execution. */
    LITMUS_EXISTS("litmus_exists");

    public final String jsonName;

    Invariant(String jsonName) {
        this.jsonName = jsonName;
    }

    public long bit() {
        return 1L << ordinal();
    }

    public static Invariant byName(String name) {
        for (Invariant i : values()) {
            if (i.jsonName.equals(name)) {
                return i;
            }
        }
        return null;
    }

    public static List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (Invariant i : values()) {
            if ((mask & i.bit()) != 0) {
                out.add(i.jsonName);
            }
        }
        return out;
    }

    /** The invariant of the lowest set bit, for {@code Program.violationName}. */
    public static String nameOfBit(int bit) {
        return bit >= 0 && bit < values().length ? values()[bit].jsonName : "violation" + bit;
    }
}
