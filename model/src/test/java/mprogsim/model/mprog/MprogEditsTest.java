package mprogsim.model.mprog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import mprogsim.model.mprog.MprogAlgorithmTest.Entry;
import org.junit.jupiter.api.Test;

/**
 * The stores a decision turns into, slot by slot and in order, with each protocol switch; and the small value types
 * the plans and queries are carried in.
 */
class MprogEditsTest {
    private static final int BUNDLE = 2;
    private static final int ACTIVE = BUNDLE * 2; // entry a of bundle 2; its peer is ACTIVE ^ 1
    private static final int PEER = ACTIVE + 1;

    private static List<String> actions(Plan plan) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            StringBuilder s = new StringBuilder(Plan.codeName(plan.code(i)));
            for (int k = 0; k < Plan.WIDTH - 1; k++) {
                s.append(' ').append(plan.arg(i, k));
            }
            out.add(s.toString());
        }
        return out;
    }

    private static MprogDecision decision(int kind, int slot, int total, int prog, int link, int oldProg) {
        MprogDecision d = new MprogDecision();
        d.kind = kind;
        d.slot = slot;
        d.total = total;
        d.prog = prog;
        d.link = link;
        d.oldProg = oldProg;
        return d;
    }

    private static List<String> copyOf(Entry e, int target) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.slots(); i++) {
            out.add("store " + target + " " + i + " " + e.prog(i) + " " + e.link(i) + " 0");
        }
        return out;
    }

    @Test
    void replacePublishesOneSlotAndPutsTheOldProg() {
        Entry e = new Entry(4, 1, 3, 7);
        Plan plan = new Plan();
        assertEquals(ACTIVE, MprogEdits.emit(decision(MprogDecision.REPLACE, 1, 3, 5, 0, 3), e, ACTIVE, BUNDLE, 0,
                plan, 9));
        assertEquals(List.of("write_once 4 1 5 0 9", "prog_put 3 0 0 0 0"), actions(plan));
        // a link's prog is put by the link, not by the replace
        plan.clear();
        MprogEdits.emit(decision(MprogDecision.REPLACE, 1, 3, 5, 2, 3), e.link(1, 2), ACTIVE, BUNDLE, 0, plan, 9);
        assertEquals(List.of("write_once 4 1 5 2 9"), actions(plan));
    }

    @Test
    void insertCopiesToThePeerThenMovesTheTailUpFromTheEnd() {
        Entry e = new Entry(4, 1, 3, 7).link(2, 6);
        Plan plan = new Plan();
        assertEquals(PEER, MprogEdits.emit(decision(MprogDecision.INSERT, 1, 3, 5, 0, 0), e, ACTIVE, BUNDLE, 0, plan,
                0));
        List<String> expected = new ArrayList<>(copyOf(e, PEER));
        expected.addAll(List.of("store 5 3 7 6 0", "store 5 2 3 0 0", "store 5 1 5 0 0", "count 2 4 0 0 0"));
        assertEquals(expected, actions(plan));
    }

    @Test
    void insertInPlaceWritesTheActiveEntry() {
        Entry e = new Entry(4, 1, 3);
        Plan plan = new Plan();
        assertEquals(ACTIVE, MprogEdits.emit(decision(MprogDecision.INSERT, 2, 2, 5, 4, 0), e, ACTIVE, BUNDLE,
                MprogEdits.IN_PLACE, plan, 0));
        assertEquals(List.of("store 4 2 5 4 0", "count 2 3 0 0 0"), actions(plan));
    }

    @Test
    void deleteShrinksOverTheWholeArrayAndMarksTheProgForRelease() {
        Entry e = new Entry(4, 1, 3, 7);
        Plan plan = new Plan();
        assertEquals(PEER, MprogEdits.emit(decision(MprogDecision.DELETE, 1, 3, 3, 0, 0), e, ACTIVE, BUNDLE, 0, plan,
                0));
        List<String> expected = new ArrayList<>(copyOf(e, PEER));
        expected.addAll(List.of("store 5 1 7 0 0", "store 5 2 0 0 0", "store 5 3 0 0 0", "count 2 2 0 0 0",
                "mark_for_release 2 3 0 0 0"));
        assertEquals(expected, actions(plan));
    }

    @Test
    void deleteSwitches() {
        Entry e = new Entry(4, 1, 3, 7);
        Plan plan = new Plan();
        MprogEdits.emit(decision(MprogDecision.DELETE, 0, 3, 1, 0, 0), e, ACTIVE, BUNDLE,
                MprogEdits.IN_PLACE | MprogEdits.SHRINK_BY_TOTAL | MprogEdits.PUT_ON_DELETE, plan, 0);
        assertEquals(List.of("store 4 0 3 0 0", "store 4 1 7 0 0", "count 2 2 0 0 0", "prog_put 1 0 0 0 0"),
                actions(plan));
        // a link's prog is neither put nor marked: the link keeps it
        plan.clear();
        MprogEdits.emit(decision(MprogDecision.DELETE, 2, 3, 7, 6, 0), e.link(2, 6), ACTIVE, BUNDLE,
                MprogEdits.IN_PLACE | MprogEdits.SHRINK_BY_TOTAL, plan, 0);
        assertEquals(List.of("count 2 2 0 0 0"), actions(plan));
    }

    @Test
    void noEditForAFailedDecision() {
        MprogDecision none = new MprogDecision();
        none.reset();
        assertThrows(IllegalArgumentException.class,
                () -> MprogEdits.emit(none, new Entry(4, 1), ACTIVE, BUNDLE, 0, new Plan(), 0));
    }

    private static List<Integer> list(Plan plan, int off) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < plan.listLength(off); i++) {
            out.add(plan.listItem(off, i));
        }
        return out;
    }

    @Test
    void resultListAppliesTheOneChange() {
        Entry e = new Entry(4, 1, 3, 7);
        Plan plan = new Plan();
        int insert = MprogEdits.resultList(decision(MprogDecision.INSERT, 1, 3, 5, 0, 0), e, plan);
        int append = MprogEdits.resultList(decision(MprogDecision.INSERT, 3, 3, 5, 0, 0), e, plan);
        int delete = MprogEdits.resultList(decision(MprogDecision.DELETE, 2, 3, 7, 0, 0), e, plan);
        int replace = MprogEdits.resultList(decision(MprogDecision.REPLACE, 0, 3, 5, 0, 1), e, plan);
        assertEquals(List.of(1, 5, 3, 7), list(plan, insert));
        assertEquals(List.of(1, 3, 7, 5), list(plan, append));
        assertEquals(List.of(1, 3), list(plan, delete));
        assertEquals(List.of(5, 3, 7), list(plan, replace));
    }

    @Test
    void planGrowsKeepsOrderAndCopies() {
        Plan plan = new Plan();
        for (int i = 0; i < 200; i++) {
            plan.add(Plan.SLOT_STORE, i, i + 1, i + 2, i + 3, i + 4);
        }
        int off = plan.beginList();
        for (int i = 0; i < 100; i++) {
            plan.listAdd(off, i + 1);
        }
        plan.add(Plan.SYNC);
        plan.moveLastTo(1);
        plan.ret = -Errno.EBUSY;
        plan.hook = 1;
        Plan copy = new Plan();
        copy.copyFrom(plan);
        for (Plan p : new Plan[] {plan, copy}) {
            assertEquals(201, p.size());
            assertEquals(Plan.SLOT_STORE, p.code(0));
            assertEquals(Plan.SYNC, p.code(1));
            assertEquals(0, p.arg(1, 0));
            assertEquals(Plan.SLOT_STORE, p.code(2));
            assertEquals(1, p.arg(2, 0));
            assertEquals(199 + 4, p.arg(200, 4));
            assertEquals(100, p.listLength(off));
            assertEquals(100, p.listItem(off, 99));
        }
        assertEquals(-Errno.EBUSY, copy.ret);
        assertEquals(1, copy.hook);
        copy.clear();
        assertEquals(0, copy.size());
        assertEquals(0, copy.ret);
        assertEquals(-1, copy.hook);
        assertEquals(0, copy.beginList());
        plan.add(Plan.UNLOCK, 7, 8);
        assertEquals("unlock", Plan.codeName(plan.code(201)));
        assertEquals(8, plan.arg(201, 1));
        assertEquals("action99", Plan.codeName(99));
    }

    @Test
    void queryResultGrowsComparesAndCopies() {
        QueryResult a = new QueryResult();
        for (int i = 0; i < 100; i++) {
            a.add(i + 1, i % 3);
        }
        a.count = 100;
        a.revision = 4;
        QueryResult b = new QueryResult();
        b.copyFrom(a);
        assertTrue(a.sameAs(b));
        assertEquals(100, b.filled);
        assertEquals(100, b.progs[99]);
        assertEquals(0, b.links[99]);
        b.links[50]++;
        assertEquals(false, a.sameAs(b));
        b.copyFrom(a);
        b.progs[0]++;
        assertEquals(false, a.sameAs(b));
        b.copyFrom(a);
        b.revision++;
        assertEquals(false, a.sameAs(b));
        b.copyFrom(a);
        b.count--;
        assertEquals(false, a.sameAs(b));
        b.copyFrom(a);
        b.ret = -1;
        assertEquals(false, a.sameAs(b));
        b.copyFrom(a);
        b.filled--;
        assertEquals(false, a.sameAs(b));
    }

    @Test
    void errnoNamesAndNumbers() {
        assertEquals("0", Errno.format(0));
        assertEquals("-EEXIST", Errno.format(-Errno.EEXIST));
        assertEquals("-ESTALE", Errno.format(-Errno.ESTALE));
        assertEquals("-5", Errno.format(-5));
        assertEquals("17", Errno.format(17));
        assertEquals(-Errno.EEXIST, Errno.parse("-EEXIST"));
        assertEquals(-Errno.EPERM, Errno.parse(" EPERM "));
        assertEquals(0, Errno.parse("0"));
        assertEquals(-22, Errno.parse("-22"));
        assertNull(Errno.parse("EWHAT"));
        assertTrue(Errno.knownNames().startsWith("EPERM, ENOENT"));
    }

    @Test
    void flagNamesAndBits() {
        assertEquals(MprogFlags.LINK, MprogFlags.bit("LINK"));
        assertEquals(MprogFlags.REPLACE, MprogFlags.bit("REPLACE"));
        assertEquals(0, MprogFlags.bit("link"));
        assertEquals(List.of("BEFORE", "ID", "LINK"),
                MprogFlags.names(MprogFlags.BEFORE | MprogFlags.ID | MprogFlags.LINK));
        assertEquals(List.of(), MprogFlags.names(0));
        assertEquals("REPLACE, BEFORE, AFTER, ID, LINK", MprogFlags.knownNames());
    }

    @Test
    void decisionText() {
        MprogDecision d = decision(MprogDecision.INSERT, 1, 3, 5, 2, 0);
        assertEquals("insert(ret=0, slot=1, total=3, prog=5, link=2, old=0)", d.toString());
        d.fail(-Errno.EBUSY);
        assertEquals("none(ret=-EBUSY, slot=-1, total=0, prog=0, link=0, old=0)", d.toString());
        assertEquals("replace(ret=0, slot=0, total=1, prog=4, link=0, old=3)",
                decision(MprogDecision.REPLACE, 0, 1, 4, 0, 3).toString());
        assertEquals("delete(ret=0, slot=0, total=1, prog=4, link=0, old=0)",
                decision(MprogDecision.DELETE, 0, 1, 4, 0, 0).toString());
    }
}
