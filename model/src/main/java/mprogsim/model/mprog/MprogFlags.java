package mprogsim.model.mprog;

import java.util.ArrayList;
import java.util.List;

/** The BPF_F_* attach flags that bpf_mprog understands (include/uapi/linux/bpf.h values). */
public final class MprogFlags {
    public static final int REPLACE = 1 << 2;
    public static final int BEFORE = 1 << 3;
    public static final int AFTER = 1 << 4;
    public static final int ID = 1 << 5;
    public static final int LINK = 1 << 13;

    /** BPF_F_ATTACH_MASK_MPROG: what the syscall layer lets through for mprog attach types. */
    public static final int ATTACH_MASK = REPLACE | BEFORE | AFTER | ID | LINK;

    /** BPF_F_QUERY_EFFECTIVE, the one query flag the syscall layer accepts before tcx sees it. */
    public static final int QUERY_EFFECTIVE = 1;

    private static final String[] NAMES = {"REPLACE", "BEFORE", "AFTER", "ID", "LINK"};
    private static final int[] BITS = {REPLACE, BEFORE, AFTER, ID, LINK};

    private MprogFlags() {
    }

    /** The bit for a flag name, or 0 when the name is unknown. */
    public static int bit(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return BITS[i];
            }
        }
        return 0;
    }

    public static List<String> names(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    public static String knownNames() {
        return String.join(", ", NAMES);
    }
}
