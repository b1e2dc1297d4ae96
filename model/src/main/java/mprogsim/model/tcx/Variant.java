package mprogsim.model.tcx;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalog of protocol mutations (format 1, "Variants"). Each one bends one rule of the kernel's protocol; the
 * planner ({@link TcxPlanner}) and the simulated readers apply them. The sequential spec never applies any.
 */
public enum Variant {
    NO_SYNC_AFTER_SWAP("no_sync_after_swap",
            "no synchronize_rcu after publishing a new entry (attach, detach, link paths)"),
    COMMIT_BEFORE_SYNC("commit_before_sync",
            "bpf_mprog_commit runs right after the publish, before synchronize_rcu"),
    PUT_ON_DELETE("put_on_delete",
            "bpf_mprog_delete drops the deleted prog's reference at once, before the publish"),
    IN_PLACE_UPDATE("in_place_update", "attach and detach edit the active entry instead of the peer"),
    PUBLISH_BEFORE_FILL("publish_before_fill", "the peer is published before the copy into it is complete"),
    NO_WRITER_LOCK("no_writer_lock", "writers do not take the global lock"),
    SHRINK_BY_TOTAL("shrink_by_total",
            "the shrink moves only the live slots, leaving the old last slot behind (no NULL terminator)"),
    READER_USES_COUNT("reader_uses_count",
            "readers run count slots (bundle->count, shared by both entries) instead of stopping at NULL"),
    NO_REVISION_BUMP("no_revision_bump", "commit does not bump the revision"),
    UNINSTALL_NO_SYNC("uninstall_no_sync", "dev_tcx_uninstall drops references without waiting for a grace period"),
    BUNDLE_FREE_NO_RCU("bundle_free_no_rcu", "the bundle is freed with kfree instead of kfree_rcu"),
    READER_TAKES_LOCK("reader_takes_lock",
            "a reader takes the global lock inside its read-side section, after loading the entry pointer"),
    MAX_CHECK_BEFORE_F9B0E1088BBF("max_check_before_f9b0e1088bbf",
            "a full array accepts an insert with BEFORE, as before that kernel fix"),
    MINIQ_FLAG_BEFORE_1CB6F0BAE504("miniq_flag_before_1cb6f0bae504",
            "miniq_active is a flag, not a count: the destroy of a replaced qdisc clears it while the new qdisc "
                    + "still points into the entry, which is freed (CVE-2024-41010)"),
    INGRESS_DESTROY_CLEARS_EGRESS_BEFORE_DC644B540A2D("ingress_destroy_clears_egress_before_dc644b540a2d",
            "the ingress qdisc's destroy clears the egress entry pointer and frees the ingress entry, which stays "
                    + "published"),
    UNINSTALL_FREES_ACTIVE_ENTRY_BEFORE_079082C60AFF("uninstall_frees_active_entry_before_079082c60aff",
            "dev_tcx_uninstall publishes NULL and frees the entry even while a qdisc side still points into it"),
    DETACH_EMPTY_BEFORE_D210F9735E13("detach_empty_before_d210f9735e13",
            "bpf_mprog_detach has no empty-entry check: a detach from the back of an entry a qdisc keeps alive "
                    + "reads slot -1"),
    QUERY_NULL_ENTRY_ENOENT_BEFORE_EDFA9AF0A73E("query_null_entry_enoent_before_edfa9af0a73e",
            "a query on a hook with no entry answers -ENOENT instead of count 0 and revision 1"),
    PUBLISH_WITHOUT_RELEASE("publish_without_release",
            "the new entry is published with WRITE_ONCE instead of rcu_assign_pointer (no release; weak memory only)"),
    ENTRY_LOAD_PLAIN("entry_load_plain",
            "readers load the entry pointer with a plain load instead of rcu_dereference (no address dependency;"
                    + " weak memory only)"),
    SYNC_WITHOUT_BARRIER("sync_without_barrier",
            "the grace period's start is no full barrier, as in a hand-made grace period (LKMM T7): a reader that"
                    + " begins after it may still miss the publish before it (weak memory only)");

    public final String jsonName;
    public final String description;

    Variant(String jsonName, String description) {
        this.jsonName = jsonName;
        this.description = description;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** Whether the variant changes only an access's memory ordering: it has no effect under sequential consistency. */
    public boolean weakOnly() {
        return this == PUBLISH_WITHOUT_RELEASE || this == ENTRY_LOAD_PLAIN || this == SYNC_WITHOUT_BARRIER;
    }

    /** The variants that change something under sequential consistency. */
    public static Variant[] sequentiallyVisible() {
        return java.util.Arrays.stream(values()).filter(v -> !v.weakOnly()).toArray(Variant[]::new);
    }

    public boolean in(int variants) {
        return (variants & bit()) != 0;
    }

    public static Variant byName(String name) {
        for (Variant v : values()) {
            if (v.jsonName.equals(name)) {
                return v;
            }
        }
        return null;
    }

    public static String knownNames() {
        List<String> names = new ArrayList<>();
        for (Variant v : values()) {
            names.add(v.jsonName);
        }
        return String.join(", ", names);
    }

    public static List<String> names(int variants) {
        List<String> out = new ArrayList<>();
        for (Variant v : values()) {
            if (v.in(variants)) {
                out.add(v.jsonName);
            }
        }
        return out;
    }
}
