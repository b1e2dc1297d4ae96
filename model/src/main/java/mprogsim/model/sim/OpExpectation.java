package mprogsim.model.sim;

import java.util.function.IntFunction;
import mprogsim.model.mprog.Errno;

/**
 * An op's own expectation, in model handles: any field left null is not checked. {@code linkIds} holds link name
 * indices, -1 where a slot has no link.
 *
 * <p>{@link #mismatch} is the one comparison of an op's answer with its {@code expect}: the simulator calls it as
 * ops finish, and the scenarios module's sequential runs and kernel oracle call it on the answers they record.
 */
public record OpExpectation(Integer ret, Integer count, Long revision, int[] progIds, int[] linkIds) {

    /**
     * Null when the answer meets this expectation, otherwise "expected X, got Y" for the first field that differs,
     * in the order ret, count, revision, prog_ids, link_ids.
     *
     * @param answered whether the op answered a query (count, revision and the id lists exist); without it only
     *                 the return value is compared
     * @param progs    the prog ids the query filled, as prog handles (names for {@code progName})
     * @param links    the link of each filled slot as a link name index, -1 where none
     * @param filled   how many ids the query filled
     */
    public String mismatch(int ret, boolean answered, int count, long revision, int[] progs, int[] links,
                           int filled, IntFunction<String> progName, IntFunction<String> linkName) {
        if (this.ret != null && this.ret != ret) {
            return "expected ret " + Errno.format(this.ret) + ", got " + Errno.format(ret);
        }
        if (!answered) {
            return null;
        }
        if (this.count != null && this.count != count) {
            return "expected count " + this.count + ", got " + count;
        }
        if (this.revision != null && this.revision != revision) {
            return "expected revision " + this.revision + ", got " + revision;
        }
        if (progIds != null && !same(progIds, progs, filled)) {
            return "expected prog_ids " + list(progIds, progIds.length, progName) + ", got "
                    + list(progs, filled, progName);
        }
        if (linkIds != null && !same(linkIds, links, filled)) {
            return "expected link_ids " + list(linkIds, linkIds.length, linkName) + ", got "
                    + list(links, filled, linkName);
        }
        return null;
    }

    /**
     * Whether two expectations (null for none) check exactly the same: every component equal, arrays by content
     * (read reflectively, so that a component added later is compared too). Not on the hot path.
     */
    static boolean same(OpExpectation a, OpExpectation b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            for (java.lang.reflect.RecordComponent c : OpExpectation.class.getRecordComponents()) {
                if (!java.util.Objects.deepEquals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static boolean same(int[] expected, int[] got, int filled) {
        if (expected.length != filled) {
            return false;
        }
        for (int i = 0; i < filled; i++) {
            if (expected[i] != got[i]) {
                return false;
            }
        }
        return true;
    }

    private static String list(int[] a, int len, IntFunction<String> name) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(name.apply(a[i]));
        }
        return sb.append(']').toString();
    }
}
