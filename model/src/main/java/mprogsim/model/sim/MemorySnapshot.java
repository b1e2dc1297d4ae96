package mprogsim.model.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mprogsim.model.tcx.TcxState;

/**
 * The simulated kernel memory at one moment, named as traces name it: each hook's entry pointer, every bundle that
 * exists (neither unborn nor freed) with its count, revision and both entries slot by slot, and every prog and
 * created link with its reference count and life. Read-only and a copy: later steps do not change it.
 *
 * <p>For printed traces only (a counterexample, a report): it allocates lists and strings, so exploration never
 * takes one.
 */
public record MemorySnapshot(List<Hook> hooks, List<Bundle> bundles, List<ObjectState> objects) {
    /** A hook's entry pointer: "bundle0.a", or null for NULL. */
    public record Hook(String name, String entry) {
    }

    /** One bundle; a slot holds a prog's name or null for NULL. */
    public record Bundle(String name, int count, long revision, List<String> a, List<String> b) {
    }

    /** A prog or a created link: "live", "released", "waiting for a grace period" or "freed". */
    public record ObjectState(String name, int refcount, String life) {
    }

    public MemorySnapshot {
        hooks = List.copyOf(hooks);
        bundles = List.copyOf(bundles);
        objects = List.copyOf(objects);
    }

    /** What {@code sim}'s memory holds now. */
    public static MemorySnapshot of(TcxSimulation sim) {
        TcxState s = sim.memory();
        String[] progNames = sim.config().progNames();
        String[] linkNames = sim.config().linkNames();
        List<Hook> hooks = new ArrayList<>();
        for (int h = 0; h < s.hooks(); h++) {
            int e = s.hookEntry[h];
            hooks.add(new Hook(Names.hook(h), e == TcxState.NULL_ENTRY ? null : Names.entry(e)));
        }
        List<Bundle> bundles = new ArrayList<>();
        for (int b = 0; b < s.bundlesUsed; b++) {
            if (s.bundleLife[b] == TcxState.UNBORN || s.bundleLife[b] == TcxState.FREED) {
                continue;
            }
            bundles.add(new Bundle("bundle" + b, s.bundleCount[b], s.bundleRevision[b],
                    slots(s, b * 2, progNames), slots(s, b * 2 + 1, progNames)));
        }
        List<ObjectState> objects = new ArrayList<>();
        for (int q = 1; q <= s.progs; q++) {
            objects.add(new ObjectState(name(progNames, q, "prog#"), s.progRefcnt[q], life(s.progLife[q])));
        }
        for (int l = 1; l <= s.linksCreated; l++) {
            if (s.linkLife[l] == TcxState.UNBORN) {
                continue;
            }
            String name = name(linkNames, s.linkName[l], "link#");
            // A link name bound again (after its first link was closed) names a second link: tell them apart.
            for (int other = 1; other <= s.linksCreated; other++) {
                if (other != l && s.linkLife[other] != TcxState.UNBORN && s.linkName[other] == s.linkName[l]) {
                    name = name + "#" + l;
                    break;
                }
            }
            objects.add(new ObjectState(name, s.linkRefcnt[l], life(s.linkLife[l])));
        }
        return new MemorySnapshot(hooks, bundles, objects);
    }

    private static List<String> slots(TcxState s, int entryRef, String[] progNames) {
        List<String> out = new ArrayList<>(s.slots);
        for (int i = 0; i < s.slots; i++) {
            int q = s.fp[s.fpIndex(entryRef, i)];
            out.add(q == 0 ? null : name(progNames, q, "prog#"));
        }
        return Collections.unmodifiableList(out);
    }

    private static String name(String[] names, int i, String fallback) {
        return i >= 0 && i < names.length && names[i] != null ? names[i] : fallback + i;
    }

    static String life(int life) {
        return switch (life) {
            case TcxState.LIVE -> "live";
            case TcxState.RELEASED -> "released";
            case TcxState.FREED -> "freed";
            case TcxState.FREE_PENDING -> "waiting for a grace period";
            default -> "not created";
        };
    }

    /** The object called {@code name}, or null. */
    public ObjectState object(String name) {
        for (ObjectState o : objects) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
