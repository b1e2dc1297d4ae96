package mprogsim.model.tcx;

import mprogsim.model.mprog.MprogFlags;

/**
 * One control-plane operation with every argument resolved to handles: progs by handle, links by link name index
 * (a name is bound to the link object its link_create made). Built by the scenario loader or a fuzzer; immutable.
 */
public final class TcxOp {
    public final OpKind kind;
    public final int hook;
    /** The prog the op names (attach, detach, link_create, link_update's new prog, close), 0 for none. */
    public final int prog;
    public final int flags;
    /** Relative object as a {@link TcxState} reference (REF_PROG|prog, REF_LINK|name), 0 for none. */
    public final int relative;
    /** REPLACE: the prog to replace; 0 passes fd 0. */
    public final int replace;
    public final long expectedRevision;
    /** Link ops: the link name index; for LINK_RELEASE the link handle itself. */
    public final int link;
    /** link_update: the expected old prog, 0 for none. */
    public final int oldProg;
    /** query: size of the prog_ids buffer, -1 for none. */
    public final int countCapacity;
    public final int queryFlags;
    /** Qdisc ops: {@link TcxState#QDISC_INGRESS} or {@link TcxState#QDISC_CLSACT}. */
    public final int qdiscKind;
    /**
     * Qdisc ops: the TCA_INGRESS_BLOCK and TCA_EGRESS_BLOCK indices passed, 0 for none. chain_add: the shared block
     * addressed by index (with {@link #hook} -1), 0 when the chain is addressed through the device and hook.
     */
    public final int ingressBlock;
    public final int egressBlock;

    /** Which ifindex an op addressed to a netkit hook passes: the primary's (default), the peer's, ... */
    public static final int TARGET_PRIMARY = 0;
    public static final int TARGET_PEER = 1;
    /** ... a device that is not netkit (lo), or an ifindex naming no device. */
    public static final int TARGET_OTHER = 2;
    public static final int TARGET_MISSING = 3;
    /** Netkit attach, detach, query and link_create: the device the op's ifindex names ({@code TARGET_*}). */
    public final int target;
    /** Teardown: {@link mprogsim.model.mprog.Plan#DEVICE_TCX} or {@link mprogsim.model.mprog.Plan#DEVICE_NETKIT}. */
    public final int device;

    private TcxOp(OpKind kind, int hook, int prog, int flags, int relative, int replace, long expectedRevision,
                  int link, int oldProg, int countCapacity, int queryFlags) {
        this(kind, hook, prog, flags, relative, replace, expectedRevision, link, oldProg, countCapacity, queryFlags,
                0, 0, 0);
    }

    private TcxOp(OpKind kind, int hook, int prog, int flags, int relative, int replace, long expectedRevision,
                  int link, int oldProg, int countCapacity, int queryFlags, int qdiscKind, int ingressBlock,
                  int egressBlock) {
        this(kind, hook, prog, flags, relative, replace, expectedRevision, link, oldProg, countCapacity, queryFlags,
                qdiscKind, ingressBlock, egressBlock, TARGET_PRIMARY, 0);
    }

    private TcxOp(OpKind kind, int hook, int prog, int flags, int relative, int replace, long expectedRevision,
                  int link, int oldProg, int countCapacity, int queryFlags, int qdiscKind, int ingressBlock,
                  int egressBlock, int target, int device) {
        this.target = target;
        this.device = device;
        this.kind = kind;
        this.hook = hook;
        this.prog = prog;
        this.flags = flags;
        this.relative = relative;
        this.replace = replace;
        this.expectedRevision = expectedRevision;
        this.link = link;
        this.oldProg = oldProg;
        this.countCapacity = countCapacity;
        this.queryFlags = queryFlags;
        this.qdiscKind = qdiscKind;
        this.ingressBlock = ingressBlock;
        this.egressBlock = egressBlock;
    }

    public static TcxOp attach(int hook, int prog, int flags, int relative, int replace, long expectedRevision) {
        return new TcxOp(OpKind.ATTACH, hook, prog, flags, relative, replace, expectedRevision, 0, 0, -1, 0);
    }

    public static TcxOp detach(int hook, int prog, int flags, int relative, long expectedRevision) {
        return new TcxOp(OpKind.DETACH, hook, prog, flags, relative, 0, expectedRevision, 0, 0, -1, 0);
    }

    public static TcxOp linkCreate(int hook, int linkName, int prog, int flags, int relative, long expectedRevision) {
        return new TcxOp(OpKind.LINK_CREATE, hook, prog, flags, relative, 0, expectedRevision, linkName, 0, -1, 0);
    }

    public static TcxOp linkUpdate(int linkName, int newProg, int oldProg) {
        return new TcxOp(OpKind.LINK_UPDATE, -1, newProg, oldProg != 0 ? MprogFlags.REPLACE : 0, 0, 0, 0, linkName,
                oldProg, -1, 0);
    }

    public static TcxOp linkDetach(int linkName) {
        return new TcxOp(OpKind.LINK_DETACH, -1, 0, 0, 0, 0, 0, linkName, 0, -1, 0);
    }

    public static TcxOp query(int hook, int countCapacity, int queryFlags) {
        return new TcxOp(OpKind.QUERY, hook, 0, 0, 0, 0, 0, 0, 0, countCapacity, queryFlags);
    }

    public static TcxOp closeProg(int prog) {
        return new TcxOp(OpKind.CLOSE_PROG, -1, prog, 0, 0, 0, 0, 0, 0, -1, 0);
    }

    public static TcxOp closeLink(int linkName) {
        return new TcxOp(OpKind.CLOSE_LINK, -1, 0, 0, 0, 0, 0, linkName, 0, -1, 0);
    }

    public static TcxOp linkRelease(int linkHandle) {
        return new TcxOp(OpKind.LINK_RELEASE, -1, 0, 0, 0, 0, 0, linkHandle, 0, -1, 0);
    }

    public static TcxOp teardown() {
        return new TcxOp(OpKind.TEARDOWN, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0);
    }

    /** The deletion of the netkit pair (ip link del of either device): netkit_uninit of each device. */
    public static TcxOp netkitTeardown() {
        return new TcxOp(OpKind.TEARDOWN, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, TARGET_PRIMARY,
                mprogsim.model.mprog.Plan.DEVICE_NETKIT);
    }

    /** The same op on another hook (a tcx scenario moved onto the netkit pair, in tests). */
    public TcxOp onHook(int newHook) {
        return new TcxOp(kind, newHook, prog, flags, relative, replace, expectedRevision, link, oldProg, countCapacity,
                queryFlags, qdiscKind, ingressBlock, egressBlock, target, device);
    }

    /** The same op with its ifindex naming another device ({@code TARGET_*}); only netkit ops look at it. */
    public TcxOp withTarget(int newTarget) {
        return new TcxOp(kind, hook, prog, flags, relative, replace, expectedRevision, link, oldProg, countCapacity,
                queryFlags, qdiscKind, ingressBlock, egressBlock, newTarget, device);
    }

    /** An ingress or clsact qdisc created exclusively (tc qdisc add), with shared block indices or 0. */
    public static TcxOp qdiscAdd(int qdiscKind, int ingressBlock, int egressBlock) {
        return new TcxOp(OpKind.QDISC_ADD, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, qdiscKind, ingressBlock, egressBlock);
    }

    /** Create-or-replace at the ingress parent with handle 0: a qdisc of another kind is created and grafted. */
    public static TcxOp qdiscReplace(int qdiscKind, int ingressBlock, int egressBlock) {
        return new TcxOp(OpKind.QDISC_REPLACE, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, qdiscKind, ingressBlock,
                egressBlock);
    }

    /** tc qdisc del of the given kind at the ingress parent. */
    public static TcxOp qdiscDelete(int qdiscKind) {
        return new TcxOp(OpKind.QDISC_DELETE, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, qdiscKind, 0, 0);
    }

    /** Chain 0 created in the block behind {@code hook} of the device's qdisc. */
    public static TcxOp chainAddOnHook(int hook) {
        return new TcxOp(OpKind.CHAIN_ADD, hook, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0);
    }

    /** Chain 0 created in shared block {@code block}. */
    public static TcxOp chainAddOnBlock(int block) {
        return new TcxOp(OpKind.CHAIN_ADD, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, block, 0);
    }

    /** An RTNL-unlocked tc request takes a reference on the device's qdisc. */
    public static TcxOp qdiscHold() {
        return new TcxOp(OpKind.QDISC_HOLD, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0);
    }

    /** That request drops its reference on the device's qdisc. */
    public static TcxOp qdiscPut() {
        return new TcxOp(OpKind.QDISC_PUT, -1, 0, 0, 0, 0, 0, 0, 0, -1, 0);
    }
}
