package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import mprogsim.scheduler.Progress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a new user meets it: versions, help, exit codes, status lines, interruptions. */
class CommandLineTest {
    private static final List<String> COMMANDS = List.of("check", "replay", "simulate", "merge", "oracle", "fuzz",
            "bench");

    @Test
    void everyCommandPrintsTheVersion() {
        for (String c : COMMANDS) {
            for (String flag : new String[] {"-V", "--version"}) {
                CheckCommandTest.Run r = run(c, flag);
                assertEquals(0, r.code(), c + " " + flag + ": " + r.err());
                assertEquals("mprogsim " + Cli.VERSION, r.out().strip(), c + " " + flag);
            }
        }
        assertEquals("mprogsim " + Cli.VERSION, run("--version").out().strip());
    }

    @Test
    void helpIsACommand() {
        CheckCommandTest.Run top = run("help");
        assertEquals(0, top.code(), top.err());
        assertTrue(top.out().contains("Commands:") && top.out().contains("check"), top.out());
        CheckCommandTest.Run check = run("help", "check");
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().contains("--time-limit"), check.out());
    }

    @Test
    void exitCodesAreListedWhereTheyApply() {
        String top = run("--help").out();
        for (String code : new String[] {"0 ", "1 ", "2 ", "3 ", "130 "}) {
            assertTrue(top.replaceAll("\\s+", " ").contains(code), "exit " + code + "missing: " + top);
        }
        for (String c : COMMANDS) {
            assertTrue(run(c, "--help").out().contains("Exit codes:"), c + " --help lists no exit codes");
        }
    }

    /**
     * Each element of a description or footer is printed as a paragraph of its own, so it must be one: an element
     * that stops mid-sentence breaks the line there whatever the terminal's width.
     */
    @Test
    void helpParagraphsEndWhereTheirSentencesEnd() {
        CommandLine cl = Main.commandLine();
        List<String> broken = new ArrayList<>();
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> texts = new ArrayList<>(List.of(sub.getCommandSpec().usageMessage().description()));
            texts.addAll(List.of(sub.getCommandSpec().usageMessage().footer()));
            for (String t : texts) {
                String s = t.replace("%n", "").strip();
                if (!s.isEmpty() && !s.endsWith(".") && !s.endsWith(":") && !s.endsWith(")")) {
                    broken.add(sub.getCommandName() + ": \"" + s + "\"");
                }
            }
        }
        assertTrue(broken.isEmpty(), "paragraphs that stop mid-sentence: " + broken);
    }

    @Test
    void fuzzAndCheckTakeTheSameProgressOption() {
        for (String c : new String[] {"check", "fuzz"}) {
            CommandLine sub = Main.commandLine().getSubcommands().get(c);
            CommandLine.Model.OptionSpec o = sub.getCommandSpec().findOption("--progress");
            assertTrue(o != null, c + " has no --progress");
            assertTrue(o.negatable(), c);
        }
    }

    @Test
    void anExhaustiveStatusLineShowsNoGuessedPercentage() {
        // R3 once showed ~18% of 152,373, then ~72% of 1,417,778; and "units 12/351" for a minute.
        String line = ProgressPrinter.line(new Progress("dpor", 27_000, 2_000_000, 5_000_000_000L, 152_373, 12, 351));
        assertFalse(line.contains("%"), line);
        assertFalse(line.contains("units"), line);
        assertTrue(line.contains("27,000 executions"), line);
        String random = ProgressPrinter.line(new Progress("random", 2_500, 90_000, 1_000_000_000L, 10_000, 1, 4));
        assertTrue(random.contains("2,500 of 10,000 executions (25%)"), random);
    }

    @Test
    void anInterruptionSaysWhatFinishedAndWhatWasCutShort() {
        CheckRun run = new CheckRun(4, p -> { });
        run.started("a");
        run.finished("a", true);
        run.started("b");
        run.finished("b", false);
        run.started("c");
        run.progress(new Progress("dpor", 1234, 56789, 3_000_000_000L, Double.NaN, 0, 0));
        assertEquals(List.of(
                "INTERRUPTED c (dpor, 1,234 executions, 56,789 steps, 3.0 s so far): no verdict (an interrupted"
                        + " exploration is not a pass)",
                "interrupted: 1 passed, 1 failed (b), 1 interrupted, 1 not started, of 4"), run.interruptedSummary());
        run.over();
        assertEquals(List.of(), run.interruptedSummary(), "a run that ended by itself has nothing to say");
    }
}
