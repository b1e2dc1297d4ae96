package mprogsim.model.sim;

/**
 * The invariants broken in the current execution, with a line of detail for the first breach of each.
 *
 * <p>Execution state: {@code broken} and {@code detail}.
 */
final class Violations {
    private long broken;
    private String detail;

    void reset() {
        broken = 0;
        detail = null;
    }

    void violate(Invariant inv, String what) {
        if ((broken & inv.bit()) == 0) {
            String line = inv.jsonName + ": " + what;
            detail = detail == null ? line : detail + "\n" + line;
        }
        broken |= inv.bit();
    }

    long all() {
        return broken;
    }

    String detail() {
        return detail == null ? "" : detail;
    }

    /** The invariants broken (the detail's wording and order are not state: they follow the order of report). */
    void dump(StringBuilder sb) {
        sb.append("violations ").append(broken).append('\n');
    }

    // ---- saved state ------------------------------------------------------------------------------------------

    /** The bits broken; the detail text is not state (a restored run starts a fresh detail). */
    int save(int[] out, int k) {
        out[k++] = (int) (broken >>> 32);
        out[k++] = (int) broken;
        return k;
    }

    int restore(int[] in, int k) {
        broken = ((long) in[k++] << 32) | (in[k++] & 0xffffffffL);
        detail = null;
        return k;
    }
}
