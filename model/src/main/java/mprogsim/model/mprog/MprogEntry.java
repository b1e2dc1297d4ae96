package mprogsim.model.mprog;

/**
 * A read view of one bpf_mprog_entry and the bundle it belongs to, as the control plane sees it under the
 * writer lock. Program and link handles are positive ints; 0 is NULL.
 */
public interface MprogEntry {
    /** bundle->count, shared by both entries of the bundle. */
    int total();

    /** fp_items[slot].prog of this entry. */
    int prog(int slot);

    /** The bundle's cp_items[slot].link. */
    int link(int slot);

    long revision();

    /** ARRAY_SIZE(fp_items): bpf_mprog_max() + 1, the last slot being the NULL terminator. */
    int slots();
}
