package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.sim.OpExpectation;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxState;

/** What one op returned, in scenario terms (names, not handles), and how it compares with an {@link OpExpect}. */
public record OpOutcome(int ret, Integer count, Long revision, List<String> progIds, List<String> linkIds) {

    /** Builds the outcome of an op from the model's answer; link handles are named after their link names. */
    public static OpOutcome of(Scenario s, ScenarioOp op, int ret, QueryResult q, TcxState state) {
        if (op.op().kind != OpKind.QUERY) {
            return new OpOutcome(ret, null, null, null, null);
        }
        List<String> progs = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (int i = 0; i < q.filled; i++) {
            progs.add(s.progName(q.progs[i]));
            int l = q.links[i];
            links.add(l == 0 ? null : s.linkName(state.linkName[l]));
        }
        return new OpOutcome(ret, q.count, q.revision, progs, links);
    }

    /**
     * Null when {@code e} holds, otherwise "expected X, got Y" for the first field that differs: the model's one
     * op-expectation check ({@link OpExpectation#mismatch}), with prog and link names numbered for it.
     */
    public String mismatch(OpExpect e) {
        if (e == null) {
            return null;
        }
        List<String> table = new ArrayList<>();
        OpExpectation expected = new OpExpectation(e.ret(), e.count(), e.revision(), numbered(e.progIds(), table),
                numbered(e.linkIds(), table));
        int[] progs = numbered(progIds, table);
        int[] links = numbered(linkIds, table);
        int filled = progs == null ? 0 : progs.length;
        IntFunction<String> name = i -> i < 0 ? "null" : table.get(i);
        return expected.mismatch(ret, count != null, count == null ? 0 : count, revision == null ? 0 : revision,
                progs, links, filled, name, name);
    }

    /** Each name as its index in {@code table} (added when new), null as -1. */
    private static int[] numbered(List<String> names, List<String> table) {
        if (names == null) {
            return null;
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            String n = names.get(i);
            if (n == null) {
                out[i] = -1;
                continue;
            }
            int k = table.indexOf(n);
            if (k < 0) {
                k = table.size();
                table.add(n);
            }
            out[i] = k;
        }
        return out;
    }

    /** Null when both outcomes agree on every field, otherwise what differs (a is "expected", b "got"). */
    public static String difference(OpOutcome a, OpOutcome b) {
        return b.mismatch(new OpExpect(a.ret, a.count, a.revision, a.progIds, a.linkIds));
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("ret ").append(Errno.format(ret));
        if (count != null) {
            sb.append(", count ").append(count).append(", revision ").append(revision).append(", prog_ids ")
                    .append(progIds).append(", link_ids ").append(linkIds);
        }
        return sb.toString();
    }
}
