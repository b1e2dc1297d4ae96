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

    private TcxOp(OpKind kind, int hook, int prog, int flags, int relative, int replace, long expectedRevision,
                  int link, int oldProg, int countCapacity, int queryFlags) {
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
}
