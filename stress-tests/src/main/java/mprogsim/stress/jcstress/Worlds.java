package mprogsim.stress.jcstress;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.PassRecord;
import mprogsim.stress.tcx.Prog;
import mprogsim.stress.tcx.TcxConfig;

/**
 * Shared set-up for the JCStress suites. The suites run the kernel's protocol unless the forked JVMs get system
 * properties: {@value TcxConfig#VARIANTS_PROPERTY} (format 1 variant names), and {@value #PROG_FREE_PROPERTY} /
 * {@value #RELEASE_CHECK_PROPERTY} to override a suite's prog_free and release_check rules.
 */
final class Worlds {
    static final String PROG_FREE_PROPERTY = "mprogsim.stress.prog_free";
    static final String RELEASE_CHECK_PROPERTY = "mprogsim.stress.release_check";
    static final int INGRESS = TcxState.INGRESS;

    private Worlds() {
    }

    static ConcurrentTcx create(TcxConfig base) {
        TcxConfig c = base.withVariantsFromSystemProperty();
        String free = System.getProperty(PROG_FREE_PROPERTY);
        if (free != null) {
            c = c.withProgFree(TcxConfig.ProgFree.valueOf(free.toUpperCase()));
        }
        String check = System.getProperty(RELEASE_CHECK_PROPERTY);
        if (check != null) {
            c = c.withReleaseCheck(TcxConfig.ReleaseCheck.valueOf(check.toUpperCase()));
        }
        return new ConcurrentTcx(c);
    }

    /** Runs a set-up op that must succeed. */
    static void setUp(ConcurrentTcx tcx, TcxOp op) {
        int ret = tcx.run(op);
        if (ret != 0) {
            throw new IllegalStateException("set-up " + op.kind + " failed: " + Errno.format(ret));
        }
    }

    static String ret(int ret) {
        return Errno.format(ret);
    }

    /** The hook as a query sees it: "p1 p2 rev=3". */
    static String listAndRevision(ConcurrentTcx tcx, int hook) {
        QueryResult q = new QueryResult();
        tcx.run(TcxOp.query(hook, 8, 0), q);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < q.filled; i++) {
            sb.append('p').append(q.progs[i]).append(' ');
        }
        return sb.append("rev=").append(q.revision).toString();
    }

    /** After all actors: run the deferred frees, then report the prog's lifecycle and any broken invariant. */
    static String afterBarrier(ConcurrentTcx tcx, int... progs) {
        tcx.quiesce();
        StringBuilder sb = new StringBuilder();
        for (int p : progs) {
            int life = tcx.prog(p).life();
            sb.append('p').append(p).append(life == Prog.FREED ? " freed" : life == Prog.LIVE ? " live" : " released")
                    .append(' ');
        }
        var problems = tcx.problems();
        sb.append(problems.isEmpty() ? "ok" : String.join("; ", problems));
        return sb.toString();
    }

    /** Bounds a watching reader, so that a writer that never publishes cannot hang a test. */
    static final int MAX_PASSES = 20_000;

    /**
     * A reader that keeps passing over {@code hook} while a writer works: returns the distinct lists it ran, in
     * order, joined by " > ", stopping once it ran {@code until}, ran into misuse, or after {@link #MAX_PASSES}.
     * Spanning the writer's whole operation widens the window a single pass would have by orders of magnitude.
     */
    static String watch(ConcurrentTcx tcx, mprogsim.stress.rcu.Rcu.Reader reader, int hook, String until) {
        PassRecord out = new PassRecord(8);
        StringBuilder seen = new StringBuilder();
        String last = null;
        for (int i = 0; i < MAX_PASSES; i++) {
            tcx.pass(reader, hook, out);
            String now = out.describe();
            if (!now.equals(last)) {
                if (last != null) {
                    seen.append(" > ");
                }
                seen.append(now);
                last = now;
            }
            if (now.equals(until) || !out.clean()) {
                break;
            }
        }
        return seen.toString();
    }

    static String pass(ConcurrentTcx tcx, mprogsim.stress.rcu.Rcu.Reader reader, int hook) {
        PassRecord out = new PassRecord(8);
        tcx.pass(reader, hook, out);
        return out.describe();
    }
}
