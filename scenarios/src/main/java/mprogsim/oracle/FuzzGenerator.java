package mprogsim.oracle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import mprogsim.model.tcx.SequentialTcx;
import mprogsim.model.tcx.TcxState;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import mprogsim.scenario.ScenarioOp;
import mprogsim.scenario.SequentialRun;

/**
 * Random sequential scenarios (format 1 JSON trees) for differential testing: every op and flag, relative progs and
 * links by fd and by id (including closed, never-created and socket_filter ones), replace, stale and fresh
 * expected_revision, both hooks, closes, and now and then a hook filled to the kernel's 63 programs. Sequence
 * {@code i} of seed {@code s} depends on nothing else, so any sequence can be regenerated alone.
 */
public final class FuzzGenerator {
    public static final String[] LINKS = {"l1", "l2", "l3"};
    private static final String[] FLAGS = {"BEFORE", "AFTER", "REPLACE", "ID", "LINK"};

    private final long seed;
    private final int maxOps;
    private final int fullEvery;
    /** Whether sequences also get qdisc, chain and teardown ops (a different stream of sequences for a seed). */
    private final boolean lifecycle;

    /** @param fullEvery one sequence in this many (on average) starts from a hook holding 62 or 63 programs */
    public FuzzGenerator(long seed, int maxOps, int fullEvery) {
        this(seed, maxOps, fullEvery, false);
    }

    /**
     * @param lifecycle also generate qdisc_add, qdisc_replace, qdisc_delete, chain_add and teardown ops in
     *                  mid-sequence; without it a seed gives exactly the sequences it always gave
     */
    public FuzzGenerator(long seed, int maxOps, int fullEvery, boolean lifecycle) {
        this.seed = seed;
        this.maxOps = maxOps;
        this.fullEvery = fullEvery;
        this.lifecycle = lifecycle;
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** State while one sequence is built. */
    private final class Builder {
        final SplittableRandom rnd;
        final ObjectNode root = ScenarioJson.F.objectNode();
        final ArrayNode steps;
        final List<String> progs = new ArrayList<>();
        final List<String> spare = new ArrayList<>();
        final Set<String> linksNamed = new LinkedHashSet<>();
        final boolean full;

        Builder(int index) {
            rnd = new SplittableRandom(mix(seed, index));
            full = fullEvery > 0 && rnd.nextInt(fullEvery) == 0;
            root.put("name", "fuzz-seed" + seed + "-seq" + index);
            ArrayNode progList = root.putArray("progs");
            int n = full ? 66 : 3 + rnd.nextInt(4);
            for (int i = 1; i <= n; i++) {
                progs.add("p" + i);
                progList.addObject().put("name", "p" + i).put("type", "sched_cls");
            }
            if (rnd.nextInt(4) == 0) {
                progs.add("sf");
                progList.addObject().put("name", "sf").put("type", "socket_filter");
            }
            ObjectNode initial = root.putObject("initial");
            if (full) {
                String hook = rnd.nextBoolean() ? "ingress" : "egress";
                int count = 62 + rnd.nextInt(2);
                ArrayNode list = initial.putArray(hook);
                for (int i = 1; i <= count; i++) {
                    list.add("p" + i);
                }
                for (int i = count + 1; i <= n; i++) {
                    spare.add("p" + i);
                }
                root.put("hook", hook);
            } else {
                List<String> pool = new ArrayList<>(progs.subList(0, n));
                for (String hook : new String[] {"ingress", "egress"}) {
                    int count = rnd.nextInt(hook.equals("ingress") ? 3 : 2);
                    ArrayNode list = initial.putArray(hook);
                    for (int i = 0; i < count && !pool.isEmpty(); i++) {
                        list.add(pool.remove(rnd.nextInt(pool.size())));
                    }
                }
            }
            steps = root.putArray("steps");
        }

        boolean chance(int percent) {
            return rnd.nextInt(100) < percent;
        }

        /** What the model says after the steps so far: attached progs per hook, links with an open fd. */
        List<List<String>> attached = List.of(List.of(), List.of());
        List<String> openLinks = List.of();
        final long[] revisions = {1, 1};

        String anyProg() {
            if (full && !spare.isEmpty() && chance(60)) {
                return spare.get(rnd.nextInt(spare.size()));
            }
            return progs.get(rnd.nextInt(progs.size()));
        }

        /** A prog to add: mostly one not on the hook yet. */
        String newProg(int hook) {
            if (chance(65)) {
                List<String> free = new ArrayList<>();
                for (String p : full && !spare.isEmpty() ? spare : progs) {
                    if (!attached.get(hook).contains(p)) {
                        free.add(p);
                    }
                }
                if (!free.isEmpty()) {
                    return free.get(rnd.nextInt(free.size()));
                }
            }
            return anyProg();
        }

        /** A prog that is there: mostly one attached to the hook. */
        String presentProg(int hook) {
            List<String> on = attached.get(hook);
            if (!on.isEmpty() && chance(70)) {
                return on.get(rnd.nextInt(on.size()));
            }
            return anyProg();
        }

        String link() {
            String l = !openLinks.isEmpty() && chance(75) ? openLinks.get(rnd.nextInt(openLinks.size()))
                    : LINKS[rnd.nextInt(LINKS.length)];
            linksNamed.add(l);
            return l;
        }

        /** Brings the model view up to date with the steps so far. */
        void observe() {
            Scenario s = load(closedCopy());
            SequentialTcx world = SequentialRun.world(s);
            List<ScenarioOp> ops = s.steps();
            for (int i = 0; i < steps.size(); i++) {
                world.run(ops.get(i).op());
            }
            TcxState st = world.state;
            List<List<String>> on = new ArrayList<>();
            for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
                List<String> names = new ArrayList<>();
                int e = st.hookEntry[h];
                for (int p : st.entryProgs(e)) {
                    names.add(s.progName(p));
                }
                on.add(names);
                revisions[h] = e == TcxState.NULL_ENTRY ? 1 : st.bundleRevision[TcxState.bundleOf(e)];
            }
            attached = on;
            List<String> open = new ArrayList<>();
            for (int n = 0; n < s.linkNames().size(); n++) {
                int l = st.nameBinding[n];
                if (l != 0 && st.linkFd[l]) {
                    open.add(s.linkName(n));
                }
            }
            openLinks = open;
        }

        Scenario load(ObjectNode tree) {
            try {
                return ScenarioLoader.parse(ScenarioJson.render(tree), Path.of(root.get("name").asText() + ".json"));
            } catch (ScenarioException e) {
                throw new IllegalStateException("generator built an invalid scenario: " + e.getMessage(), e);
            }
        }

        /** The op's hook: null for the scenario's default. */
        String hook() {
            if (full) {
                return null;
            }
            return chance(30) ? "egress" : null;
        }

        int hookIndex(String hookName) {
            String h = hookName != null ? hookName : root.has("hook") ? root.get("hook").asText() : "ingress";
            return h.equals("egress") ? TcxState.EGRESS : TcxState.INGRESS;
        }

        /** Adds a random "flags" array; returns whether it holds REPLACE. */
        boolean flags(ObjectNode op, int replacePercent) {
            ArrayNode f = null;
            boolean replace = false;
            for (String flag : FLAGS) {
                int p = switch (flag) {
                    case "BEFORE", "AFTER" -> 30;
                    case "REPLACE" -> replacePercent;
                    case "ID" -> 30;
                    default -> 20;
                };
                if (chance(p)) {
                    if (f == null) {
                        f = op.putArray("flags");
                    }
                    f.add(flag);
                    replace |= flag.equals("REPLACE");
                }
            }
            if (f == null && chance(10)) {
                op.putArray("flags");
            }
            return replace;
        }

        void relative(ObjectNode op, int hook) {
            int r = rnd.nextInt(100);
            if (r < 25) {
                return;
            }
            ObjectNode rel = op.putObject("relative");
            if (r < 40) {
                rel.put("none", true);
            } else if (r < 78) {
                rel.put("prog", presentProg(hook));
            } else {
                rel.put("link", link());
            }
        }

        /**
         * Flags and relative object for an attach, detach or link_create: about half of the time a well-formed
         * placement (plain, front or back, before or after a present prog or open link, by fd or id, or a replace),
         * so that sequences reach deep states; otherwise any combination. Returns whether REPLACE is set.
         */
        boolean placement(ObjectNode op, int hook, int replacePercent, boolean mayReplace) {
            if (!chance(45)) {
                boolean replace = flags(op, replacePercent);
                relative(op, hook);
                return replace;
            }
            int form = rnd.nextInt(mayReplace ? 6 : 5);
            if (form == 0) {
                return false;
            }
            ArrayNode f = op.putArray("flags");
            if (form == 5) {
                f.add("REPLACE");
                return true;
            }
            f.add(rnd.nextBoolean() ? "BEFORE" : "AFTER");
            if (form == 1) {
                if (chance(30)) {
                    op.putObject("relative").put("none", true);
                }
                return false;
            }
            boolean byId = chance(40);
            if (form == 4 && !openLinks.isEmpty()) {
                f.add("LINK");
                op.putObject("relative").put("link", link());
            } else {
                op.putObject("relative").put("prog", presentProg(hook));
            }
            if (byId) {
                f.add("ID");
            }
            return false;
        }

        /** 0 (none), the model's current revision of the op's hook, or one next to it. */
        void revision(ObjectNode op, int hook) {
            int r = rnd.nextInt(100);
            if (r < 55) {
                return;
            }
            long current = revisions[hook];
            long rev = r < 85 ? current : Math.max(1, current + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(2)));
            if (rev == current && r >= 85) {
                rev = current + 1;
            }
            op.put("expected_revision", rev);
        }

        /** The scenario so far, plus a link_create at the end for every link name used but never created. */
        ObjectNode closedCopy() {
            ObjectNode copy = root.deepCopy();
            ArrayNode st = (ArrayNode) copy.get("steps");
            Set<String> created = new java.util.HashSet<>();
            st.forEach(op -> {
                if (op.get("op").asText().equals("link_create")) {
                    created.add(op.get("link").asText());
                }
            });
            for (String l : linksNamed) {
                if (!created.contains(l)) {
                    st.addObject().put("op", "link_create").put("link", l).put("prog", progs.get(0));
                }
            }
            return copy;
        }

        /**
         * A qdisc, chain or teardown op: both kinds, shared blocks from a small pool (so that sides collide and
         * blocks outlive a qdisc), chain 0 by block and by hook; a teardown now and then, after which every op
         * naming the device fails.
         */
        void lifecycleOp() {
            ObjectNode op = ScenarioJson.F.objectNode();
            int k = rnd.nextInt(100);
            String kind = chance(55) ? "clsact" : "ingress";
            if (k < 50) {
                op.put("op", k < 30 ? "qdisc_add" : "qdisc_replace");
                op.put("kind", kind);
                if (chance(35)) {
                    op.put("ingress_block", 1 + rnd.nextInt(3));
                }
                if (chance(kind.equals("clsact") ? 30 : 5)) {
                    op.put("egress_block", 1 + rnd.nextInt(3));
                }
            } else if (k < 72) {
                op.put("op", "qdisc_delete");
                op.put("kind", chance(80) ? kind : (kind.equals("clsact") ? "ingress" : "clsact"));
            } else if (k < 92) {
                op.put("op", "chain_add");
                if (chance(50)) {
                    op.put("block", 1 + rnd.nextInt(3));
                } else {
                    op.put("hook", chance(50) ? "ingress" : "egress");
                }
            } else {
                op.put("op", "teardown");
            }
            steps.add(op);
        }

        void op() {
            observe();
            if (lifecycle && chance(18)) {
                lifecycleOp();
                return;
            }
            ObjectNode op = ScenarioJson.F.objectNode();
            int kind = rnd.nextInt(100);
            if (kind >= 63 && kind < 77 && openLinks.isEmpty() && chance(60)) {
                // A link op needs a link to be interesting: make one first, most of the time.
                kind = 50;
            }
            String hook = hook();
            int h = hookIndex(hook);
            if (kind < 30) {
                op.put("op", "attach");
                op.put("prog", newProg(h));
                boolean replace = placement(op, h, full ? 35 : 20, true);
                if (replace ? chance(85) : chance(8)) {
                    op.put("replace", presentProg(h));
                }
            } else if (kind < 50) {
                op.put("op", "detach");
                int p = rnd.nextInt(10);
                if (p < 7) {
                    op.put("prog", presentProg(h));
                } else if (p < 9) {
                    op.putNull("prog");
                }
                placement(op, h, 8, false);
            } else if (kind < 63) {
                op.put("op", "link_create");
                String l = LINKS[rnd.nextInt(LINKS.length)];
                linksNamed.add(l);
                op.put("link", l);
                op.put("prog", newProg(h));
                placement(op, h, 5, false);
            } else if (kind < 72) {
                op.put("op", "link_update");
                op.put("link", link());
                op.put("prog", chance(50) ? newProg(h) : anyProg());
                int o = rnd.nextInt(10);
                if (o < 4) {
                    op.put("old_prog", presentProg(h));
                } else if (o < 5) {
                    op.putNull("old_prog");
                }
                hook = null;
            } else if (kind < 77) {
                op.put("op", "link_detach");
                op.put("link", link());
                hook = null;
            } else if (kind < 88) {
                op.put("op", "query");
                int c = rnd.nextInt(100);
                if (c < 15) {
                    op.putNull("count_capacity");
                } else if (c < 25) {
                    op.put("count_capacity", 0);
                } else if (c < 45) {
                    op.put("count_capacity", 1 + rnd.nextInt(3));
                }
                int q = rnd.nextInt(100);
                if (q < 4) {
                    op.put("query_flags", 1);
                } else if (q < 6) {
                    op.put("query_flags", 1 << (1 + rnd.nextInt(8)));
                }
            } else {
                op.put("op", "close");
                if (chance(55)) {
                    op.put("prog", anyProg());
                } else {
                    op.put("link", link());
                }
                hook = null;
            }
            if (hook != null) {
                op.put("hook", hook);
            }
            String name = op.get("op").asText();
            if (name.equals("attach") || name.equals("detach") || name.equals("link_create")) {
                revision(op, h);
            }
            steps.add(op);
        }
    }

    /** Sequence {@code index}: a complete, valid format 1 scenario tree without expects. */
    public ObjectNode sequence(int index) {
        Builder b = new Builder(index);
        int n = Math.min(maxOps, 2) + b.rnd.nextInt(Math.max(1, (b.full ? maxOps + 8 : maxOps) - 1));
        for (int i = 0; i < n; i++) {
            b.op();
        }
        ObjectNode done = b.closedCopy();
        ArrayNode st = (ArrayNode) done.get("steps");
        // End with both hooks' full state, so a divergence that no step showed still shows as a step.
        st.addObject().put("op", "query").put("hook", "ingress");
        st.addObject().put("op", "query").put("hook", "egress");
        return done;
    }
}
