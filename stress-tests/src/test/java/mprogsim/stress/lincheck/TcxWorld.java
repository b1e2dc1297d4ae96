package mprogsim.stress.lincheck;

import java.util.function.ToIntFunction;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * The world both sides of the linearizability check start from, and the operations they share, built as model
 * {@link TcxOp}s so that the implementation and the spec receive exactly the same arguments.
 *
 * <p>Four progs, max_progs 3, one hook (ingress). p1 and p2 start attached with their fds closed, so the hook holds
 * their only references: detaching one releases it, and a reader that still runs it afterwards is caught. p3 and p4
 * keep their fds and can be attached, detached, replaced and linked by fd. Each Lincheck thread has its own link name
 * (its thread id) and only it creates, updates and detaches links under that name. The kernel's link_create is
 * not atomic towards other threads: readers run the new link's prog from the publish on, while its fd is installed
 * only at bpf_link_settle, later; a second thread naming the link before the creator returned would see a history
 * no sequential order explains, and a real program cannot name a link before link_create handed out its fd.
 */
final class TcxWorld {
    static final int MAX_PROGS = 3;
    static final int PROGS = 4;
    /** Link names: one per Lincheck thread id, the initial and post parts included. */
    static final int LINK_NAMES = 8;
    static final int LINK_CAPACITY = 64;
    static final int HOOK = TcxState.INGRESS;

    private TcxWorld() {
    }

    static void setUp(ToIntFunction<TcxOp> run) {
        expectOk(run.applyAsInt(TcxOp.attach(HOOK, 1, 0, 0, 0, 0)));
        expectOk(run.applyAsInt(TcxOp.attach(HOOK, 2, 0, 0, 0, 0)));
        expectOk(run.applyAsInt(TcxOp.closeProg(1)));
        expectOk(run.applyAsInt(TcxOp.closeProg(2)));
    }

    private static void expectOk(int ret) {
        if (ret != 0) {
            throw new IllegalStateException("setting up the world failed: " + Errno.format(ret));
        }
    }

    /** Appends, or with {@code front} inserts before everything (BEFORE, no relative), moving every slot. */
    static TcxOp attach(int prog, boolean front) {
        return TcxOp.attach(HOOK, prog, front ? MprogFlags.BEFORE : 0, 0, 0, 0);
    }

    /**
     * Detaches {@code prog} by fd; prog 0 detaches whatever is last (AFTER, no relative), which is how p1 and p2,
     * whose fds are closed, leave the hook.
     */
    static TcxOp detach(int prog) {
        return prog == 0 ? TcxOp.detach(HOOK, 0, MprogFlags.AFTER, 0, 0) : TcxOp.detach(HOOK, prog, 0, 0, 0);
    }

    static TcxOp replace(int prog, int old) {
        return TcxOp.attach(HOOK, prog, MprogFlags.REPLACE, 0, old, 0);
    }

    static TcxOp linkCreate(int name, int prog) {
        return TcxOp.linkCreate(HOOK, name, prog, 0, 0, 0);
    }

    static TcxOp linkUpdate(int name, int prog) {
        return TcxOp.linkUpdate(name, prog, 0);
    }

    static TcxOp linkDetach(int name) {
        return TcxOp.linkDetach(name);
    }

    static TcxOp query() {
        return TcxOp.query(HOOK, 8, 0);
    }

    static String ret(int ret) {
        return Errno.format(ret);
    }

    static String query(int ret, QueryResult q) {
        StringBuilder sb = new StringBuilder(Errno.format(ret)).append(" count=").append(q.count).append(" rev=")
                .append(q.revision).append(" [");
        for (int i = 0; i < q.filled; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('p').append(q.progs[i]);
            if (q.links[i] != 0) {
                sb.append("/l").append(q.links[i]);
            }
        }
        return sb.append(']').toString();
    }

    /** What a clean reader pass over these progs returns; the implementation's PassRecord prints the same way. */
    static String pass(int[] progs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < progs.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('p').append(progs[i]);
        }
        return sb.toString();
    }
}
