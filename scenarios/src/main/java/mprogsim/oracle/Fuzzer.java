package mprogsim.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;

/**
 * Differential fuzzing of the model against the running kernel: random sequences from {@link FuzzGenerator}, each
 * run on both; the first sequence where they differ is shrunk by delta debugging over its ops (then its initial
 * lists) and written out as a format 1 scenario whose expects are the kernel's results.
 */
public final class Fuzzer {
    private final KernelSession kernel;
    private final FuzzGenerator generator;
    private final String source;
    /** Kernel replays made while shrinking, for the report. */
    public int shrinkRuns;
    /** Steps where the kernel's id numbering had to be sidestepped (see KernelSession). */
    public long idNotes;
    /** How often each op returned what on the kernel ("attach -EEXIST" to count), in name order. */
    public final java.util.TreeMap<String, Long> returns = new java.util.TreeMap<>();

    /** Decides whether a candidate still shows the difference; the kernel replay, or a stand-in in tests. */
    private final java.util.function.Predicate<ObjectNode> stillDiffers;

    public Fuzzer(KernelSession kernel, FuzzGenerator generator, String source) {
        this.kernel = kernel;
        this.generator = generator;
        this.source = source;
        this.stillDiffers = tree -> {
            OracleCheck.Report r = check(tree);
            return r != null && r.modelDiffersFromKernel();
        };
    }

    /** A shrinker only, judging candidates with {@code stillDiffers} instead of the kernel. */
    Fuzzer(java.util.function.Predicate<ObjectNode> stillDiffers) {
        this.kernel = null;
        this.generator = null;
        this.source = "test";
        this.stillDiffers = stillDiffers;
    }

    public record Difference(int sequence, String firstDifference, int originalOps, int shrunkOps, Path file,
                             String shrunkDifference) {
    }

    public record Summary(int sequences, long ops, double seconds, Difference difference) {
        public double sequencesPerSecond() {
            return sequences / Math.max(seconds, 1e-9);
        }

        public double opsPerSecond() {
            return ops / Math.max(seconds, 1e-9);
        }
    }

    /** Runs sequences 0..n-1 until the first difference; {@code progress} gets the number done so far. */
    public Summary run(int n, Path outDir, LongConsumer progress) throws IOException {
        return run(0, n, outDir, progress);
    }

    /**
     * Runs sequences first..first+n-1 until the first difference. Sequences are independent, so consecutive ranges
     * of one seed together are exactly one longer run.
     */
    public Summary run(int first, int n, Path outDir, LongConsumer progress) throws IOException {
        long t0 = System.nanoTime();
        long ops0 = kernel.opsRun;
        for (int k = 0; k < n; k++) {
            int i = first + k;
            ObjectNode tree = generator.sequence(i);
            OracleCheck.Report r = check(tree);
            if (r == null) {
                throw new IllegalStateException("fuzz sequence " + i + " is not a valid scenario:\n"
                        + ScenarioJson.render(tree));
            }
            idNotes += r.notes().size();
            JsonNode treeSteps = tree.get("steps");
            for (int s = 0; s < r.kernelSteps().size(); s++) {
                String key = treeSteps.get(s).get("op").asText() + " " + mprogsim.model.mprog.Errno.format(
                        r.kernelSteps().get(s).ret());
                returns.merge(key, 1L, Long::sum);
            }
            if (r.modelDiffersFromKernel()) {
                double secs = (System.nanoTime() - t0) / 1e9;
                long ops = kernel.opsRun - ops0;
                Difference d = shrinkAndWrite(i, tree, r, outDir);
                return new Summary(k + 1, ops, secs, d);
            }
            progress.accept(k + 1);
        }
        return new Summary(n, kernel.opsRun - ops0, (System.nanoTime() - t0) / 1e9, null);
    }

    /** Loads and checks a tree; null when it is not a valid scenario (a shrink step removed something needed). */
    private OracleCheck.Report check(ObjectNode tree) {
        Scenario s;
        try {
            s = ScenarioLoader.parse(ScenarioJson.render(tree), Path.of(tree.get("name").asText() + ".json"));
        } catch (ScenarioException e) {
            return null;
        }
        return OracleCheck.check(kernel, s);
    }

    private boolean differs(ObjectNode tree) {
        shrinkRuns++;
        return stillDiffers.test(tree);
    }

    private static ObjectNode withSteps(ObjectNode tree, List<JsonNode> steps) {
        ObjectNode copy = tree.deepCopy();
        ArrayNode st = copy.putArray("steps");
        steps.forEach(st::add);
        return copy;
    }

    private static String firstDifference(OracleCheck.Report r) {
        if (r.setupError() != null) {
            return "setup: " + r.setupError();
        }
        for (OracleCheck.StepDiff d : r.diffs()) {
            if (d.modelVsKernel() != null) {
                return d.describe();
            }
        }
        return r.finalDiffs().isEmpty() ? "none" : r.finalDiffs().get(0);
    }

    /** ddmin over the steps (Zeller and Hildebrandt), keeping "model and kernel differ" true. */
    List<JsonNode> shrinkSteps(ObjectNode tree, List<JsonNode> steps) {
        int granularity = 2;
        while (steps.size() >= 2) {
            int size = steps.size();
            int chunk = (size + granularity - 1) / granularity;
            boolean reduced = false;
            for (int start = 0; start < size && !reduced; start += chunk) {
                List<JsonNode> part = new ArrayList<>(steps.subList(start, Math.min(size, start + chunk)));
                if (differs(withSteps(tree, part))) {
                    steps = part;
                    granularity = 2;
                    reduced = true;
                }
            }
            for (int start = 0; start < size && !reduced && granularity > 2; start += chunk) {
                List<JsonNode> rest = new ArrayList<>(steps.subList(0, start));
                rest.addAll(steps.subList(Math.min(size, start + chunk), size));
                if (differs(withSteps(tree, rest))) {
                    steps = rest;
                    granularity = Math.max(granularity - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (granularity >= size) {
                    break;
                }
                granularity = Math.min(size, granularity * 2);
            }
        }
        // One-at-a-time removal catches what the chunked passes leave (granularity 2 never tried complements).
        for (int i = steps.size() - 1; i >= 0 && steps.size() > 1; i--) {
            List<JsonNode> rest = new ArrayList<>(steps);
            rest.remove(i);
            if (differs(withSteps(tree, rest))) {
                steps = rest;
            }
        }
        return steps;
    }

    /** Empties each initial list if it can, then drops single entries of short lists. */
    ObjectNode shrinkInitial(ObjectNode tree) {
        for (String hook : new String[] {"ingress", "egress"}) {
            JsonNode list = tree.path("initial").get(hook);
            if (list == null || list.size() == 0) {
                continue;
            }
            ObjectNode emptied = tree.deepCopy();
            ((ObjectNode) emptied.get("initial")).putArray(hook);
            if (differs(emptied)) {
                tree = emptied;
                continue;
            }
            if (list.size() > 8) {
                continue;
            }
            for (int i = list.size() - 1; i >= 0; i--) {
                ObjectNode fewer = tree.deepCopy();
                ((ArrayNode) fewer.get("initial").get(hook)).remove(i);
                if (differs(fewer)) {
                    tree = fewer;
                }
            }
        }
        return tree;
    }

    /**
     * Appends, for every prog and link of the scenario, an attach of an extra never-attached prog "probe" relative
     * to that object by id without BEFORE or AFTER: -EINVAL while the object still exists (it is found, then there is
     * no position), -ENOENT once it is gone. That turns a difference in object lifetimes into step results.
     */
    static ObjectNode withLivenessProbes(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        ArrayNode progs = (ArrayNode) copy.get("progs");
        List<String> names = new ArrayList<>();
        progs.forEach(p -> names.add(p.get("name").asText()));
        String probe = "probe";
        while (names.contains(probe)) {
            probe = probe + "x";
        }
        progs.addObject().put("name", probe).put("type", "sched_cls");
        ArrayNode st = (ArrayNode) copy.get("steps");
        java.util.Set<String> links = new java.util.LinkedHashSet<>();
        st.forEach(op -> {
            if (op.get("op").asText().equals("link_create")) {
                links.add(op.get("link").asText());
            }
        });
        for (String p : names) {
            ObjectNode op = st.addObject().put("op", "attach").put("prog", probe);
            op.putArray("flags").add("ID");
            op.putObject("relative").put("prog", p);
        }
        for (String l : links) {
            ObjectNode op = st.addObject().put("op", "attach").put("prog", probe);
            op.putArray("flags").add("ID").add("LINK");
            op.putObject("relative").put("link", l);
        }
        return copy;
    }

    private Difference shrinkAndWrite(int index, ObjectNode tree, OracleCheck.Report first, Path outDir)
            throws IOException {
        String firstDiff = firstDifference(first);
        List<JsonNode> steps = new ArrayList<>();
        tree.get("steps").forEach(steps::add);
        int original = steps.size();
        steps = shrinkSteps(tree, steps);
        ObjectNode shrunk = shrinkInitial(withSteps(tree, steps));
        OracleCheck.Report r = check(shrunk);
        if (r == null || !r.modelDiffersFromKernel()) {
            // Cannot happen unless the kernel is not deterministic; keep the unshrunk sequence then.
            shrunk = tree;
            r = check(shrunk);
        }
        if (r.firstModelKernelStep() == -1) {
            // Only the final state differs (which objects are still alive): add steps that show it.
            ObjectNode probed = withLivenessProbes(shrunk);
            OracleCheck.Report pr = check(probed);
            if (pr != null && pr.firstModelKernelStep() >= 0) {
                shrunk = probed;
                r = pr;
            }
        }
        ObjectNode out = ScenarioJson.F.objectNode();
        out.put("name", shrunk.get("name").asText());
        out.put("description", "model and kernel differ: " + firstDifference(r)
                + " (shrunk from " + original + " ops; expects are the kernel's results)");
        out.put("source", source + ", sequence " + index);
        shrunk.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("name")) {
                out.set(f.getKey(), f.getValue());
            }
        });
        if (r.setupError() == null) {
            ScenarioJson.setExpects(out, r.kernelSteps());
        }
        Files.createDirectories(outDir);
        Path file = outDir.resolve(shrunk.get("name").asText() + ".json");
        Files.writeString(file, ScenarioJson.render(out));
        return new Difference(index, firstDiff, original, shrunk.get("steps").size(), file, firstDifference(r));
    }
}
