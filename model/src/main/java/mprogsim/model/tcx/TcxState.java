package mprogsim.model.tcx;

import java.util.Arrays;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogEntry;
import mprogsim.model.mprog.MprogObjects;

/**
 * The memory of the simulated kernel, as flat arrays: programs, links, the user's fd table, one network device with
 * its two hooks (ingress, egress) and the bpf_mprog bundles they point to. Handles are small positive ints (0 is
 * NULL); an entry is named by {@code bundle * 2 + (0 for a, 1 for b)}.
 */
public final class TcxState implements MprogObjects {
    public static final int INGRESS = 0;
    public static final int EGRESS = 1;
    /**
     * The two devices of a netkit pair, as hooks: BPF_NETKIT_PRIMARY attaches to the primary device's own entry
     * pointer (nk->active) and embedded bundle, BPF_NETKIT_PEER to the peer device's. Present only in a state made
     * with a netkit pair.
     */
    public static final int NETKIT_PRIMARY = 2;
    public static final int NETKIT_PEER = 3;
    public static final int NULL_ENTRY = -1;

    public static final int TYPE_SCHED_CLS = 3;   // BPF_PROG_TYPE_SCHED_CLS
    public static final int TYPE_SOCKET_FILTER = 1;

    /** Object lifecycle: referenced, last reference dropped, memory freed. */
    public static final int LIVE = 0;
    public static final int RELEASED = 1;
    public static final int FREED = 2;
    /** A bundle whose free waits for a grace period. */
    public static final int FREE_PENDING = 3;
    /** A link handle not created yet. */
    public static final int UNBORN = 4;

    /** Relative-object references handed to bpf_mprog: kind in the top bits, handle or link name below. */
    public static final int REF_PROG = 1 << 24;
    public static final int REF_LINK = 2 << 24;
    private static final int REF_MASK = (1 << 24) - 1;

    public final int maxProgs;
    public final int slots;
    public final int progs;
    public final int linkNames;
    public final int linkCapacity;
    public final int bundleCapacity;
    /** When true, freed bundle memory is reused (long sequential runs); the simulator never reuses memory. */
    public final boolean recycleBundles;

    public final int[] progType;
    public final int[] progRefcnt;
    public final int[] progLife;
    public final boolean[] progFd;

    public int linksCreated;
    public final int[] linkRefcnt;
    public final int[] linkLife;
    public final int[] linkProg;
    public final int[] linkHook;
    public final int[] linkName;
    public final boolean[] linkFd;
    /** tcx_link->dev != NULL. */
    public final boolean[] linkAttached;
    /** The link each name currently refers to, 0 when none was created yet. */
    public final int[] nameBinding;

    /** Per hook, the published entry (dev->tcx_ingress, dev->tcx_egress, and with a netkit pair each nk->active). */
    public final int[] hookEntry;
    public boolean deviceRegistered = true;
    /** Whether the state has a netkit pair: hooks {@link #NETKIT_PRIMARY} and {@link #NETKIT_PEER}, bundles 0 and 1. */
    public final boolean netkit;
    /** Both netkit devices are listed (a delete of either unregisters the pair). */
    public boolean netkitRegistered;

    // ---- the device's ingress/clsact qdisc (net/sched/sch_ingress.c), as far as it touches the tcx entries ----

    /** What sits at the device's ingress parent (ffff:fff1). */
    public static final int QDISC_NONE = 0;
    public static final int QDISC_INGRESS = 1;
    public static final int QDISC_CLSACT = 2;
    /** Shared tc block indices a scenario may name: 1..MAX_BLOCK (indices are per network namespace). */
    public static final int MAX_BLOCK = 8;

    public int qdiscKind;
    /** Ever since the first qdisc request the device has an ingress queue: a missing qdisc is then -EINVAL, not -ENOENT. */
    public boolean ingressQueue;
    /** Per side (ingress, egress) of the qdisc: its shared block index, 0 for a private block of its own. */
    public final int[] qdiscBlock = new int[2];
    /** Per side: whether the private block has chain 0. */
    public final boolean[] privateChain0 = new boolean[2];
    /**
     * Per side: the bundle whose {@code miniq} field the side's mini_Qdisc_pair writes (p_miniq), -1 when the side
     * was never initialised. Set by init, kept until the qdisc is destroyed.
     */
    public final int[] qdiscMiniqBundle = {-1, -1};
    /**
     * References on the qdisc besides the device's own: an RTNL-unlocked tc request holding it makes the device's
     * dev_shutdown leave the destroy to that request's put.
     */
    public int qdiscHolds;
    /** The device went away while the qdisc was held: its destroy runs when the last hold goes. */
    public boolean qdiscDestroyPending;
    /** Shared blocks by index: how many qdisc sides are bound to each, and whether it has chain 0. */
    public final int[] blockBinders = new int[MAX_BLOCK + 1];
    public final boolean[] blockChain0 = new boolean[MAX_BLOCK + 1];
    /** tcx_entry->miniq_active of each bundle: how many qdisc sides keep the entry alive. */
    public final int[] bundleMiniq;

    public int bundlesUsed;
    public final int[] fp;
    public final int[] cp;
    public final int[] bundleCount;
    public final int[] bundleRef;
    public final int[] bundleLife;
    public final long[] bundleRevision;

    private final Cursor cursor = new Cursor();

    public TcxState(int maxProgs, int[] progTypes, int linkNames, int linkCapacity, int bundleCapacity,
                    boolean recycleBundles) {
        this(maxProgs, progTypes, linkNames, linkCapacity, bundleCapacity, recycleBundles, false);
    }

    /**
     * With {@code netkit}, the state also has a netkit pair whose two embedded bundles are bundles 0 and 1 (they live
     * as long as the devices, so they are counted in {@code bundleCapacity} and never freed).
     */
    public TcxState(int maxProgs, int[] progTypes, int linkNames, int linkCapacity, int bundleCapacity,
                    boolean recycleBundles, boolean netkit) {
        this.netkit = netkit;
        this.netkitRegistered = netkit;
        this.hookEntry = netkit ? new int[] {NULL_ENTRY, NULL_ENTRY, NULL_ENTRY, NULL_ENTRY}
                : new int[] {NULL_ENTRY, NULL_ENTRY};
        this.maxProgs = maxProgs;
        this.slots = maxProgs + 1;
        this.progs = progTypes.length - 1;
        this.linkNames = linkNames;
        this.linkCapacity = linkCapacity;
        this.bundleCapacity = bundleCapacity;
        this.recycleBundles = recycleBundles;
        this.progType = progTypes.clone();
        this.progRefcnt = new int[progs + 1];
        this.progLife = new int[progs + 1];
        this.progFd = new boolean[progs + 1];
        for (int p = 1; p <= progs; p++) {
            progRefcnt[p] = 1;
            progFd[p] = true;
        }
        this.linkRefcnt = new int[linkCapacity + 1];
        this.linkLife = new int[linkCapacity + 1];
        Arrays.fill(linkLife, UNBORN);
        this.linkProg = new int[linkCapacity + 1];
        this.linkHook = new int[linkCapacity + 1];
        this.linkName = new int[linkCapacity + 1];
        this.linkFd = new boolean[linkCapacity + 1];
        this.linkAttached = new boolean[linkCapacity + 1];
        this.nameBinding = new int[linkNames];
        this.fp = new int[bundleCapacity * 2 * slots];
        this.cp = new int[bundleCapacity * slots];
        this.bundleCount = new int[bundleCapacity];
        this.bundleRef = new int[bundleCapacity];
        this.bundleLife = new int[bundleCapacity];
        Arrays.fill(bundleLife, UNBORN);
        this.bundleRevision = new long[bundleCapacity];
        this.bundleMiniq = new int[bundleCapacity];
        if (netkit) {
            // bpf_mprog_bundle_init of each device's embedded bundle at device creation: revision 1, nothing active.
            createBundle();
            createBundle();
        }
    }

    /** How many hooks the state has: 2 (tcx ingress and egress), 4 with a netkit pair. */
    public int hooks() {
        return hookEntry.length;
    }

    /** Whether {@code hook} is one of the netkit pair's devices. */
    public static boolean isNetkitHook(int hook) {
        return hook == NETKIT_PRIMARY || hook == NETKIT_PEER;
    }

    /** The embedded bundle of a netkit device (hook {@link #NETKIT_PRIMARY} or {@link #NETKIT_PEER}). */
    public static int netkitBundle(int hook) {
        return hook - NETKIT_PRIMARY;
    }

    /** An identical copy, for resetting a simulation to its initial state without replaying setup. */
    public TcxState copy() {
        TcxState s = new TcxState(maxProgs, progType, linkNames, linkCapacity, bundleCapacity, recycleBundles, netkit);
        s.copyFrom(this);
        return s;
    }

    public void copyFrom(TcxState o) {
        System.arraycopy(o.progRefcnt, 0, progRefcnt, 0, progRefcnt.length);
        System.arraycopy(o.progLife, 0, progLife, 0, progLife.length);
        System.arraycopy(o.progFd, 0, progFd, 0, progFd.length);
        linksCreated = o.linksCreated;
        System.arraycopy(o.linkRefcnt, 0, linkRefcnt, 0, linkRefcnt.length);
        System.arraycopy(o.linkLife, 0, linkLife, 0, linkLife.length);
        System.arraycopy(o.linkProg, 0, linkProg, 0, linkProg.length);
        System.arraycopy(o.linkHook, 0, linkHook, 0, linkHook.length);
        System.arraycopy(o.linkName, 0, linkName, 0, linkName.length);
        System.arraycopy(o.linkFd, 0, linkFd, 0, linkFd.length);
        System.arraycopy(o.linkAttached, 0, linkAttached, 0, linkAttached.length);
        System.arraycopy(o.nameBinding, 0, nameBinding, 0, nameBinding.length);
        System.arraycopy(o.hookEntry, 0, hookEntry, 0, hookEntry.length);
        deviceRegistered = o.deviceRegistered;
        netkitRegistered = o.netkitRegistered;
        bundlesUsed = o.bundlesUsed;
        System.arraycopy(o.fp, 0, fp, 0, fp.length);
        System.arraycopy(o.cp, 0, cp, 0, cp.length);
        System.arraycopy(o.bundleCount, 0, bundleCount, 0, bundleCount.length);
        System.arraycopy(o.bundleRef, 0, bundleRef, 0, bundleRef.length);
        System.arraycopy(o.bundleLife, 0, bundleLife, 0, bundleLife.length);
        System.arraycopy(o.bundleRevision, 0, bundleRevision, 0, bundleRevision.length);
        System.arraycopy(o.bundleMiniq, 0, bundleMiniq, 0, bundleMiniq.length);
        qdiscKind = o.qdiscKind;
        ingressQueue = o.ingressQueue;
        System.arraycopy(o.qdiscBlock, 0, qdiscBlock, 0, 2);
        System.arraycopy(o.privateChain0, 0, privateChain0, 0, 2);
        System.arraycopy(o.qdiscMiniqBundle, 0, qdiscMiniqBundle, 0, 2);
        qdiscHolds = o.qdiscHolds;
        qdiscDestroyPending = o.qdiscDestroyPending;
        System.arraycopy(o.blockBinders, 0, blockBinders, 0, blockBinders.length);
        System.arraycopy(o.blockChain0, 0, blockChain0, 0, blockChain0.length);
    }

    // ---- bundles and entries -------------------------------------------------------------------------------

    /** tcx_entry_create: a zeroed bundle with revision 1; returns its entry a, or -1 when memory is exhausted. */
    public int createBundle() {
        int b = -1;
        if (recycleBundles) {
            for (int i = 0; i < bundlesUsed; i++) {
                if (bundleLife[i] == FREED) {
                    b = i;
                    break;
                }
            }
        }
        if (b < 0) {
            if (bundlesUsed == bundleCapacity) {
                return -1;
            }
            b = bundlesUsed++;
        }
        Arrays.fill(fp, b * 2 * slots, (b + 1) * 2 * slots, 0);
        Arrays.fill(cp, b * slots, (b + 1) * slots, 0);
        bundleCount[b] = 0;
        bundleRef[b] = 0;
        bundleRevision[b] = 1;
        bundleMiniq[b] = 0;
        bundleLife[b] = LIVE;
        return b * 2;
    }

    /**
     * A new link handle: the next unused one, or with {@link #recycleBundles} a freed one once all are used; -1
     * when memory is exhausted.
     */
    public int allocLink() {
        if (linksCreated < linkCapacity) {
            return ++linksCreated;
        }
        if (recycleBundles) {
            for (int l = 1; l <= linksCreated; l++) {
                if (linkLife[l] == FREED) {
                    // The names of the freed link now name nothing, as a closed fd does.
                    for (int n = 0; n < nameBinding.length; n++) {
                        if (nameBinding[n] == l) {
                            nameBinding[n] = 0;
                        }
                    }
                    return l;
                }
            }
        }
        return -1;
    }

    public static int bundleOf(int entryRef) {
        return entryRef >> 1;
    }

    public int fpIndex(int entryRef, int slot) {
        return entryRef * slots + slot;
    }

    public int cpIndex(int bundle, int slot) {
        return bundle * slots + slot;
    }

    /** A reusable view of one entry for {@link mprogsim.model.mprog.MprogAlgorithm}. */
    public MprogEntry entry(int entryRef) {
        cursor.entryRef = entryRef;
        return cursor;
    }

    private final class Cursor implements MprogEntry {
        int entryRef;

        @Override
        public int total() {
            return bundleCount[entryRef >> 1];
        }

        @Override
        public int prog(int slot) {
            return fp[entryRef * slots + slot];
        }

        @Override
        public int link(int slot) {
            return cp[(entryRef >> 1) * slots + slot];
        }

        @Override
        public long revision() {
            return bundleRevision[entryRef >> 1];
        }

        @Override
        public int slots() {
            return slots;
        }
    }

    /** The programs of an entry up to its NULL terminator (at most the whole array). */
    public int[] entryProgs(int entryRef) {
        if (entryRef == NULL_ENTRY) {
            return new int[0];
        }
        int n = 0;
        while (n < slots && fp[entryRef * slots + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(fp, entryRef * slots, entryRef * slots + n);
    }

    // ---- object lookups (the kernel's fdget / idr lookups) --------------------------------------------------

    public static int progRef(int prog) {
        return REF_PROG | prog;
    }

    public static int linkRef(int name) {
        return REF_LINK | name;
    }

    /** bpf_prog_get_type(fd, type): the prog behind an fd, checked for type when type != 0. */
    public int progGetByFd(int ref, int type) {
        if ((ref & REF_LINK) == REF_LINK) {
            int l = nameBinding[ref & REF_MASK];
            return l == 0 || !linkFd[l] ? -Errno.EBADF : -Errno.EINVAL;
        }
        int p = ref & REF_MASK;
        if (!progFd[p]) {
            return -Errno.EBADF;
        }
        if (type != 0 && progType[p] != type) {
            return -Errno.EINVAL;
        }
        return p;
    }

    /** bpf_link_get_from_fd. */
    public int linkGetByFd(int ref) {
        if ((ref & REF_LINK) == REF_LINK) {
            int l = nameBinding[ref & REF_MASK];
            return l == 0 || !linkFd[l] ? -Errno.EBADF : l;
        }
        int p = ref & REF_MASK;
        return progFd[p] ? -Errno.EINVAL : -Errno.EBADF;
    }

    @Override
    public int progType(int prog) {
        return progType[prog];
    }

    @Override
    public int progByRef(int ref, boolean byId) {
        if (!byId) {
            return progGetByFd(ref, 0);
        }
        // Prog ids and link ids live in separate id spaces; a link's id names no prog of this scenario.
        if ((ref & REF_LINK) == REF_LINK) {
            return -Errno.ENOENT;
        }
        int p = ref & REF_MASK;
        // bpf_prog_by_id finds a prog only while it can still take a reference (refcount above zero).
        return progRefcnt[p] > 0 ? p : -Errno.ENOENT;
    }

    @Override
    public int linkByRef(int ref, boolean byId) {
        if (!byId) {
            return linkGetByFd(ref);
        }
        if ((ref & REF_LINK) != REF_LINK) {
            return -Errno.ENOENT;
        }
        int l = nameBinding[ref & REF_MASK];
        return l != 0 && linkLife[l] == LIVE ? l : -Errno.ENOENT;
    }

    @Override
    public int linkProg(int link) {
        return linkProg[link];
    }

    // ---- reference counts ---------------------------------------------------------------------------------

    /**
     * bpf_prog_put: returns 1 when this put dropped the last reference (the prog is released now), -1 when the
     * count went below zero, 0 otherwise.
     */
    public int putProg(int p) {
        int r = --progRefcnt[p];
        if (r == 0) {
            progLife[p] = RELEASED;
            return 1;
        }
        return r < 0 ? -1 : 0;
    }

    public int putLink(int l) {
        int r = --linkRefcnt[l];
        if (r == 0) {
            linkLife[l] = RELEASED;
            return 1;
        }
        return r < 0 ? -1 : 0;
    }

    // ---- summaries ----------------------------------------------------------------------------------------

    /** How many slots of the entry a reader runs: those before the first NULL, within the array. */
    public int walkLength(int entryRef) {
        int n = 0;
        while (n < slots && fp[fpIndex(entryRef, n)] != 0) {
            n++;
        }
        return n;
    }

    /** The hook's entry as (prog, link) pairs up to total, for final-state comparisons. */
    public String hookSummary(int hook) {
        int e = hookEntry[hook];
        if (e == NULL_ENTRY) {
            return "none";
        }
        int b = bundleOf(e);
        StringBuilder sb = new StringBuilder();
        sb.append("rev ").append(bundleRevision[b]).append(" [");
        int total = bundleCount[b];
        for (int i = 0; i < total && i < slots; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(fp[e * slots + i]);
            int l = cp[b * slots + i];
            if (l != 0) {
                sb.append('/').append(l);
            }
        }
        return sb.append(']').toString();
    }

    /** Every field, as text: equal texts for equal memories (tests compare states reached in different orders). */
    public void dump(StringBuilder sb) {
        sb.append("progs ").append(Arrays.toString(progRefcnt)).append(Arrays.toString(progLife))
                .append(Arrays.toString(progFd)).append(" links ").append(linksCreated)
                .append(Arrays.toString(linkRefcnt)).append(Arrays.toString(linkLife))
                .append(Arrays.toString(linkProg)).append(Arrays.toString(linkHook))
                .append(Arrays.toString(linkName)).append(Arrays.toString(linkFd))
                .append(Arrays.toString(linkAttached)).append(Arrays.toString(nameBinding)).append(" hooks ")
                .append(hookEntry[0]).append(',').append(hookEntry[1]).append(deviceRegistered ? " dev" : " nodev")
                .append(" bundles ").append(bundlesUsed).append(Arrays.toString(fp)).append(Arrays.toString(cp))
                .append(Arrays.toString(bundleCount)).append(Arrays.toString(bundleRef))
                .append(Arrays.toString(bundleLife)).append(Arrays.toString(bundleRevision))
                .append(Arrays.toString(bundleMiniq)).append(" qdisc ").append(qdiscKind).append(ingressQueue ? "q" : "")
                .append(Arrays.toString(qdiscBlock)).append(Arrays.toString(privateChain0))
                .append(Arrays.toString(qdiscMiniqBundle)).append(" holds ").append(qdiscHolds)
                .append(qdiscDestroyPending ? " pending" : "").append(" blocks ").append(Arrays.toString(blockBinders))
                .append(Arrays.toString(blockChain0));
        if (netkit) {
            sb.append(" netkit ").append(hookEntry[NETKIT_PRIMARY]).append(',').append(hookEntry[NETKIT_PEER])
                    .append(netkitRegistered ? " dev" : " nodev");
        }
        sb.append('\n');
    }

    /** How many ints the device's qdisc and the shared blocks take in saved and canonical states. */
    private static final int QDISC_INTS = 12 + 2 * (MAX_BLOCK + 1);

    /** The qdisc at the ingress parent, its sides and the shared blocks: RTNL state that plans read and change. */
    private int saveQdisc(int[] out, int k) {
        out[k++] = qdiscKind;
        out[k++] = ingressQueue ? 1 : 0;
        out[k++] = qdiscHolds;
        out[k++] = qdiscDestroyPending ? 1 : 0;
        for (int side = 0; side < 2; side++) {
            out[k++] = qdiscBlock[side];
            out[k++] = privateChain0[side] ? 1 : 0;
            out[k++] = qdiscMiniqBundle[side];
        }
        out[k++] = 0;
        out[k++] = 0;
        for (int b = 0; b <= MAX_BLOCK; b++) {
            out[k++] = blockBinders[b];
            out[k++] = blockChain0[b] ? 1 : 0;
        }
        return k;
    }

    private int restoreQdisc(int[] in, int k) {
        qdiscKind = in[k++];
        ingressQueue = in[k++] != 0;
        qdiscHolds = in[k++];
        qdiscDestroyPending = in[k++] != 0;
        for (int side = 0; side < 2; side++) {
            qdiscBlock[side] = in[k++];
            privateChain0[side] = in[k++] != 0;
            qdiscMiniqBundle[side] = in[k++];
        }
        k += 2;
        for (int b = 0; b <= MAX_BLOCK; b++) {
            blockBinders[b] = in[k++];
            blockChain0[b] = in[k++] != 0;
        }
        return k;
    }

    // ---- saved state (the stateful search): every mutable field, in one block -------------------------------

    /** How many ints {@link #saveState} writes: every mutable field (booleans as ints, longs as two ints). */
    public int stateInts() {
        return 3 * (progs + 1) + 1 + 8 * (linkCapacity + 1) + linkNames + 4 + fp.length + cp.length
                + 6 * bundleCapacity + QDISC_INTS + (netkit ? 3 : 0);
    }

    /** Writes every mutable field into {@code out} from {@code k}; returns the offset after them. */
    public int saveState(int[] out, int k) {
        for (int q = 0; q <= progs; q++) {
            out[k++] = progRefcnt[q];
            out[k++] = progLife[q];
            out[k++] = progFd[q] ? 1 : 0;
        }
        out[k++] = linksCreated;
        for (int l = 0; l <= linkCapacity; l++) {
            out[k++] = linkRefcnt[l];
            out[k++] = linkLife[l];
            out[k++] = linkProg[l];
            out[k++] = linkHook[l];
            out[k++] = linkName[l];
            out[k++] = linkFd[l] ? 1 : 0;
            out[k++] = linkAttached[l] ? 1 : 0;
            out[k++] = 0;
        }
        System.arraycopy(nameBinding, 0, out, k, linkNames);
        k += linkNames;
        out[k++] = hookEntry[0];
        out[k++] = hookEntry[1];
        out[k++] = deviceRegistered ? 1 : 0;
        out[k++] = bundlesUsed;
        System.arraycopy(fp, 0, out, k, fp.length);
        k += fp.length;
        System.arraycopy(cp, 0, out, k, cp.length);
        k += cp.length;
        for (int b = 0; b < bundleCapacity; b++) {
            out[k++] = bundleCount[b];
            out[k++] = bundleRef[b];
            out[k++] = bundleLife[b];
            out[k++] = bundleMiniq[b];
            out[k++] = (int) (bundleRevision[b] >>> 32);
            out[k++] = (int) bundleRevision[b];
        }
        return saveNetkit(out, saveQdisc(out, k));
    }

    /** The netkit pair's two entry pointers and whether it is listed (only in a state with the pair). */
    private int saveNetkit(int[] out, int k) {
        if (netkit) {
            out[k++] = hookEntry[NETKIT_PRIMARY];
            out[k++] = hookEntry[NETKIT_PEER];
            out[k++] = netkitRegistered ? 1 : 0;
        }
        return k;
    }

    /** Reads back what {@link #saveState} wrote; returns the offset after it. */
    public int restoreState(int[] in, int k) {
        for (int q = 0; q <= progs; q++) {
            progRefcnt[q] = in[k++];
            progLife[q] = in[k++];
            progFd[q] = in[k++] != 0;
        }
        linksCreated = in[k++];
        for (int l = 0; l <= linkCapacity; l++) {
            linkRefcnt[l] = in[k++];
            linkLife[l] = in[k++];
            linkProg[l] = in[k++];
            linkHook[l] = in[k++];
            linkName[l] = in[k++];
            linkFd[l] = in[k++] != 0;
            linkAttached[l] = in[k++] != 0;
            k++;
        }
        System.arraycopy(in, k, nameBinding, 0, linkNames);
        k += linkNames;
        hookEntry[0] = in[k++];
        hookEntry[1] = in[k++];
        deviceRegistered = in[k++] != 0;
        bundlesUsed = in[k++];
        System.arraycopy(in, k, fp, 0, fp.length);
        k += fp.length;
        System.arraycopy(in, k, cp, 0, cp.length);
        k += cp.length;
        for (int b = 0; b < bundleCapacity; b++) {
            bundleCount[b] = in[k++];
            bundleRef[b] = in[k++];
            bundleLife[b] = in[k++];
            bundleMiniq[b] = in[k++];
            bundleRevision[b] = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        }
        k = restoreQdisc(in, k);
        if (netkit) {
            hookEntry[NETKIT_PRIMARY] = in[k++];
            hookEntry[NETKIT_PEER] = in[k++];
            netkitRegistered = in[k++] != 0;
        }
        return k;
    }

    /**
     * The canonical form of the memory: every field a later step or check can read, without what a run cannot
     * have touched yet (links not created, bundles not allocated: still in their initial, empty state).
     */
    public int canonicalState(int[] out, int k) {
        for (int q = 1; q <= progs; q++) {
            out[k++] = progRefcnt[q];
            out[k++] = progLife[q] | (progFd[q] ? 8 : 0);
        }
        out[k++] = linksCreated;
        for (int l = 1; l <= linksCreated; l++) {
            out[k++] = linkRefcnt[l];
            out[k++] = linkLife[l] | (linkFd[l] ? 8 : 0) | (linkAttached[l] ? 16 : 0);
            out[k++] = linkHook[l];
            out[k++] = linkProg[l];
            out[k++] = linkName[l];
        }
        for (int i = 0; i < linkNames; i++) {
            out[k++] = nameBinding[i];
        }
        out[k++] = hookEntry[0];
        out[k++] = hookEntry[1];
        out[k++] = deviceRegistered ? 1 : 0;
        out[k++] = bundlesUsed;
        int entrySlots = 2 * slots;
        for (int b = 0; b < bundlesUsed; b++) {
            System.arraycopy(fp, b * entrySlots, out, k, entrySlots);
            k += entrySlots;
            System.arraycopy(cp, b * slots, out, k, slots);
            k += slots;
            out[k++] = bundleCount[b];
            out[k++] = bundleRef[b];
            out[k++] = bundleLife[b];
            out[k++] = bundleMiniq[b];
            out[k++] = (int) (bundleRevision[b] >>> 32);
            out[k++] = (int) bundleRevision[b];
        }
        return saveNetkit(out, saveQdisc(out, k));
    }
}
