package mprogsim.cli;

import static mprogsim.cli.CheckCommandTest.catalog;
import static mprogsim.cli.CheckCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Replaying schedules a user wrote or edited by hand. */
class ReplayTest {
    private static final String FILE = catalog("variants").resolve("commit-before-sync.json").toString();
    /** What check prints for FILE: w1 thirteen steps, r1 five, w1 four, r1 one; use_after_free at step 23. */
    private static final String FOUND = "0*13.1*5.0*4.1";

    @Test
    void aScheduleLongerThanItsExecutionStopsAtTheViolation() {
        // Process 3 (rcu:bundle1) cannot move after step 23; the replay must not get there.
        CheckCommandTest.Run r = run("replay", FILE, "--schedule", FOUND + ".3");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("found as expected: use_after_free"), r.out());
        assertFalse(r.out().contains("does not fit"), r.out());
        assertTrue(r.out().contains("goes on for 1 step after the violation at step 23"), r.out());
        CheckCommandTest.Run longer = run("replay", FILE, "--schedule", FOUND + "*4.0*3");
        assertEquals(0, longer.code(), longer.out());
        assertTrue(longer.out().contains("(replay, 1 execution, 23 steps)"), longer.out());
        assertTrue(longer.out().contains("goes on for 6 steps after the violation at step 23"), longer.out());
    }

    @Test
    void aBadScheduleOptionIsBlamedOnTheOption() {
        CheckCommandTest.Run r = run("replay", FILE, "--schedule", "garbage");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--schedule garbage: bad schedule part \"garbage\""), r.err());
        assertFalse(r.err().contains("$.explore.schedule"), r.err());
    }

    @Test
    void theProcessNumbersOfASchedulesAreNamed() {
        CheckCommandTest.Run r = run("replay", FILE, "--schedule", FOUND);
        assertTrue(r.out().contains("processes in the schedule: 0 = w1, 1 = r1"), r.out());
        CheckCommandTest.Run check = run("check", "--no-time", FILE);
        assertTrue(check.out().contains("processes in the schedule: 0 = w1, 1 = r1"), check.out());
    }

    /** Qdisc ops in threads replay like any other: the schedule check prints for the old uninstall. */
    @Test
    void qdiscOpsReplay() {
        String file = catalog("kernel-versions").resolve("uninstall-frees-active-entry-before-079082c60aff.json")
                .toString();
        CheckCommandTest.Run r = run("replay", file, "--schedule", "0*10.1*3.2*12.1*3");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("found as expected: use_after_free"), r.out());
        assertTrue(r.out().contains("tc qdisc_release: mini_qdisc_pair_swap stores into bundle 0, already freed"),
                r.out());
        // The same schedule on today's kernel: the uninstall leaves the held entry alone, nothing breaks.
        String today = catalog("kernel-versions").resolve("uninstall-today.json").toString();
        CheckCommandTest.Run t = run("replay", today, "--schedule", "0*10.1*3.2*12.1*3");
        assertFalse(t.out().contains("use_after_free"), t.out());
    }

    @Test
    void aCallbackProcessInAScheduleIsExplained() {
        CheckCommandTest.Run r = run("replay", FILE, "--schedule", "0.3");
        assertTrue(r.out().contains("3 = rcu:bundle1"), r.out());
        assertTrue(r.out().contains("rcu:bundle1 is an RCU callback process"), r.out());
        assertTrue(r.out().contains("docs/schedules.md"), r.out());
    }
}
