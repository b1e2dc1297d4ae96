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
 * The concurrent implementation as Lincheck drives it. Progs are freed after a grace period (the kernel's default)
 * and the release check is strict, the tightest rule the correct protocol meets in this world. The nested classes
 * switch on one protocol variant each, under its format 1 name.
 */
public class TcxUnderTest {
    private final ConcurrentTcx tcx;
    /** One RCU reader record per Lincheck thread, registered on the thread's first pass. */
    private final Rcu.Reader[] readers = new Rcu.Reader[8];
    private final PassRecord[] passes = new PassRecord[8];

    public TcxUnderTest() {
        this(0);
    }

    protected TcxUnderTest(int variants) {
        tcx = new ConcurrentTcx(TcxConfig.of(TcxWorld.MAX_PROGS, TcxWorld.PROGS, TcxWorld.LINK_NAMES)
                .withLinkCapacity(TcxWorld.LINK_CAPACITY).withReleaseCheck(TcxConfig.ReleaseCheck.STRICT)
                .withVariants(variants));
        TcxWorld.setUp(tcx::run);
    }

    private String run(TcxOp op) {
        return TcxWorld.ret(tcx.run(op));
    }

    /** Appends, or with {@code front} inserts before everything (BEFORE, no relative: every slot moves). */
    @Operation
    public String attach(@Param(gen = IntGen.class, conf = "1:4") int prog,
                         @Param(gen = BooleanGen.class) boolean front) {
        return run(TcxWorld.attach(prog, front));
    }

    /** Detaches {@code prog} by fd, or with prog 0 whatever is last (AFTER, no relative). */
    @Operation
    public String detach(@Param(gen = IntGen.class, conf = "0:4") int prog) {
        return run(TcxWorld.detach(prog));
    }

    @Operation
    public String replace(@Param(gen = IntGen.class, conf = "1:4") int prog,
                          @Param(gen = IntGen.class, conf = "1:4") int old) {
        return run(TcxWorld.replace(prog, old));
    }

    /** Creates a link under the calling thread's own link name (see {@link TcxWorld}). */
    @Operation
    public String linkCreate(@Param(gen = ThreadIdGen.class) int thread,
                             @Param(gen = IntGen.class, conf = "1:4") int prog) {
        return run(TcxWorld.linkCreate(thread, prog));
    }

    @Operation
    public String linkUpdate(@Param(gen = ThreadIdGen.class) int thread,
                             @Param(gen = IntGen.class, conf = "1:4") int prog) {
        return run(TcxWorld.linkUpdate(thread, prog));
    }

    @Operation
    public String linkDetach(@Param(gen = ThreadIdGen.class) int thread) {
        return run(TcxWorld.linkDetach(thread));
    }

    @Operation
    public String query() {
        QueryResult q = new QueryResult();
        int ret = tcx.run(TcxWorld.query(), q);
        return TcxWorld.query(ret, q);
    }

    @Operation
    public String pass(@Param(gen = ThreadIdGen.class) int thread) {
        if (readers[thread] == null) {
            readers[thread] = tcx.registerReader();
            passes[thread] = new PassRecord(8);
        }
        PassRecord out = passes[thread];
        tcx.pass(readers[thread], TcxWorld.HOOK, out);
        return out.describe();
    }

    /**
     * After each invocation: the deferred frees ran, refcounts match lifecycles, readers see the control plane.
     * Misuse is left to the passes' results, where it shows as an outcome no sequential history has.
     */
    @Validate
    public void everythingReleasedIsFreedAndNothingLeaks() {
        tcx.quiesce();
        List<String> problems = tcx.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    public static class NoSyncAfterSwap extends TcxUnderTest {
        public NoSyncAfterSwap() {
            super(Variant.NO_SYNC_AFTER_SWAP.bit());
        }
    }

    public static class CommitBeforeSync extends TcxUnderTest {
        public CommitBeforeSync() {
            super(Variant.COMMIT_BEFORE_SYNC.bit());
        }
    }

    public static class PutOnDelete extends TcxUnderTest {
        public PutOnDelete() {
            super(Variant.PUT_ON_DELETE.bit());
        }
    }

    public static class InPlaceUpdate extends TcxUnderTest {
        public InPlaceUpdate() {
            super(Variant.IN_PLACE_UPDATE.bit());
        }
    }

    public static class PublishBeforeFill extends TcxUnderTest {
        public PublishBeforeFill() {
            super(Variant.PUBLISH_BEFORE_FILL.bit());
        }
    }

    public static class NoWriterLock extends TcxUnderTest {
        public NoWriterLock() {
            super(Variant.NO_WRITER_LOCK.bit());
        }
    }

    public static class ShrinkByTotal extends TcxUnderTest {
        public ShrinkByTotal() {
            super(Variant.SHRINK_BY_TOTAL.bit());
        }
    }

    public static class ReaderUsesCount extends TcxUnderTest {
        public ReaderUsesCount() {
            super(Variant.READER_USES_COUNT.bit());
        }
    }

    public static class NoRevisionBump extends TcxUnderTest {
        public NoRevisionBump() {
            super(Variant.NO_REVISION_BUMP.bit());
        }
    }

    public static class ReaderTakesLock extends TcxUnderTest {
        public ReaderTakesLock() {
            super(Variant.READER_TAKES_LOCK.bit());
        }
    }

    public static class BundleFreeNoRcu extends TcxUnderTest {
        public BundleFreeNoRcu() {
            super(Variant.BUNDLE_FREE_NO_RCU.bit());
        }
    }

    public static class MaxCheckBeforeFix extends TcxUnderTest {
        public MaxCheckBeforeFix() {
            super(Variant.MAX_CHECK_BEFORE_F9B0E1088BBF.bit());
        }
    }
}
