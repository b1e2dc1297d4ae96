package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario that expects one invariant while another breaks must say what did break, where, and how to replay it. */
class OtherInvariantTest {
    @Test
    void whatBrokeInsteadIsNamedWithItsExecutionAndSchedule(@TempDir Path dir) throws Exception {
        String text = Files.readString(catalog("variants").resolve("no-sync-after-swap.json"))
                .replace("\"invariant\": \"torn_snapshot\"", "\"invariant\": \"use_after_free\"");
        Path f = dir.resolve("expects-another.json");
        Files.writeString(f, text);
        CheckCommandTest.Run r = run("check", "--no-time", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("no execution breaks use_after_free"), r.out());
        Matcher m = Pattern.compile("but torn_snapshot broke in execution (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Matcher s = Pattern.compile("schedule of that execution: (\\S+)").matcher(r.out());
        assertTrue(s.find(), r.out());
        // The schedule given is one of the file as it stands: replaying it shows the torn snapshot.
        CheckCommandTest.Run replay = run("replay", f.toString(), "--schedule", s.group(1));
        assertTrue(replay.out().contains("torn_snapshot"), replay.out());
    }
}
