package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A timed run's counterexample is reduced as exhaustive ones are: the violating step's causal past, with the fewest
 * context switches.
 */
class TimedShrinkTest {
    @Test
    void aTimedCounterexampleIsReducedAsTheOthersAre() {
        // The raw schedule switched threads about ninety times in 476 steps.
        String file = catalog("timed").resolve("put-on-delete-under-load.json").toString();
        CheckCommandTest.Run r = run("check", "--no-time", file);
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = Pattern.compile("reduced from 476 steps with (\\d+) context switches to (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(2)) <= 10 && Integer.parseInt(m.group(1)) > 50, m.group());
        Matcher s = Pattern.compile("\n  schedule: (\\S+)").matcher(r.out());
        assertTrue(s.find(), r.out());
        CheckCommandTest.Run replay = run("replay", file, "--schedule", s.group(1));
        assertEquals(0, replay.code(), replay.out());
        assertTrue(replay.out().contains("found as expected: use_after_release"), replay.out());
    }
}
