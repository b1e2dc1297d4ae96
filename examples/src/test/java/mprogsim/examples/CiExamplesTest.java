package mprogsim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import mprogsim.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The CI examples under examples/ci parse as YAML, every mprogsim command they run exists with the options they
 * give it, the shard matrix covers every shard once, and the commands, run in order on a small folder, give a
 * JUnit report of every scenario.
 */
class CiExamplesTest {
    static final Path ROOT = Path.of("..");
    static final Path GITHUB = Path.of("ci", "github-actions.yml");
    static final Path GITLAB = Path.of("ci", "gitlab-ci.yml");
    static final Path SMALL = Path.of("consumer", "src", "test", "scenarios");

    @TempDir
    Path work;

    /** One mprogsim command line of a CI file: the job it is in and the arguments after the jar. */
    record Command(String job, List<String> args) {
        String subcommand() {
            return args.get(0);
        }

        String option(String name) {
            int i = args.indexOf(name);
            return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        Object doc = new Yaml().load(Files.readString(file));
        assertTrue(doc instanceof Map, file + " is not a YAML mapping");
        return (Map<String, Object>) doc;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is not a mapping");
        return (Map<String, Object>) o;
    }

    /** Shell words of the mprogsim invocations in a script ("java -jar .../mprogsim.jar ARGS"), variables replaced. */
    static List<List<String>> invocations(String script, Map<String, String> vars) {
        List<List<String>> out = new ArrayList<>();
        for (String line : script.replace("\\\n", " ").split("\n")) {
            List<String> words = words(substitute(line, vars));
            int jar = -1;
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).endsWith("mprogsim.jar")) {
                    jar = i;
                }
            }
            if (jar >= 2 && words.get(jar - 2).equals("java") && words.get(jar - 1).equals("-jar")) {
                out.add(List.copyOf(words.subList(jar + 1, words.size())));
            } else {
                assertFalse(line.contains("mprogsim.jar ") && !line.contains("upload"),
                        "a line runs the jar in a way this test does not read: " + line);
            }
        }
        return out;
    }

    static String substitute(String line, Map<String, String> vars) {
        String s = line;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            s = s.replace("${{ " + v.getKey() + " }}", v.getValue()).replace("${" + v.getKey() + "}", v.getValue())
                    .replaceAll("\\$" + Pattern.quote(v.getKey()) + "\\b", Matcher.quoteReplacement(v.getValue()));
        }
        assertFalse(s.matches(".*mprogsim\\.jar.*\\$.*"), "a variable this test does not know: " + line);
        return s;
    }

    /** Splits a shell line into words: blanks separate, double and single quotes group. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        assertEquals(0, quote, "an unclosed quote in: " + line);
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    /** GitHub Actions: every step's run, with env and, in a matrix job, each matrix value in turn. */
    static List<Command> githubCommands() throws IOException {
        Map<String, Object> doc = yaml(GITHUB);
        assertTrue(doc.containsKey("on") || doc.containsKey(true), "no trigger ('on:') in " + GITHUB);
        Map<String, String> env = new LinkedHashMap<>();
        map(doc.getOrDefault("env", Map.of()), "env").forEach((k, v) -> env.put(k, String.valueOf(v)));
        List<Command> out = new ArrayList<>();
        for (Map.Entry<String, Object> job : map(doc.get("jobs"), "jobs").entrySet()) {
            Map<String, Object> j = map(job.getValue(), job.getKey());
            assertTrue(j.containsKey("runs-on"), job.getKey() + " has no runs-on");
            List<Map<String, String>> rows = new ArrayList<>();
            Object strategy = j.get("strategy");
            if (strategy != null) {
                Map<String, Object> matrix = map(map(strategy, "strategy").get("matrix"), "matrix");
                assertEquals(1, matrix.size(), "this test reads a one-dimensional matrix");
                Map.Entry<String, Object> dim = matrix.entrySet().iterator().next();
                for (Object value : (List<?>) dim.getValue()) {
                    Map<String, String> row = new LinkedHashMap<>(env);
                    row.put("matrix." + dim.getKey(), String.valueOf(value));
                    rows.add(row);
                }
            } else {
                rows.add(env);
            }
            for (Object step : (List<?>) j.get("steps")) {
                Object run = map(step, "a step").get("run");
                if (run != null) {
                    for (Map<String, String> vars : rows) {
                        for (List<String> args : invocations(run.toString(), vars)) {
                            out.add(new Command(job.getKey(), args));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** GitLab CI: every job's script, with variables and, for parallel: N, each CI_NODE_INDEX in turn. */
    static List<Command> gitlabCommands() throws IOException {
        Map<String, Object> doc = yaml(GITLAB);
        Map<String, String> vars = new LinkedHashMap<>();
        map(doc.getOrDefault("variables", Map.of()), "variables").forEach((k, v) -> vars.put(k, String.valueOf(v)));
        List<?> stages = (List<?>) doc.get("stages");
        List<Command> out = new ArrayList<>();
        for (Map.Entry<String, Object> job : doc.entrySet()) {
            if (!(job.getValue() instanceof Map<?, ?> m) || !m.containsKey("script")) {
                continue;
            }
            Map<String, Object> j = map(job.getValue(), job.getKey());
            assertTrue(stages.contains(j.get("stage")),
                    job.getKey() + ": stage " + j.get("stage") + " is not declared");
            int parallel = j.containsKey("parallel") ? (Integer) j.get("parallel") : 1;
            for (int i = 1; i <= parallel; i++) {
                Map<String, String> v = new LinkedHashMap<>(vars);
                if (j.containsKey("parallel")) {
                    v.put("CI_NODE_INDEX", Integer.toString(i));
                    v.put("CI_NODE_TOTAL", Integer.toString(parallel));
                }
                for (Object line : (List<?>) j.get("script")) {
                    for (List<String> args : invocations(line.toString(), v)) {
                        out.add(new Command(job.getKey(), args));
                    }
                }
            }
        }
        return out;
    }

    /** The commands parse as the mprogsim command line would, and name paths of this repository that exist. */
    static void checkCommands(String file, List<Command> commands) {
        assertFalse(commands.isEmpty(), file + " runs no mprogsim command");
        for (Command c : commands) {
            try {
                CommandLine.ParseResult parsed = Main.commandLine().parseArgs(c.args().toArray(String[]::new));
                assertTrue(parsed.hasSubcommand(), file + ": no subcommand in " + c.args());
                for (String path : parsed.subcommand().matchedPositionals().get(0).stringValues()) {
                    assertTrue(Files.exists(ROOT.resolve(path)), file + ": " + path + " does not exist");
                }
            } catch (CommandLine.ParameterException e) {
                fail(file + ", job " + c.job() + ": mprogsim " + String.join(" ", c.args()) + ": " + e.getMessage());
            }
        }
        List<Command> shards = commands.stream().filter(c -> c.subcommand().equals("check")).toList();
        assertFalse(shards.isEmpty(), file + " runs no check");
        int n = Integer.parseInt(shards.get(0).option("--shard").split("/")[1]);
        assertTrue(n >= 2, file + ": a matrix of one shard");
        assertEquals(IntStream.rangeClosed(1, n).mapToObj(i -> i + "/" + n).toList(),
                shards.stream().map(c -> c.option("--shard")).toList(),
                file + ": the matrix must run every shard once");
        String shardDir = shards.get(0).option("--shard-dir");
        List<Command> merges = commands.stream().filter(c -> c.subcommand().equals("merge")).toList();
        assertEquals(1, merges.size(), file + ": one merge job");
        assertEquals(shardDir, merges.get(0).option("--shard-dir"), file + ": merge reads where the shards wrote");
        assertTrue(merges.get(0).option("--junit") != null, file + ": merge publishes no JUnit report");
        assertEquals(shards.get(0).args().get(shards.get(0).args().size() - 1),
                merges.get(0).args().get(merges.get(0).args().size() - 1),
                file + ": merge must be given the scenarios the shards ran");
    }

    @Test
    void theGithubWorkflowRunsCommandsThatExist() throws IOException {
        checkCommands(GITHUB.toString(), githubCommands());
        assertTrue(Files.readString(GITHUB).contains("report_paths: mprogsim-junit.xml"),
                "the workflow publishes a report other than the one merge writes");
    }

    @Test
    void theGitlabJobRunsCommandsThatExist() throws IOException {
        checkCommands(GITLAB.toString(), gitlabCommands());
        Map<String, Object> merge = map(yaml(GITLAB).get("merge"), "merge");
        Map<String, Object> reports = map(map(merge.get("artifacts"), "artifacts").get("reports"), "reports");
        assertEquals("mprogsim-junit.xml", reports.get("junit"));
    }

    @Test
    void aTypoInAnOptionOrACommandIsCaught() {
        List<Command> typo = List.of(new Command("x", List.of("check", "--shards", "1/2", "scenarios/catalog")));
        AssertionError e = assertThrows(AssertionError.class, () -> checkCommands("typo", typo));
        assertTrue(e.getMessage().contains("--shards"), e.getMessage());
        List<Command> noSuchCommand = List.of(new Command("x", List.of("verify", "scenarios/catalog")));
        e = assertThrows(AssertionError.class, () -> checkCommands("typo", noSuchCommand));
        assertTrue(e.getMessage().contains("verify"), e.getMessage());
        List<Command> noSuchPath = List.of(new Command("x", List.of("check", "scenarios/catalogue")));
        e = assertThrows(AssertionError.class, () -> checkCommands("typo", noSuchPath));
        assertTrue(e.getMessage().contains("scenarios/catalogue does not exist"), e.getMessage());
    }

    /** The pipeline of each file, run in order on the example consumer's scenarios: shards, then merge. */
    @Test
    void thePipelinesRunAndWriteAJunitReportOfEveryScenario() throws IOException {
        for (List<Command> pipeline : List.of(githubCommands(), gitlabCommands())) {
            Path dir = Files.createTempDirectory(work, "pipeline");
            String scenarios = null;
            for (Command c : pipeline) {
                List<String> args = new ArrayList<>(c.args());
                scenarios = args.remove(args.size() - 1);
                for (String option : List.of("--shard-dir", "--junit", "--html", "--json")) {
                    int i = args.indexOf(option);
                    if (i >= 0) {
                        args.set(i + 1, dir.resolve(args.get(i + 1)).toString());
                    }
                }
                args.add(SMALL.toString());
                StringWriter out = new StringWriter();
                CommandLine cl = Main.commandLine();
                cl.setOut(new PrintWriter(out));
                cl.setErr(new PrintWriter(out));
                int exit = cl.execute(args.toArray(String[]::new));
                assertEquals(0, exit, "mprogsim " + String.join(" ", args) + ":\n" + out);
            }
            assertTrue(scenarios != null);
            Path junit = dir.resolve("mprogsim-junit.xml");
            String xml = Files.readString(junit);
            for (String name : List.of("attach-before-and-query", "detach-races-reader",
                    "commit-before-sync-is-caught")) {
                assertTrue(xml.contains("name=\"" + name + "\""), "no testcase " + name + " in " + junit + ":\n" + xml);
            }
            assertFalse(xml.contains("<failure"), xml);
        }
    }
}
