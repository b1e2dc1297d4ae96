package mprogsim.stress.tcx;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.tcx.Variant;

/**
 * The shape of one concurrent tcx world: array size, how many progs and link names exist, the protocol variants
 * switched on (format 1 names), and format 1's {@code prog_free} and {@code release_check} rules.
 */
public final class TcxConfig {
    /** The system property JCStress runs read their variants from, a comma-separated list of format 1 names. */
    public static final String VARIANTS_PROPERTY = "mprogsim.stress.variants";

    public enum ProgFree { RCU, IMMEDIATE }

    public enum ReleaseCheck { RCU, STRICT }

    public final int maxProgs;
    public final int progs;
    public final int linkNames;
    public final int linkCapacity;
    public final int variants;
    public final ProgFree progFree;
    public final ReleaseCheck releaseCheck;
    /** The world also has a netkit pair (hooks {@code NETKIT_PRIMARY} and {@code NETKIT_PEER}). */
    public final boolean netkit;

    private TcxConfig(int maxProgs, int progs, int linkNames, int linkCapacity, int variants, ProgFree progFree,
                      ReleaseCheck releaseCheck) {
        this(maxProgs, progs, linkNames, linkCapacity, variants, progFree, releaseCheck, false);
    }

    private TcxConfig(int maxProgs, int progs, int linkNames, int linkCapacity, int variants, ProgFree progFree,
                      ReleaseCheck releaseCheck, boolean netkit) {
        if (maxProgs < 1 || maxProgs > 63) {
            throw new IllegalArgumentException("max_progs must be 1..63: " + maxProgs);
        }
        this.maxProgs = maxProgs;
        this.progs = progs;
        this.linkNames = linkNames;
        this.linkCapacity = linkCapacity;
        this.variants = variants;
        this.progFree = progFree;
        this.releaseCheck = releaseCheck;
        this.netkit = netkit;
    }

    /** The kernel's protocol, progs freed after a grace period, the rcu release rule. */
    public static TcxConfig of(int maxProgs, int progs, int linkNames) {
        return new TcxConfig(maxProgs, progs, linkNames, Math.max(8, linkNames * 8), 0, ProgFree.RCU,
                ReleaseCheck.RCU);
    }

    public TcxConfig withVariants(int bits) {
        return new TcxConfig(maxProgs, progs, linkNames, linkCapacity, bits, progFree, releaseCheck, netkit);
    }

    public TcxConfig withVariants(Variant... vs) {
        int bits = 0;
        for (Variant v : vs) {
            bits |= v.bit();
        }
        return withVariants(bits);
    }

    public TcxConfig withProgFree(ProgFree f) {
        return new TcxConfig(maxProgs, progs, linkNames, linkCapacity, variants, f, releaseCheck, netkit);
    }

    public TcxConfig withReleaseCheck(ReleaseCheck c) {
        return new TcxConfig(maxProgs, progs, linkNames, linkCapacity, variants, progFree, c, netkit);
    }

    public TcxConfig withLinkCapacity(int capacity) {
        return new TcxConfig(maxProgs, progs, linkNames, capacity, variants, progFree, releaseCheck, netkit);
    }

    /** The same world with a netkit pair beside the tcx device. */
    public TcxConfig withNetkit() {
        return new TcxConfig(maxProgs, progs, linkNames, linkCapacity, variants, progFree, releaseCheck, true);
    }

    /** Adds the variants named in {@link #VARIANTS_PROPERTY}, if set. */
    public TcxConfig withVariantsFromSystemProperty() {
        String names = System.getProperty(VARIANTS_PROPERTY, "");
        return names.isBlank() ? this : withVariants(variants | parseVariants(names));
    }

    public boolean has(Variant v) {
        return v.in(variants);
    }

    /** Format 1 variant names, comma separated; unknown names are an error that lists the known ones. */
    public static int parseVariants(String names) {
        int bits = 0;
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            Variant v = Variant.byName(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown variant '" + name + "'; known: " + Variant.knownNames());
            }
            bits |= v.bit();
        }
        return bits;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("max_progs=" + maxProgs);
        parts.add("prog_free=" + progFree.name().toLowerCase());
        parts.add("release_check=" + releaseCheck.name().toLowerCase());
        parts.add("variants=" + Variant.names(variants));
        if (netkit) {
            parts.add("netkit");
        }
        return String.join(" ", parts);
    }
}
