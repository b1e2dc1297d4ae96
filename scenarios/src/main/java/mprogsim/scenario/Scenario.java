package mprogsim.scenario;

import java.nio.file.Path;
import java.util.List;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;

/**
 * A loaded, validated scenario (format 1), with the JSON text it was read from (for shrinking). Progs are numbered 1..n in declaration order (the handles of the model);
 * link names 0..m-1 in order of first mention.
 */
public record Scenario(
        Path file,
        String name,
        String description,
        int maxProgs,
        boolean progFreeImmediate,
        boolean strictReleaseCheck,
        List<String> progNames,
        int[] progTypes,
        List<String> linkNames,
        List<List<Integer>> initial,
        List<ThreadSpec> threads,
        boolean sequential,
        int variants,
        ExploreSpec explore,
        ExpectSpec expect,
        TimingSpec timing,
        String text,
        mprogsim.model.sim.MemoryModel memory) {

    /** Whether the steps include qdisc, chain or teardown ops: the oracle runs such files on a veth. */
    public boolean hasLifecycleOps() {
        for (ScenarioOp op : steps()) {
            if (op.op().kind.lifecycle()) {
                return true;
            }
        }
        return false;
    }

    /** The same scenario expecting something else. */
    public Scenario withExpect(ExpectSpec e) {
        return new Scenario(file, name, description, maxProgs, progFreeImmediate, strictReleaseCheck, progNames,
                progTypes, linkNames, initial, threads, sequential, variants, explore, e, timing, text, memory);
    }

    /** The same scenario explored another way. */
    public Scenario withExplore(ExploreSpec e) {
        return new Scenario(file, name, description, maxProgs, progFreeImmediate, strictReleaseCheck, progNames,
                progTypes, linkNames, initial, threads, sequential, variants, e, expect, timing, text, memory);
    }

    /** The same scenario under other memory rules. */
    public Scenario withMemory(mprogsim.model.sim.MemoryModel m) {
        return new Scenario(file, name, description, maxProgs, progFreeImmediate, strictReleaseCheck, progNames,
                progTypes, linkNames, initial, threads, sequential, variants, explore, expect, timing, text, m);
    }

    public String progName(int handle) {
        return handle <= 0 || handle > progNames.size() ? "?" + handle : progNames.get(handle - 1);
    }

    public String linkName(int nameIndex) {
        return nameIndex < 0 || nameIndex >= linkNames.size() ? "?" + nameIndex : linkNames.get(nameIndex);
    }

    public static String hookName(int hook) {
        return switch (hook) {
            case TcxState.EGRESS -> "egress";
            case TcxState.NETKIT_PRIMARY -> "primary";
            case TcxState.NETKIT_PEER -> "peer";
            default -> "ingress";
        };
    }

    /** Whether the scenario has a netkit pair ({@code "model": {"netkit": true}}): its initial lists cover 4 hooks. */
    public boolean netkit() {
        return initial.size() > 2;
    }

    /** How many link_create ops the scenario has: the number of link objects it can ever make. */
    public int linkCreates() {
        int n = 0;
        for (ThreadSpec t : threads) {
            for (ScenarioOp op : t.ops()) {
                if (op.op().kind == mprogsim.model.tcx.OpKind.LINK_CREATE) {
                    n++;
                }
            }
        }
        return n;
    }

    public int writerOps() {
        int n = 0;
        for (ThreadSpec t : threads) {
            n += t.ops().size();
        }
        return n;
    }

    /** Every op of the only writer, for sequential scenarios. */
    public List<ScenarioOp> steps() {
        return threads.isEmpty() ? List.of() : threads.get(0).ops();
    }

    /** The ops that build {@link #initial()}: plain appends, in order, ingress first. */
    public List<TcxOp> initialOps() {
        java.util.ArrayList<TcxOp> ops = new java.util.ArrayList<>();
        for (int h = 0; h < initial.size(); h++) {
            for (int p : initial.get(h)) {
                ops.add(TcxOp.attach(h, p, 0, 0, 0, 0));
            }
        }
        return ops;
    }
}
