package mprogsim.scenario;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.QueryResult;
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

    /** Null when {@code e} holds, otherwise "expected X, got Y" for the first field that differs. */
    public String mismatch(OpExpect e) {
        if (e == null) {
            return null;
        }
        if (e.ret() != null && e.ret() != ret) {
            return "expected ret " + Errno.format(e.ret()) + ", got " + Errno.format(ret);
        }
        if (e.count() != null && !e.count().equals(count)) {
            return "expected count " + e.count() + ", got " + count;
        }
        if (e.revision() != null && !e.revision().equals(revision)) {
            return "expected revision " + e.revision() + ", got " + revision;
        }
        if (e.progIds() != null && !e.progIds().equals(progIds)) {
            return "expected prog_ids " + e.progIds() + ", got " + progIds;
        }
        if (e.linkIds() != null && !e.linkIds().equals(linkIds)) {
            return "expected link_ids " + e.linkIds() + ", got " + linkIds;
        }
        return null;
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
