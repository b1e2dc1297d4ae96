package mprogsim.stress.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import mprogsim.model.mprog.MprogAlgorithm;
import mprogsim.model.mprog.MprogDecision;
import mprogsim.model.mprog.MprogEdits;
import mprogsim.model.mprog.Plan;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.OpContext;
import mprogsim.model.tcx.PlanEffects;
import mprogsim.model.tcx.TcxPlanner;
import mprogsim.model.tcx.TcxState;
import mprogsim.stress.tcx.PassRecord;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/** Model-checking options shared by every Lincheck run on the implementation. */
final class LincheckSetup {
    /**
     * Lincheck takes a loop that repeats a code location often enough for a spin and forces a thread switch there.
     * The executor's loop over a plan repeats the same locations once per action; with the default threshold the
     * switch came in the middle of every detach, before its commit, so a reader could never still be inside when
     * the commit released a prog, and no_sync_after_swap and commit_before_sync went unseen. Plans here have at
     * most about 30 actions; a grace-period wait is still recognised as a spin, only a little later.
     */
    static final int LOOP_ITERATIONS_BEFORE_SWITCH = 40;

    private LincheckSetup() {
    }

    /**
     * The planner and the control-plane state run under the control lock, so switching threads inside them shows
     * nothing new; treating them as atomic keeps the explored switch points on the shared memory that matters (the
     * hook pointer, the fp slots, prog lifecycles, reader records, the locks). A pass record belongs to one reader.
     */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().loopIterationsBeforeThreadSwitch(LOOP_ITERATIONS_BEFORE_SWITCH)
                .addGuarantee(forClasses(TcxPlanner.class.getName(), TcxState.class.getName(),
                        MprogAlgorithm.class.getName(), MprogEdits.class.getName(), MprogDecision.class.getName(),
                        PlanEffects.class.getName(), Plan.class.getName(), QueryResult.class.getName(),
                        OpContext.class.getName()).allMethods().treatAsAtomic())
                .addGuarantee(forClasses(PassRecord.class.getName()).allMethods().ignore())
                .sequentialSpecification(TcxSequentialSpec.class);
    }
}
