package mprogsim.model.sim;

import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.QueryResult;
import mprogsim.model.tcx.TcxState;

/**
 * How traces, violation details and outcomes name things: processes, progs, links, hooks, entries and lists of
 * them. Not on the hot path: only descriptions and violations (which end an execution) call it.
 *
 * <p>Configuration only: the names come from the scenario. A link's label reads which name the simulated memory
 * bound the link to; that memory belongs to {@link TcxState}.
 */
final class Names {
    private final String[] processes;
    private final String[] progs;
    private final String[] links;
    private final TcxState memory;

    Names(String[] processes, SimConfig config, TcxState memory) {
        this.processes = processes;
        this.progs = config.progNames();
        this.links = config.linkNames();
        this.memory = memory;
    }

    String process(int p) {
        return processes[p];
    }

    String prog(int q) {
        return q > 0 && q < progs.length ? progs[q] : "prog#" + q;
    }

    String progOrNull(int q) {
        return q == 0 ? "NULL" : prog(q);
    }

    /** A link name by its index; -1 (no link) reads "null". */
    String linkName(int name) {
        if (name < 0) {
            return "null";
        }
        return name < links.length ? links[name] : "link#" + name;
    }

    /** A link by its handle, named after the name it was created under. */
    String link(int l) {
        return l > 0 && l < memory.linkName.length ? linkName(memory.linkName[l]) : "link#" + l;
    }

    static String hook(int h) {
        return switch (h) {
            case TcxState.EGRESS -> "egress";
            case TcxState.NETKIT_PRIMARY -> "primary";
            case TcxState.NETKIT_PEER -> "peer";
            default -> "ingress";
        };
    }

    static String entry(int e) {
        return "bundle" + TcxState.bundleOf(e) + "." + ((e & 1) == 0 ? "a" : "b");
    }

    String progList(int[] a, int len) {
        return progList(a, 0, len);
    }

    String progList(int[] a, int off, int len) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(progOrNull(a[off + i]));
        }
        return sb.append(']').toString();
    }

    String query(QueryResult q) {
        return "ret " + Errno.format(q.ret) + ", count " + q.count + ", revision " + q.revision + ", prog_ids "
                + progList(q.progs, q.filled);
    }

    /** A hook's final state as a query sees it: the first count slots, and the revision. */
    String hookText(TcxState st, int h) {
        int e = st.hookEntry[h];
        if (e == TcxState.NULL_ENTRY) {
            return "empty";
        }
        int b = TcxState.bundleOf(e);
        int total = Math.min(st.bundleCount[b], st.slots);
        int[] list = new int[total];
        for (int i = 0; i < total; i++) {
            list[i] = st.fp[st.fpIndex(e, i)];
        }
        return progList(list, total) + " revision " + st.bundleRevision[b];
    }

    /** A hook's final state as the fast path would run it: the active entry's slots up to the first NULL. */
    String walkText(TcxState st, int h) {
        int e = st.hookEntry[h];
        if (e == TcxState.NULL_ENTRY) {
            return "empty";
        }
        int len = st.walkLength(e);
        int[] list = new int[len];
        for (int i = 0; i < len; i++) {
            list[i] = st.fp[st.fpIndex(e, i)];
        }
        return progList(list, len);
    }
}
