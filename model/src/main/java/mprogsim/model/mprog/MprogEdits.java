package mprogsim.model.mprog;

/**
 * How a decision becomes memory writes: bpf_mprog_replace, bpf_mprog_insert and bpf_mprog_delete with their
 * memcpy and memmove spelled out slot by slot, in the order the kernel's string functions store them. The switches
 * let the protocol variants bend exactly these mechanics and nothing else.
 */
public final class MprogEdits {
    /** Edit the active entry instead of its peer (no copy). */
    public static final int IN_PLACE = 1;
    /** The shrink moves only the live slots and leaves the old last one behind. */
    public static final int SHRINK_BY_TOTAL = 2;
    /** Drop the deleted prog's reference at once instead of marking it for release at commit. */
    public static final int PUT_ON_DELETE = 4;

    private MprogEdits() {
    }

    /**
     * Appends the stores of {@code d} to {@code plan}. {@code active} is the entry the decision was taken on, with
     * ref {@code activeRef} (bundle * 2 + a/b); {@code bundle} its bundle. Returns the ref of the entry that holds
     * the result (the peer, or the active entry for REPLACE and in-place edits).
     */
    public static int emit(MprogDecision d, MprogEntry active, int activeRef, int bundle, int switches, Plan plan,
                           int replaceVersion) {
        int slots = active.slots();
        switch (d.kind) {
            case MprogDecision.REPLACE -> {
                plan.add(Plan.SLOT_PUBLISH, activeRef, d.slot, d.prog, d.link, replaceVersion);
                if (d.link == 0) {
                    plan.add(Plan.PUT_PROG, d.oldProg);
                }
                return activeRef;
            }
            case MprogDecision.INSERT -> {
                int target = (switches & IN_PLACE) != 0 ? activeRef : activeRef ^ 1;
                if (target != activeRef) {
                    copy(active, target, slots, plan);
                }
                // memmove to a higher address: the kernel's memmove copies from the end backwards.
                for (int j = d.total; j > d.slot; j--) {
                    plan.add(Plan.SLOT_STORE, target, j, active.prog(j - 1), active.link(j - 1), 0);
                }
                plan.add(Plan.SLOT_STORE, target, d.slot, d.prog, d.link, 0);
                plan.add(Plan.COUNT_STORE, bundle, d.total + 1);
                return target;
            }
            case MprogDecision.DELETE -> {
                int target = (switches & IN_PLACE) != 0 ? activeRef : activeRef ^ 1;
                if (target != activeRef) {
                    copy(active, target, slots, plan);
                }
                // The kernel shrinks over the whole array so that the NULL terminator moves down with it.
                int end = (switches & SHRINK_BY_TOTAL) != 0 ? d.total - 1 : slots - 1;
                for (int j = d.slot; j < end; j++) {
                    plan.add(Plan.SLOT_STORE, target, j, active.prog(j + 1), active.link(j + 1), 0);
                }
                plan.add(Plan.COUNT_STORE, bundle, d.total - 1);
                if (d.link == 0) {
                    if ((switches & PUT_ON_DELETE) != 0) {
                        plan.add(Plan.PUT_PROG, d.prog);
                    } else {
                        plan.add(Plan.MARK_RELEASE, bundle, d.prog);
                    }
                }
                return target;
            }
            default -> throw new IllegalArgumentException("no edit for " + d);
        }
    }

    private static void copy(MprogEntry active, int target, int slots, Plan plan) {
        for (int i = 0; i < slots; i++) {
            plan.add(Plan.SLOT_STORE, target, i, active.prog(i), active.link(i), 0);
        }
    }

    /**
     * The program list a correct reader sees after the decision is carried out as the kernel does it: the active
     * entry's list with the one change applied. Written into {@code plan}'s list buffer; returns its offset.
     */
    public static int resultList(MprogDecision d, MprogEntry active, Plan plan) {
        int off = plan.beginList();
        int total = active.total();
        for (int i = 0; i < total; i++) {
            if (d.kind == MprogDecision.INSERT && i == d.slot) {
                plan.listAdd(off, d.prog);
            }
            if (d.kind == MprogDecision.DELETE && i == d.slot) {
                continue;
            }
            plan.listAdd(off, d.kind == MprogDecision.REPLACE && i == d.slot ? d.prog : active.prog(i));
        }
        if (d.kind == MprogDecision.INSERT && d.slot == total) {
            plan.listAdd(off, d.prog);
        }
        return off;
    }
}
