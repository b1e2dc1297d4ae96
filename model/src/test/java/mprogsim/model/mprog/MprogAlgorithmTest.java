package mprogsim.model.mprog;

import static mprogsim.model.mprog.MprogFlags.AFTER;
import static mprogsim.model.mprog.MprogFlags.BEFORE;
import static mprogsim.model.mprog.MprogFlags.ID;
import static mprogsim.model.mprog.MprogFlags.LINK;
import static mprogsim.model.mprog.MprogFlags.REPLACE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The bpf_mprog decisions one rule at a time, on an entry and object table built by hand, so that each position
 * rule and each errno path is pinned by a case that depends on it alone (mutation testing showed the scenario-level
 * tests leave several of them free).
 */
class MprogAlgorithmTest {
    private static final int TYPE_A = 3;
    private static final int TYPE_B = 4;

    /** An entry over plain arrays: slots = max + 1, the slot after the last element NULL unless a test says not. */
    static final class Entry implements MprogEntry {
        final int[] progs;
        final int[] links;
        int total;
        long revision = 1;

        Entry(int maxProgs, int... elements) {
            progs = new int[maxProgs + 1];
            links = new int[maxProgs + 1];
            System.arraycopy(elements, 0, progs, 0, elements.length);
            total = elements.length;
        }

        Entry link(int slot, int link) {
            links[slot] = link;
            return this;
        }

        @Override
        public int total() {
            return total;
        }

        @Override
        public int prog(int slot) {
            return progs[slot];
        }

        @Override
        public int link(int slot) {
            return links[slot];
        }

        @Override
        public long revision() {
            return revision;
        }

        @Override
        public int slots() {
            return progs.length;
        }
    }

    /**
     * Progs 1..9 exist, even ones of TYPE_B; a prog's fd and id are both its handle, and fds 100+p were closed.
     * Links 1..4 exist with link l holding prog 10 + l; link fd 200+l was closed.
     */
    private static final class Objects implements MprogObjects {
        @Override
        public int progType(int prog) {
            return prog % 2 == 0 ? TYPE_B : TYPE_A;
        }

        @Override
        public int progByRef(int ref, boolean byId) {
            if (!byId && ref > 100 && ref < 120) {
                return -Errno.EBADF;
            }
            if (ref >= 1 && ref <= 19) {
                return ref;
            }
            return byId ? -Errno.ENOENT : -Errno.EBADF;
        }

        @Override
        public int linkByRef(int ref, boolean byId) {
            if (ref >= 1 && ref <= 4) {
                return ref;
            }
            return byId ? -Errno.ENOENT : -Errno.EBADF;
        }

        @Override
        public int linkProg(int link) {
            return 10 + link;
        }
    }

    private static final Objects OBJECTS = new Objects();

    private static MprogDecision attach(Entry e, int prog, int link, int old, int flags, int rel, long revision) {
        MprogDecision d = new MprogDecision();
        MprogAlgorithm.attach(e, OBJECTS, prog, link, old, flags, rel, revision, false, d);
        return d;
    }

    private static MprogDecision attachLegacy(Entry e, int prog, int flags, int rel) {
        MprogDecision d = new MprogDecision();
        MprogAlgorithm.attach(e, OBJECTS, prog, 0, 0, flags, rel, 0, true, d);
        return d;
    }

    private static MprogDecision detach(Entry e, int prog, int link, int flags, int rel, long revision) {
        MprogDecision d = new MprogDecision();
        MprogAlgorithm.detach(e, OBJECTS, prog, link, flags, rel, revision, d);
        return d;
    }

    private static void assertDecision(int kind, int slot, int total, int prog, int link, MprogDecision d) {
        assertEquals(0, d.ret, d::toString);
        assertEquals(kind, d.kind, d::toString);
        assertEquals(slot, d.slot, d::toString);
        assertEquals(total, d.total, d::toString);
        assertEquals(prog, d.prog, d::toString);
        assertEquals(link, d.link, d::toString);
    }

    private static void assertFails(int errno, MprogDecision d) {
        assertEquals(-errno, d.ret, d::toString);
        assertEquals(MprogDecision.NONE, d.kind, d::toString);
    }

    @Test
    void maxKeepsOneSlotForTheTerminator() {
        assertEquals(4, MprogAlgorithm.max(new Entry(4)));
    }

    @Test
    void existsStopsAtTheFirstNullSlot() {
        Entry e = new Entry(4, 1, 3);
        e.progs[3] = 5; // beyond the terminator: stale, not part of the entry
        assertTrue(MprogAlgorithm.exists(e, 1));
        assertTrue(MprogAlgorithm.exists(e, 3));
        assertFalse(MprogAlgorithm.exists(e, 5));
        assertFalse(MprogAlgorithm.exists(e, 7));
        Entry full = new Entry(2, 1, 3);
        full.progs[2] = 5; // no terminator at all: the walk ends at the array's end
        assertTrue(MprogAlgorithm.exists(full, 5));
        assertFalse(MprogAlgorithm.exists(full, 7));
    }

    @Test
    void appendWithoutFlagsGoesToTheBack() {
        assertDecision(MprogDecision.INSERT, 2, 2, 5, 0, attach(new Entry(4, 1, 3), 5, 0, 0, 0, 0, 0));
        assertDecision(MprogDecision.INSERT, 0, 0, 5, 0, attach(new Entry(4), 5, 0, 0, 0, 0, 0));
    }

    @Test
    void beforeAndAfterWithoutRelativeMeanFrontAndBack() {
        assertDecision(MprogDecision.INSERT, 0, 3, 5, 0, attach(new Entry(4, 1, 3, 7), 5, 0, 0, BEFORE, 0, 0));
        assertDecision(MprogDecision.INSERT, 3, 3, 5, 0, attach(new Entry(4, 1, 3, 7), 5, 0, 0, AFTER, 0, 0));
        assertDecision(MprogDecision.INSERT, 0, 0, 5, 0, attach(new Entry(4), 5, 0, 0, BEFORE, 0, 0));
    }

    @Test
    void beforeAndAfterARelativeProg() {
        Entry e = new Entry(5, 1, 3, 7);
        assertDecision(MprogDecision.INSERT, 1, 3, 5, 0, attach(e, 5, 0, 0, BEFORE, 3, 0));
        assertDecision(MprogDecision.INSERT, 0, 3, 5, 0, attach(e, 5, 0, 0, BEFORE, 1, 0));
        assertDecision(MprogDecision.INSERT, 3, 3, 5, 0, attach(e, 5, 0, 0, AFTER, 7, 0));
        assertDecision(MprogDecision.INSERT, 2, 3, 5, 0, attach(e, 5, 0, 0, AFTER, 3, 0));
        assertDecision(MprogDecision.INSERT, 2, 3, 5, 0, attach(e, 5, 0, 0, AFTER | ID, 3, 0));
    }

    @Test
    void beforeAndAfterMustAgree() {
        Entry e = new Entry(5, 1, 3, 7);
        // both against one relative prog name two different gaps
        assertFails(Errno.ERANGE, attach(e, 5, 0, 0, BEFORE | AFTER, 3, 0));
        // front and back of a non-empty entry differ too
        assertFails(Errno.ERANGE, attach(e, 5, 0, 0, BEFORE | AFTER, 0, 0));
        // even on an empty entry: front is -1, back is 0
        assertFails(Errno.ERANGE, attach(new Entry(4), 5, 0, 0, BEFORE | AFTER, 0, 0));
    }

    @Test
    void relativeErrors() {
        Entry e = new Entry(5, 1, 3, 7);
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, BEFORE, 9, 0)); // 9 is not attached
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, AFTER, 9, 0));
        assertFails(Errno.EINVAL, attach(e, 5, 0, 0, BEFORE, 6, 0)); // type mismatch
        assertFails(Errno.EBADF, attach(e, 5, 0, 0, BEFORE, 101, 0)); // closed fd
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, BEFORE | ID, 0, 0)); // ID with no id
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, BEFORE | ID, 50, 0));
        assertFails(Errno.EINVAL, attach(e, 5, 0, 0, 0, 3, 0)); // a relative with no direction
        assertFails(Errno.EINVAL, attach(e, 5, 0, 0, ID, 3, 0));
        assertFails(Errno.EINVAL, attach(e, 5, 0, 0, BEFORE | LINK, 0, 0)); // LINK needs a link fd
        assertFails(Errno.EBADF, attach(e, 5, 0, 0, BEFORE | LINK, 201, 0));
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, BEFORE | LINK | ID, 0, 0));
        assertFails(Errno.ENOENT, attach(e, 5, 0, 0, BEFORE | LINK | ID, 9, 0));
    }

    @Test
    void relativeLinkNamesItsProgAndLink() {
        // link 2 holds prog 12, which is TYPE_B: an even new prog may sit next to it
        Entry e = new Entry(5, 1, 12, 7).link(1, 2);
        assertDecision(MprogDecision.INSERT, 1, 3, 4, 0, attach(e, 4, 0, 0, BEFORE | LINK, 2, 0));
        assertDecision(MprogDecision.INSERT, 2, 3, 4, 0, attach(e, 4, 0, 0, AFTER | LINK | ID, 2, 0));
        assertFails(Errno.EINVAL, attach(e, 5, 0, 0, AFTER | LINK, 2, 0)); // odd prog: type mismatch
        // link 4 holds prog 14, not attached: no slot matches its prog
        assertFails(Errno.ENOENT, attach(e, 4, 0, 0, AFTER | LINK, 4, 0));
        // prog 12 attached without a link does not match a relative link
        Entry bare = new Entry(5, 1, 12, 7);
        assertFails(Errno.ENOENT, attach(bare, 4, 0, 0, AFTER | LINK, 2, 0));
        assertFails(Errno.ENOENT, attach(bare, 4, 0, 0, BEFORE | LINK, 2, 0));
        // but the same prog named as a prog matches whatever link holds it
        assertDecision(MprogDecision.INSERT, 2, 3, 4, 0, attach(e, 4, 0, 0, AFTER, 12, 0));
    }

    @Test
    void revisionMustMatchWhenGiven() {
        Entry e = new Entry(4, 1);
        e.revision = 7;
        assertFails(Errno.ESTALE, attach(e, 3, 0, 0, 0, 0, 6));
        assertFails(Errno.ESTALE, attach(e, 3, 0, 0, 0, 0, 8));
        assertDecision(MprogDecision.INSERT, 1, 1, 3, 0, attach(e, 3, 0, 0, 0, 0, 7));
        assertDecision(MprogDecision.INSERT, 1, 1, 3, 0, attach(e, 3, 0, 0, 0, 0, 0));
        assertFails(Errno.ESTALE, detach(e, 1, 0, 0, 0, 6));
        assertDecision(MprogDecision.DELETE, 0, 1, 1, 0, detach(e, 1, 0, 0, 0, 7));
    }

    @Test
    void attachingAnAttachedProgIsEexistEvenWithFlags() {
        Entry e = new Entry(4, 1, 3);
        assertFails(Errno.EEXIST, attach(e, 3, 0, 0, 0, 0, 0));
        assertFails(Errno.EEXIST, attach(e, 1, 0, 3, REPLACE, 0, 0));
    }

    @Test
    void replaceNamesTheExactSlot() {
        Entry e = new Entry(4, 1, 3, 7);
        MprogDecision d = attach(e, 5, 0, 3, REPLACE, 0, 0);
        assertDecision(MprogDecision.REPLACE, 1, 3, 5, 0, d);
        assertEquals(3, d.oldProg);
        assertFails(Errno.ENOENT, attach(e, 5, 0, 9, REPLACE, 0, 0));
        // the slot's link must be the caller's: an opts replace of a link's prog is busy
        Entry linked = new Entry(4, 1, 3).link(1, 2);
        assertFails(Errno.EBUSY, attach(linked, 5, 0, 3, REPLACE, 0, 0));
        MprogDecision byLink = attach(linked, 5, 2, 3, REPLACE, 0, 0);
        assertDecision(MprogDecision.REPLACE, 1, 2, 5, 2, byLink);
        assertEquals(3, byLink.oldProg);
        // and a link cannot replace an opts-attached prog
        assertFails(Errno.EBUSY, attach(new Entry(4, 1, 3), 5, 2, 3, REPLACE, 0, 0));
    }

    @Test
    void replaceWithADirectionMustNameTheSameSlot() {
        Entry e = new Entry(4, 1, 3, 7);
        assertDecision(MprogDecision.REPLACE, 1, 3, 5, 0, attach(e, 5, 0, 3, REPLACE | BEFORE, 7, 0));
        assertDecision(MprogDecision.REPLACE, 1, 3, 5, 0, attach(e, 5, 0, 3, REPLACE | AFTER, 1, 0));
        assertFails(Errno.ERANGE, attach(e, 5, 0, 3, REPLACE | BEFORE, 3, 0));
        assertFails(Errno.ERANGE, attach(e, 5, 0, 3, REPLACE | AFTER, 7, 0));
        assertFails(Errno.ERANGE, attach(e, 5, 0, 7, REPLACE | AFTER, 0, 0)); // back is past the last slot
    }

    @Test
    void fullArrayRefusesInsertsButNotReplace() {
        Entry full = new Entry(3, 1, 3, 5);
        assertFails(Errno.ERANGE, attach(full, 7, 0, 0, 0, 0, 0));
        assertFails(Errno.ERANGE, attach(full, 7, 0, 0, BEFORE, 1, 0));
        assertDecision(MprogDecision.REPLACE, 2, 3, 7, 0, attach(full, 7, 0, 5, REPLACE, 0, 0));
        // one short of full still takes an insert
        assertDecision(MprogDecision.INSERT, 2, 2, 7, 0, attach(new Entry(3, 1, 3), 7, 0, 0, 0, 0, 0));
    }

    @Test
    void legacyMaxCheckLetsAFullArrayTakeAnInsertInFront() {
        Entry full = new Entry(3, 1, 3, 5);
        assertDecision(MprogDecision.INSERT, 0, 3, 7, 0, attachLegacy(full, 7, BEFORE, 1));
        assertDecision(MprogDecision.INSERT, 2, 3, 7, 0, attachLegacy(full, 7, BEFORE, 5));
        // the append and "after the last" positions are past max and still refused
        assertFails(Errno.ERANGE, attachLegacy(full, 7, 0, 0));
        assertFails(Errno.ERANGE, attachLegacy(full, 7, AFTER, 5));
    }

    @Test
    void detachRefusesReplaceBeforeLookingFurther() {
        Entry e = new Entry(4, 1);
        e.revision = 5;
        assertFails(Errno.EINVAL, detach(e, 1, 0, REPLACE, 0, 9));
        assertFails(Errno.EINVAL, detach(new Entry(4), 1, 0, REPLACE, 0, 0));
    }

    @Test
    void detachFromAnEmptyEntry() {
        assertFails(Errno.ENOENT, detach(new Entry(4), 1, 0, 0, 0, 0));
        assertFails(Errno.ENOENT, detach(new Entry(4), 0, 0, 0, 0, 0));
    }

    @Test
    void detachByProg() {
        Entry e = new Entry(4, 1, 3, 7);
        assertDecision(MprogDecision.DELETE, 1, 3, 3, 0, detach(e, 3, 0, 0, 0, 0));
        assertDecision(MprogDecision.DELETE, 0, 3, 1, 0, detach(e, 1, 0, 0, 0, 0));
        assertFails(Errno.ENOENT, detach(e, 9, 0, 0, 0, 0));
        // with a direction the relative must sit next to the prog
        assertDecision(MprogDecision.DELETE, 1, 3, 3, 0, detach(e, 3, 0, BEFORE, 7, 0));
        assertDecision(MprogDecision.DELETE, 1, 3, 3, 0, detach(e, 3, 0, AFTER, 1, 0));
        assertFails(Errno.ERANGE, detach(e, 3, 0, BEFORE, 1, 0));
        assertFails(Errno.ERANGE, detach(e, 3, 0, AFTER, 7, 0));
        assertFails(Errno.EINVAL, detach(e, 3, 0, BEFORE, 4, 0)); // relative of another type
    }

    @Test
    void detachByPositionOnly() {
        Entry e = new Entry(4, 1, 3, 7);
        assertDecision(MprogDecision.DELETE, 2, 3, 7, 0, detach(e, 0, 0, 0, 0, 0)); // no flags: the last one
        assertDecision(MprogDecision.DELETE, 0, 3, 1, 0, detach(e, 0, 0, BEFORE, 0, 0)); // front
        assertDecision(MprogDecision.DELETE, 2, 3, 7, 0, detach(e, 0, 0, AFTER, 0, 0)); // back
        assertDecision(MprogDecision.DELETE, 0, 3, 1, 0, detach(e, 0, 0, BEFORE, 3, 0)); // the one before 3
        assertDecision(MprogDecision.DELETE, 2, 3, 7, 0, detach(e, 0, 0, AFTER, 3, 0)); // the one after 3
        assertDecision(MprogDecision.DELETE, 1, 3, 3, 0, detach(e, 0, 0, AFTER, 1, 0));
        assertFails(Errno.EINVAL, detach(e, 0, 0, 0, 3, 0)); // a relative with no direction
        assertFails(Errno.ENOENT, detach(e, 0, 0, BEFORE, 9, 0));
        // "after the last" is the back position, which bpf_mprog_fetch maps to the last element
        assertDecision(MprogDecision.DELETE, 2, 3, 7, 0, detach(e, 0, 0, AFTER, 7, 0));
        // a full array has no "back" slot below max
        assertFails(Errno.ERANGE, detach(new Entry(3, 1, 3, 7), 0, 0, 0, 0, 0));
    }

    @Test
    void detachOfALinkSlot() {
        Entry e = new Entry(4, 1, 3).link(1, 2);
        assertFails(Errno.EBUSY, detach(e, 3, 0, 0, 0, 0)); // the opts path cannot remove a link's prog
        assertFails(Errno.EBUSY, detach(e, 0, 0, 0, 0, 0)); // not even by position
        assertDecision(MprogDecision.DELETE, 1, 2, 3, 2, detach(e, 3, 2, 0, 0, 0));
        assertFails(Errno.EBUSY, detach(e, 1, 2, 0, 0, 0)); // wrong link for that prog
    }

    @Test
    void positionsAreSearchedWithinCountOnly() {
        // shrink_by_total leaves the old last prog in the slot after count: it is not part of the entry
        Entry stale = new Entry(4, 1, 3, 7);
        stale.total = 2;
        assertFails(Errno.ENOENT, attach(stale, 5, 0, 7, REPLACE, 0, 0));
        assertFails(Errno.ENOENT, attach(stale, 5, 0, 0, BEFORE, 7, 0));
        assertFails(Errno.ENOENT, attach(stale, 5, 0, 0, AFTER, 7, 0));
        assertFails(Errno.ENOENT, detach(stale, 7, 0, 0, 0, 0));
    }

    @Test
    void aProgNamedWithoutItsLinkMatchesOnBothSides() {
        Entry e = new Entry(5, 1, 12, 7).link(1, 2);
        assertDecision(MprogDecision.INSERT, 1, 3, 4, 0, attach(e, 4, 0, 0, BEFORE, 12, 0));
        assertDecision(MprogDecision.INSERT, 2, 3, 4, 0, attach(e, 4, 0, 0, AFTER, 12, 0));
    }

    @Test
    void flagsWithoutAPositionAreInvalid() {
        // bpf_mprog_attach and _detach refuse any flag left over when no position was found, bits the syscall
        // layer would have masked included
        int unknown = 1 << 6;
        assertFails(Errno.EINVAL, attach(new Entry(4, 1, 3), 5, 0, 0, unknown, 0, 0));
        assertFails(Errno.EINVAL, detach(new Entry(4, 1, 3), 0, 0, unknown, 0, 0));
    }

    @Test
    void queryOfNoEntry() {
        QueryResult q = new QueryResult();
        q.ret = 9;
        q.filled = 3;
        assertEquals(0, MprogAlgorithm.query(null, 8, q));
        assertEquals(0, q.ret);
        assertEquals(0, q.count);
        assertEquals(1, q.revision);
        assertEquals(0, q.filled);
    }

    @Test
    void queryFillsUpToTheCallersBuffer() {
        Entry e = new Entry(4, 1, 3, 7).link(1, 2);
        e.revision = 6;
        QueryResult q = new QueryResult();
        assertEquals(0, MprogAlgorithm.query(e, 8, q));
        assertEquals(3, q.count);
        assertEquals(6, q.revision);
        assertArrayEquals(new int[] {1, 3, 7}, Arrays.copyOf(q.progs, q.filled));
        assertArrayEquals(new int[] {0, 2, 0}, Arrays.copyOf(q.links, q.filled));
        assertEquals(0, MprogAlgorithm.query(e, 3, q));
        assertEquals(3, q.filled);
        assertEquals(-Errno.ENOSPC, MprogAlgorithm.query(e, 2, q));
        assertEquals(-Errno.ENOSPC, q.ret);
        assertEquals(3, q.count);
        assertArrayEquals(new int[] {1, 3}, Arrays.copyOf(q.progs, q.filled));
        // no buffer: only count and revision
        for (int capacity : new int[] {0, -1}) {
            assertEquals(0, MprogAlgorithm.query(e, capacity, q));
            assertEquals(3, q.count);
            assertEquals(6, q.revision);
            assertEquals(0, q.filled);
        }
    }

    @Test
    void queryWalksTheSlotsToTheFirstNull() {
        Entry torn = new Entry(4, 1, 0, 7); // count says 3, the walk stops at slot 1
        QueryResult q = new QueryResult();
        assertEquals(0, MprogAlgorithm.query(torn, 8, q));
        assertEquals(3, q.count);
        assertEquals(1, q.filled);
        Entry over = new Entry(2, 1, 3);
        over.progs[2] = 5; // the terminator slot is never walked, even when it is not NULL
        over.total = 3;
        assertEquals(0, MprogAlgorithm.query(over, 8, q));
        assertArrayEquals(new int[] {1, 3}, Arrays.copyOf(q.progs, q.filled));
    }
}
