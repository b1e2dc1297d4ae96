package mprogsim.stress.lincheck;

import java.util.List;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.Variant;
import mprogsim.stress.rcu.Rcu;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.PassRecord;
import mprogsim.stress.tcx.TcxConfig;
import org.jetbrains.lincheck.datastructures.BooleanGen;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The concurrent implementation on a netkit pair, as Lincheck drives it: both devices (the peer reached through the
 * primary), links, queries, reader passes on either device, and the deletion of the pair, which the tcx Lincheck
 * world does not have. Strict release check; the nested classes switch on one protocol variant each.
 */
public class NetkitUnderTest {
    private final ConcurrentTcx tcx;
    private final Rcu.Reader[] readers = new Rcu.Reader[8];
    private final PassRecord[] passes = new PassRecord[8];

    public NetkitUnderTest() {
        this(0);
    }

    protected NetkitUnderTest(int variants) {
        tcx = new ConcurrentTcx(TcxConfig.of(NetkitWorld.MAX_PROGS, NetkitWorld.PROGS, NetkitWorld.LINK_NAMES)
                .withLinkCapacity(NetkitWorld.LINK_CAPACITY).withReleaseCheck(TcxConfig.ReleaseCheck.STRICT)
                .withNetkit().withVariants(variants));
        NetkitWorld.setUp(tcx::run);
    }

    private String run(TcxOp op) {
        return TcxWorld.ret(tcx.run(op));
    }

    @Operation
    public String attach(@Param(gen = IntGen.class, conf = "3:4") int prog,
                         @Param(gen = BooleanGen.class) boolean peer) {
        return run(NetkitWorld.attach(prog, peer));
    }

    @Operation
    public String detach(@Param(gen = IntGen.class, conf = "0:4") int prog,
                         @Param(gen = BooleanGen.class) boolean peer) {
        return run(NetkitWorld.detach(prog, peer));
    }

    @Operation
    public String linkCreate(@Param(gen = ThreadIdGen.class) int thread,
                             @Param(gen = IntGen.class, conf = "3:4") int prog,
                             @Param(gen = BooleanGen.class) boolean peer) {
        return run(NetkitWorld.linkCreate(thread, prog, peer));
    }

    @Operation
    public String linkDetach(@Param(gen = ThreadIdGen.class) int thread) {
        return run(TcxOp.linkDetach(thread));
    }

    @Operation
    public String query(@Param(gen = BooleanGen.class) boolean peer) {
        QueryResult q = new QueryResult();
        int ret = tcx.run(NetkitWorld.query(peer), q);
        return TcxWorld.query(ret, q);
    }

    @Operation
    public String teardown() {
        return TcxWorld.ret(tcx.netkitTeardown());
    }

    @Operation
    public String pass(@Param(gen = ThreadIdGen.class) int thread, @Param(gen = BooleanGen.class) boolean peer) {
        if (readers[thread] == null) {
            readers[thread] = tcx.registerReader();
            passes[thread] = new PassRecord(8);
        }
        PassRecord out = passes[thread];
        tcx.pass(readers[thread], NetkitWorld.hook(peer), out);
        return out.describe();
    }

    /** After each invocation: deferred frees ran, refcounts match lifecycles, no embedded bundle was freed. */
    @Validate
    public void everythingReleasedIsFreedAndNothingLeaks() {
        tcx.quiesce();
        List<String> problems = tcx.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    public static class UninstallNoSync extends NetkitUnderTest {
        public UninstallNoSync() {
            super(Variant.UNINSTALL_NO_SYNC.bit());
        }
    }

    public static class NoSyncAfterSwap extends NetkitUnderTest {
        public NoSyncAfterSwap() {
            super(Variant.NO_SYNC_AFTER_SWAP.bit());
        }
    }

    public static class BundleFreeNoRcu extends NetkitUnderTest {
        public BundleFreeNoRcu() {
            super(Variant.BUNDLE_FREE_NO_RCU.bit());
        }
    }
}
