package mprogsim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;

/**
 * The scenario files named on a command line, every one validated before anything runs: all of them are read, every
 * error is reported (not only the first one's), and then the command exits 2.
 */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    /** The loaded scenarios, or the errors that keep the command from running (one line each). */
    record Loaded(List<Scenario> scenarios, List<String> errors, int files) {
        boolean ok() {
            return errors.isEmpty();
        }

        /** Prints every error and a summary line on {@code err}; returns the exit code for bad input. */
        int report(PrintWriter err) {
            for (String e : errors) {
                err.println("error: " + e);
            }
            long bad = errors.stream().filter(e -> !e.startsWith("note:")).count();
            if (files > 1 && bad > 1) {
                err.println("error: " + (files - scenarios.size()) + " of " + files
                        + " files are not valid scenarios; nothing was run");
            }
            err.flush();
            return Cli.EXIT_BAD_INPUT;
        }
    }

    static Loaded load(List<Path> paths) {
        List<String> errors = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            try {
                List<Path> found = ScenarioLoader.expand(List.of(p));
                if (found.isEmpty() && Files.isDirectory(p)) {
                    errors.add(p + ": no scenario files (*.json) in this folder or below it");
                }
                files.addAll(found);
            } catch (ScenarioException e) {
                errors.add(e.getMessage());
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            try {
                Scenario s = ScenarioLoader.load(f);
                Path other = seen.putIfAbsent(s.name(), s.file());
                if (other != null) {
                    errors.add(s.file() + ": $.name: scenario name \"" + s.name() + "\" is already used by " + other
                            + "; names must be unique within a run");
                    continue;
                }
                scenarios.add(s);
            } catch (ScenarioException e) {
                errors.add(e.getMessage());
            }
        }
        return new Loaded(scenarios, errors, files.size());
    }
}
