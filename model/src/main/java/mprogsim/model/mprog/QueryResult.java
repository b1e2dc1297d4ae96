package mprogsim.model.mprog;

import java.util.Arrays;

/** What BPF_PROG_QUERY hands back: return value, count, revision and the filled prog and link ids. */
public final class QueryResult {
    public int ret;
    public int count;
    public long revision;
    public int filled;
    public int[] progs = new int[64];
    public int[] links = new int[64];

    public void reset() {
        ret = 0;
        count = 0;
        revision = 0;
        filled = 0;
    }

    void add(int prog, int link) {
        if (filled == progs.length) {
            progs = Arrays.copyOf(progs, filled * 2);
            links = Arrays.copyOf(links, filled * 2);
        }
        progs[filled] = prog;
        links[filled] = link;
        filled++;
    }

    public void copyFrom(QueryResult o) {
        ret = o.ret;
        count = o.count;
        revision = o.revision;
        filled = 0;
        for (int i = 0; i < o.filled; i++) {
            add(o.progs[i], o.links[i]);
        }
    }

    public boolean sameAs(QueryResult o) {
        if (ret != o.ret || count != o.count || revision != o.revision || filled != o.filled) {
            return false;
        }
        for (int i = 0; i < filled; i++) {
            if (progs[i] != o.progs[i] || links[i] != o.links[i]) {
                return false;
            }
        }
        return true;
    }
}
