package mprogsim.stress.lincheck;

import java.util.function.ToIntFunction;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * The netkit world of the Lincheck checks: a netkit pair, max_progs 3, four progs. p1 starts on the primary device
 * and p2 on the peer, both with their fds closed, so each device holds its prog's only reference: detaching it, or
 * deleting the pair, releases it, and a reader that still runs it afterwards is caught. p3 and p4 keep their fds.
 * Each Lincheck thread has its own link name (its thread id), as in {@link TcxWorld}.
 */
final class NetkitWorld {
    static final int MAX_PROGS = 3;
    static final int PROGS = 4;
    static final int LINK_NAMES = 8;
    static final int LINK_CAPACITY = 64;

    private NetkitWorld() {
    }

    static int hook(boolean peer) {
        return peer ? TcxState.NETKIT_PEER : TcxState.NETKIT_PRIMARY;
    }

    static void setUp(ToIntFunction<TcxOp> run) {
        expectOk(run.applyAsInt(TcxOp.attach(TcxState.NETKIT_PRIMARY, 1, 0, 0, 0, 0)));
        expectOk(run.applyAsInt(TcxOp.attach(TcxState.NETKIT_PEER, 2, 0, 0, 0, 0)));
        expectOk(run.applyAsInt(TcxOp.closeProg(1)));
        expectOk(run.applyAsInt(TcxOp.closeProg(2)));
    }

    private static void expectOk(int ret) {
        if (ret != 0) {
            throw new IllegalStateException("setting up the world failed: " + Errno.format(ret));
        }
    }

    static TcxOp attach(int prog, boolean peer) {
        return TcxOp.attach(hook(peer), prog, 0, 0, 0, 0);
    }

    /** Detaches {@code prog} by fd; prog 0 detaches whatever is last (AFTER, no relative). */
    static TcxOp detach(int prog, boolean peer) {
        return prog == 0 ? TcxOp.detach(hook(peer), 0, MprogFlags.AFTER, 0, 0)
                : TcxOp.detach(hook(peer), prog, 0, 0, 0);
    }

    static TcxOp linkCreate(int name, int prog, boolean peer) {
        return TcxOp.linkCreate(hook(peer), name, prog, 0, 0, 0);
    }

    static TcxOp query(boolean peer) {
        return TcxOp.query(hook(peer), 8, 0);
    }
}
