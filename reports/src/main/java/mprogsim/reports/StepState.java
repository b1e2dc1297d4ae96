package mprogsim.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The memory that matters after one step, as a kernel engineer reads it: where each hook's entry pointer points,
 * every bundle's two entries slot by slot with the bundle's count and revision, and the reference count and life
 * state of the objects the step touched. Names are the trace's own ("ingress", "bundle0", "p2", "link1"), so a
 * step's text and its state read together.
 *
 * @param hooks   every hook, in a fixed order
 * @param bundles every bundle that exists after the step, in a fixed order
 * @param objects the progs and links the step touched (read, ran, referenced, released or freed)
 */
public record StepState(List<Hook> hooks, List<Bundle> bundles, List<ObjectState> objects) {
    /**
     * A hook's entry pointer (what rcu_assign_pointer stores and a reader loads).
     *
     * @param entry the entry it points to ("bundle0.a"), or null for NULL
     */
    public record Hook(String name, String entry) {
        public Hook {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * One bpf_mprog bundle: its count and revision and its two entries' slots.
     *
     * @param a the slots of entry a in order, each a prog's name or null for NULL
     * @param b the slots of entry b
     */
    public record Bundle(String name, int count, long revision, List<String> a, List<String> b) {
        public Bundle {
            Objects.requireNonNull(name, "name");
            // List.copyOf refuses nulls, and a NULL slot is data here.
            a = Collections.unmodifiableList(new ArrayList<>(a));
            b = Collections.unmodifiableList(new ArrayList<>(b));
        }

        /** The slots of entry "a" or "b". */
        public List<String> entry(String which) {
            return which.equals("a") ? a : b;
        }
    }

    /**
     * A prog or link.
     *
     * @param life free text: "live", "released", "waiting for a grace period", "freed"
     */
    public record ObjectState(String name, int refcount, String life) {
        public ObjectState {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(life, "life");
        }
    }

    public StepState {
        hooks = List.copyOf(hooks);
        bundles = List.copyOf(bundles);
        objects = List.copyOf(objects);
    }

    /** A slot as the kernel would print the pointer's target. */
    static String slot(String prog) {
        return prog == null ? "NULL" : prog;
    }

    static String pointer(String entry) {
        return entry == null ? "NULL" : entry;
    }

    /**
     * The state on one line, for plain-text reports: {@code ingress -> bundle0.b; bundle0 count 1 rev 4 a [p1 p2]
     * b [p2]; p2 ref 0 freed}. Trailing NULL slots are left out: a reader stops at the first NULL.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Hook h : hooks) {
            parts.add(h.name() + " -> " + pointer(h.entry()));
        }
        for (Bundle b : bundles) {
            parts.add(b.name() + " count " + b.count() + " rev " + b.revision() + " a " + slots(b.a()) + " b "
                    + slots(b.b()));
        }
        for (ObjectState o : objects) {
            parts.add(o.name() + " ref " + o.refcount() + " " + o.life());
        }
        return String.join("; ", parts);
    }

    private static String slots(List<String> slots) {
        int end = slots.size();
        while (end > 0 && slots.get(end - 1) == null) {
            end--;
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            shown.add(slot(slots.get(i)));
        }
        return "[" + String.join(" ", shown) + "]";
    }

    /**
     * What differs from {@code before} (the state after the previous step that had one), one short item each:
     * "ingress -> bundle0.b", "bundle0.b[1] = p2", "bundle0 count 1", "bundle0 rev 4", "p2 ref 0 freed". Null
     * {@code before}: all of it is new. Objects are compared with {@code before}'s; see
     * {@link #changesFrom(StepState, Map)} to compare them with the last state each object was shown in.
     */
    public List<String> changesFrom(StepState before) {
        Map<String, ObjectState> known = new HashMap<>();
        if (before != null) {
            for (ObjectState o : before.objects) {
                known.put(o.name(), o);
            }
        }
        return changesFrom(before, known);
    }

    /**
     * As {@link #changesFrom(StepState)}, with each object compared with {@code lastShown}, the state it had the
     * last time a step showed it: a step shows only the objects it touched, so the previous step may not show it.
     */
    public List<String> changesFrom(StepState before, Map<String, ObjectState> lastShown) {
        List<String> out = new ArrayList<>();
        for (Hook h : hooks) {
            Hook old = before == null ? null : before.hook(h.name());
            if (old == null || !Objects.equals(old.entry(), h.entry())) {
                out.add(h.name() + " -> " + pointer(h.entry()));
            }
        }
        for (Bundle b : bundles) {
            Bundle old = before == null ? null : before.bundle(b.name());
            if (old == null) {
                out.add(b.name() + " new, count " + b.count() + " rev " + b.revision());
                continue;
            }
            for (String which : List.of("a", "b")) {
                List<String> now = b.entry(which);
                List<String> was = old.entry(which);
                for (int i = 0; i < now.size(); i++) {
                    String prev = i < was.size() ? was.get(i) : null;
                    if (!Objects.equals(prev, now.get(i))) {
                        out.add(b.name() + "." + which + "[" + i + "] = " + slot(now.get(i)));
                    }
                }
            }
            if (old.count() != b.count()) {
                out.add(b.name() + " count " + b.count());
            }
            if (old.revision() != b.revision()) {
                out.add(b.name() + " rev " + b.revision());
            }
        }
        if (before != null) {
            for (Bundle old : before.bundles) {
                if (bundle(old.name()) == null) {
                    out.add(old.name() + " gone");
                }
            }
        }
        for (ObjectState o : objects) {
            ObjectState old = lastShown.get(o.name());
            if (!o.equals(old)) {
                out.add(o.name() + " ref " + o.refcount() + " " + o.life());
            }
        }
        return out;
    }

    Hook hook(String name) {
        for (Hook h : hooks) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
    }

    Bundle bundle(String name) {
        for (Bundle b : bundles) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }
}
