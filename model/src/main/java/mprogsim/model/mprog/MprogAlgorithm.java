package mprogsim.model.mprog;

/**
 * The bpf_mprog control-plane algorithm (kernel/bpf/mprog.c, include/linux/bpf_mprog.h), ported as pure decisions
 * over an {@link MprogEntry} view. This is the only copy of the algorithm in the project: the sequential spec, the
 * simulator's writers and the concurrent implementation all call it. It never writes memory; {@link MprogEdits}
 * turns a decision into the individual stores the kernel performs.
 */
public final class MprogAlgorithm {
    private MprogAlgorithm() {
    }

    /** bpf_mprog_max(): one slot of the array always stays NULL. */
    public static int max(MprogEntry entry) {
        return entry.slots() - 1;
    }

    /** bpf_mprog_exists: walks the entry until its NULL terminator. */
    public static boolean exists(MprogEntry entry, int prog) {
        int n = entry.slots();
        for (int i = 0; i < n; i++) {
            int p = entry.prog(i);
            if (p == 0) {
                return false;
            }
            if (p == prog) {
                return true;
            }
        }
        return false;
    }

    // A relative tuple is returned packed: prog in the low 32 bits, link in the high 32 bits; a negative
    // errno is returned as a negative long. Packing keeps the hot path free of allocation.
    private static long tuple(int prog, int link) {
        return ((long) link << 32) | (prog & 0xffffffffL);
    }

    private static int tupleProg(long t) {
        return (int) t;
    }

    private static int tupleLink(long t) {
        return (int) (t >>> 32);
    }

    /**
     * bpf_mprog_tuple_relative: what relative_fd/relative_id and the LINK and ID flags name. {@code ref} is 0 when
     * nothing was passed. {@code type} is the prog type to insist on, 0 for none.
     */
    static long relative(MprogObjects objects, int ref, int flags, int type) {
        boolean byId = (flags & MprogFlags.ID) != 0;
        if ((flags & MprogFlags.LINK) != 0) {
            int link;
            if (byId) {
                link = ref == 0 ? -Errno.ENOENT : objects.linkByRef(ref, true);
            } else if (ref != 0) {
                link = objects.linkByRef(ref, false);
            } else {
                link = -Errno.EINVAL;
            }
            if (link < 0) {
                return link;
            }
            int prog = objects.linkProg(link);
            if (type != 0 && objects.progType(prog) != type) {
                return -Errno.EINVAL;
            }
            return tuple(prog, link);
        }
        if (!byId && ref == 0) {
            return tuple(0, 0);
        }
        int prog = byId ? (ref == 0 ? -Errno.ENOENT : objects.progByRef(ref, true)) : objects.progByRef(ref, false);
        if (prog < 0) {
            return prog;
        }
        if (type != 0 && objects.progType(prog) != type) {
            return -Errno.EINVAL;
        }
        return tuple(prog, 0);
    }

    /** bpf_mprog_pos_exact: the slot holding exactly this prog (and link), -EBUSY or -ENOENT. */
    static int posExact(MprogEntry entry, int prog, int link) {
        int total = entry.total();
        for (int i = 0; i < total; i++) {
            if (entry.prog(i) == prog) {
                return entry.link(i) == link ? i : -Errno.EBUSY;
            }
        }
        return -Errno.ENOENT;
    }

    /** bpf_mprog_pos_before: the slot just before the relative element, -1 for the front. */
    static int posBefore(MprogEntry entry, int prog, int link) {
        int total = entry.total();
        for (int i = 0; i < total; i++) {
            if (entry.prog(i) == prog && (link == 0 || entry.link(i) == link)) {
                return i - 1;
            }
        }
        return prog != 0 ? -Errno.ENOENT : -1;
    }

    /** bpf_mprog_pos_after: the slot just after the relative element, total for the back. */
    static int posAfter(MprogEntry entry, int prog, int link) {
        int total = entry.total();
        for (int i = 0; i < total; i++) {
            if (entry.prog(i) == prog && (link == 0 || entry.link(i) == link)) {
                return i + 1;
            }
        }
        return prog != 0 ? -Errno.ENOENT : total;
    }

    /**
     * The position rules shared by attach and detach: REPLACE or an exact prog gives a slot, BEFORE and AFTER give
     * slots that must all agree. Returns the agreed index (possibly still the "unset" marker) or an errno below -1
     * encoded as {@code Integer.MIN_VALUE + errno} so that -1 stays a valid index.
     */
    private static final int UNSET = -Errno.ERANGE;

    private static int errnoMarker(int errno) {
        return Integer.MIN_VALUE + (-errno);
    }

    private static boolean isMarker(int v) {
        return v < -Errno.ERANGE - 1000;
    }

    private static int markerErrno(int v) {
        return -(v - Integer.MIN_VALUE);
    }

    private static int beforeAfter(MprogEntry entry, int idx, int flags, int relProg, int relLink) {
        if ((flags & MprogFlags.BEFORE) != 0) {
            int t = posBefore(entry, relProg, relLink);
            if (t < -1 || (idx >= -1 && t != idx)) {
                return errnoMarker(t < -1 ? t : -Errno.ERANGE);
            }
            idx = t;
        }
        if ((flags & MprogFlags.AFTER) != 0) {
            int t = posAfter(entry, relProg, relLink);
            if (t < -1 || (idx >= -1 && t != idx)) {
                return errnoMarker(t < 0 ? t : -Errno.ERANGE);
            }
            idx = t;
        }
        return idx;
    }

    /**
     * bpf_mprog_attach. {@code progOld} is the prog to replace (REPLACE), {@code link} the link attaching (0 for the
     * opts path). {@code legacyMaxCheck} drops the "array already full" check, as the kernel did before commit
     * f9b0e1088bbf, so that a full array still accepts an insert before an element.
     */
    public static void attach(MprogEntry entry, MprogObjects objects, int progNew, int link, int progOld, int flags,
                              int relRef, long revision, boolean legacyMaxCheck, MprogDecision out) {
        out.reset();
        if (revision != 0 && revision != entry.revision()) {
            out.fail(-Errno.ESTALE);
            return;
        }
        if (exists(entry, progNew)) {
            out.fail(-Errno.EEXIST);
            return;
        }
        long rel = relative(objects, relRef, flags & ~MprogFlags.REPLACE, objects.progType(progNew));
        if (rel < 0) {
            out.fail((int) rel);
            return;
        }
        int relProg = tupleProg(rel);
        int relLink = tupleLink(rel);
        int idx = UNSET;
        if ((flags & MprogFlags.REPLACE) != 0) {
            int t = posExact(entry, progOld, link);
            if (t < 0) {
                out.fail(t);
                return;
            }
            idx = t;
        } else if (!legacyMaxCheck && entry.total() == max(entry)) {
            out.fail(-Errno.ERANGE);
            return;
        }
        idx = beforeAfter(entry, idx, flags, relProg, relLink);
        if (isMarker(idx)) {
            out.fail(markerErrno(idx));
            return;
        }
        if (idx < -1) {
            if (relProg != 0 || flags != 0) {
                out.fail(-Errno.EINVAL);
                return;
            }
            idx = entry.total();
            flags = MprogFlags.AFTER;
        }
        if (idx >= max(entry)) {
            out.fail(-Errno.ERANGE);
            return;
        }
        int total = entry.total();
        out.total = total;
        out.prog = progNew;
        out.link = link;
        if ((flags & MprogFlags.REPLACE) != 0) {
            out.kind = MprogDecision.REPLACE;
            out.slot = idx;
            out.oldProg = entry.prog(idx);
            return;
        }
        out.kind = MprogDecision.INSERT;
        // The new element's slot in the peer: appending keeps idx, BEFORE shifts by one (the old index is the
        // element in front of the relative one).
        out.slot = (idx != total && (flags & MprogFlags.BEFORE) != 0) ? idx + 1 : idx;
    }

    /**
     * bpf_mprog_detach. {@code prog} and {@code link} name the element to remove (0 when detaching by position).
     */
    public static void detach(MprogEntry entry, MprogObjects objects, int prog, int link, int flags, int relRef,
                              long revision, MprogDecision out) {
        detach(entry, objects, prog, link, flags, relRef, revision, true, out);
    }

    /**
     * bpf_mprog_detach; {@code emptyCheck} false leaves out the early -ENOENT on an empty entry that kernel commit
     * d210f9735e13 added, so that a detach from the back of an empty entry fetches slot -1.
     */
    public static void detach(MprogEntry entry, MprogObjects objects, int prog, int link, int flags, int relRef,
                              long revision, boolean emptyCheck, MprogDecision out) {
        out.reset();
        if ((flags & MprogFlags.REPLACE) != 0) {
            out.fail(-Errno.EINVAL);
            return;
        }
        if (revision != 0 && revision != entry.revision()) {
            out.fail(-Errno.ESTALE);
            return;
        }
        if (emptyCheck && entry.total() == 0) {
            out.fail(-Errno.ENOENT);
            return;
        }
        long rel = relative(objects, relRef, flags, prog != 0 ? objects.progType(prog) : 0);
        if (rel < 0) {
            out.fail((int) rel);
            return;
        }
        int relProg = tupleProg(rel);
        int relLink = tupleLink(rel);
        int idx = UNSET;
        if (prog != 0) {
            int t = posExact(entry, prog, link);
            if (t < 0) {
                out.fail(t);
                return;
            }
            idx = t;
        }
        idx = beforeAfter(entry, idx, flags, relProg, relLink);
        if (isMarker(idx)) {
            out.fail(markerErrno(idx));
            return;
        }
        if (idx < -1) {
            if (relProg != 0 || flags != 0) {
                out.fail(-Errno.EINVAL);
                return;
            }
            idx = entry.total();
        }
        if (idx >= max(entry)) {
            out.fail(-Errno.ERANGE);
            return;
        }
        // bpf_mprog_fetch: front and back positions name the first and last element.
        int total = entry.total();
        if (idx == -1) {
            idx = 0;
        } else if (idx == total) {
            idx = total - 1;
        }
        if (idx < 0) {
            // Only an empty entry gets here: the slot before the first is outside the array, and what is read
            // there is taken as no prog.
            out.fail(-Errno.ENOENT);
            out.readSlotBeforeFirst = true;
            return;
        }
        int slotProg = entry.prog(idx);
        int slotLink = entry.link(idx);
        if (slotLink != 0 && link == 0) {
            out.fail(-Errno.EBUSY);
            return;
        }
        out.kind = MprogDecision.DELETE;
        out.total = total;
        out.slot = idx;
        out.prog = slotProg;
        out.link = slotLink;
    }

    /**
     * bpf_mprog_query over an entry (null when the hook has none). {@code capacity} is the caller's prog_ids buffer
     * size, -1 for no buffer. Fills the ids (prog and link handles) and returns the syscall's return value.
     */
    public static int query(MprogEntry entry, int capacity, QueryResult out) {
        out.reset();
        long revision = 1;
        int count = 0;
        if (entry != null) {
            revision = entry.revision();
            count = entry.total();
        }
        out.count = count;
        out.revision = revision;
        if (capacity <= 0 || count == 0) {
            out.ret = 0;
            return 0;
        }
        int ret = 0;
        int fill = count;
        if (capacity < count) {
            fill = capacity;
            ret = -Errno.ENOSPC;
        }
        int max = max(entry);
        for (int i = 0; i < max; i++) {
            int p = entry.prog(i);
            if (p == 0) {
                break;
            }
            out.add(p, entry.link(i));
            if (i + 1 == fill) {
                break;
            }
        }
        out.ret = ret;
        return ret;
    }
}
