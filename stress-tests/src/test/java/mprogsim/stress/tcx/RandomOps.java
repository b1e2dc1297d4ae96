package mprogsim.stress.tcx;

import java.util.SplittableRandom;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/** Random control-plane operations over a small world, for differential tests against the sequential spec. */
final class RandomOps {
    private final SplittableRandom random;
    private final int progs;
    private final int linkNames;

    RandomOps(long seed, int progs, int linkNames) {
        this.random = new SplittableRandom(seed);
        this.progs = progs;
        this.linkNames = linkNames;
    }

    private int prog() {
        return 1 + random.nextInt(progs);
    }

    private int hook() {
        return random.nextInt(4) == 0 ? TcxState.EGRESS : TcxState.INGRESS;
    }

    private int relative() {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> TcxState.progRef(prog());
            default -> TcxState.linkRef(random.nextInt(linkNames));
        };
    }

    private int flags() {
        int f = 0;
        int[] bits = {MprogFlags.BEFORE, MprogFlags.AFTER, MprogFlags.ID, MprogFlags.LINK};
        for (int b : bits) {
            if (random.nextInt(4) == 0) {
                f |= b;
            }
        }
        return f;
    }

    TcxOp next() {
        return switch (random.nextInt(11)) {
            case 0, 1, 2 -> TcxOp.attach(hook(), prog(), flags(), relative(), 0, random.nextInt(6) == 0 ? 3 : 0);
            case 3 -> TcxOp.attach(hook(), prog(), MprogFlags.REPLACE | flags(), relative(), prog(), 0);
            case 4, 5 -> TcxOp.detach(hook(), random.nextInt(3) == 0 ? 0 : prog(), flags(), relative(), 0);
            case 6 -> TcxOp.linkCreate(hook(), random.nextInt(linkNames), prog(), flags(), relative(), 0);
            case 7 -> TcxOp.linkUpdate(random.nextInt(linkNames), prog(), random.nextBoolean() ? 0 : prog());
            case 8 -> TcxOp.linkDetach(random.nextInt(linkNames));
            case 9 -> random.nextInt(3) == 0 ? TcxOp.closeLink(random.nextInt(linkNames))
                    : TcxOp.closeProg(prog());
            default -> TcxOp.query(hook(), random.nextInt(5) - 1, 0);
        };
    }
}
