package mprogsim.model.sim;

import mprogsim.scheduler.Footprint;

/**
 * The shared-memory locations of the simulated kernel, as footprint regions for the engine. A region is a kind of
 * object and the object's number; the index is the field or slot inside it. Some locations exist only so that the
 * events an invariant relates are ordered in every trace (see {@link #VERSION} and the reader-presence reads of a
 * release): without them, equivalent interleavings could disagree on a verdict.
 */
final class Loc {
    private static final int OBJECTS = 4096;

    /** The global writer lock (RTNL); index 0. */
    static final int LOCK = 1;
    /** A hook's entry pointer (dev->tcx_ingress / tcx_egress); index = hook. */
    static final int HOOK = 2;
    /** The published-version counter of a hook, written by every publish, read when a reader enters or leaves. */
    static final int VERSION = 3;
    /** Whether reader r is inside a read-side critical section; index = reader. */
    static final int RCU_CS = 4;
    /** The end of reader r's pass k (written once); object = reader, index = pass. */
    static final int RCU_EXIT = 5;
    /** The object of callback process c was queued by call_rcu or kfree_rcu; index = callback process. */
    static final int RCU_QUEUE = 6;
    /** fp_items of every entry; index = entry ref * slots + slot (so that ALL covers every entry). */
    static final int FP = 7;
    /** cp_items of every bundle; index = bundle * slots + slot. */
    static final int CP = 8;
    /** bundle->count; index = bundle. */
    static final int COUNT = 9;
    /** The rest of a bundle's control part (revision, ref); index = bundle. */
    static final int BUNDLE = 10;
    /** A bundle's memory: freeing it writes this, every read of its entries reads it; index = bundle. */
    static final int BUNDLE_MEM = 21;
    /** The allocator of bundles (new bundle numbers). */
    static final int BUNDLE_ALLOC = 11;
    /** A prog's reference count; index = prog. */
    static final int PROG_REF = 12;
    /** A prog's memory and lifecycle (released, freed); index = prog. */
    static final int PROG_MEM = 13;
    /** The user's fd of a prog; index = prog. */
    static final int PROG_FD = 14;
    /** A link's fields (prog, dev, lifecycle); index = link. */
    static final int LINK = 15;
    /** A link's reference count; index = link. */
    static final int LINK_REF = 16;
    /** The user's fd of a link; index = link. */
    static final int LINK_FD = 17;
    /** Which link a link name is bound to (set when link_create settles); index = name. */
    static final int LINK_NAME = 18;
    /** The allocator of links (new link handles). */
    static final int LINK_ALLOC = 19;
    /** Whether the device is registered. */
    static final int DEVICE = 20;
    /**
     * The order in which the sequential spec linearizes ops. The spec applies a decision's actions up to the unlock
     * at once, the simulated thread one step at a time; the lock keeps other decisions out of that window, so only
     * a decision made without the lock ({@code no_writer_lock}) writes this.
     */
    static final int SPEC = 22;
    /**
     * The device's ingress/clsact qdisc and the shared tc blocks (kind, sides, blocks, chain 0, holds): state only
     * the qdisc ops' and the teardown's decisions touch; index 0.
     */
    static final int QDISC = 23;
    /** tcx_entry->miniq_active of a bundle's entry; index = bundle. */
    static final int MINIQ = 24;
    /** tcx_entry->miniq, the pointer mini_qdisc_pair_swap stores; index = bundle. */
    static final int MINIQ_PTR = 25;

    /** Weak memory: the global view of strong fences, written by every strong fence. */
    static final int WEAK_FENCE = 40;
    /** Weak memory: what every rcu_read_unlock released, read by the end of every grace period. */
    static final int WEAK_SYNC = 41;
    /**
     * Weak memory: thread t's next load and its read choice; index = process. Every step of a thread with read
     * choices writes it, and its choice process waits on it, so that the choice process's next step changes only
     * through steps it conflicts with.
     */
    static final int WEAK_CHOICE = 42;
    /** A litmus test's locations; index = location. */
    static final int LITMUS_MEM = 43;

    private Loc() {
    }

    /**
     * Whether a writer's step may touch a location of this kind while the writer does not hold the RTNL (with the
     * lock on): fd lookups and closes, reference counts, a prog's release and the call_rcu that queues its free,
     * a link's fields, and the reader-presence reads of a release. Never the hook pointers, entries, bundles, counts,
     * versions or qdiscs: those change only under the lock. {@link PersistentProcess} relies on this;
     * PersistentProcessTest checks it on every writer step of the catalog.
     */
    static boolean lockFreeWriterKind(int kind) {
        return switch (kind) {
            case PROG_REF, PROG_MEM, PROG_FD, LINK, LINK_REF, LINK_FD, LINK_NAME, LINK_ALLOC, RCU_CS, RCU_QUEUE,
                    LOCK -> true;
            default -> kind >= WEAK_FENCE;
        };
    }

    /** The kind of object an access touches (one of the constants above). */
    static int kindOf(long access) {
        return Footprint.region(access) / OBJECTS;
    }

    /** The object an access touches (for the kinds whose region has one). */
    static int objectOf(long access) {
        return Footprint.region(access) % OBJECTS;
    }

    static int region(int kind, int object) {
        return kind * OBJECTS + object;
    }

    static long read(int kind, int index) {
        return Footprint.of(kind * OBJECTS, index, Footprint.READ);
    }

    static long write(int kind, int index) {
        return Footprint.of(kind * OBJECTS, index, Footprint.WRITE);
    }

    static long read(int kind, int object, int index) {
        return Footprint.of(kind * OBJECTS + object, index, Footprint.READ);
    }

    static long write(int kind, int object, int index) {
        return Footprint.of(kind * OBJECTS + object, index, Footprint.WRITE);
    }

    static long await(int kind, int object, int index) {
        return Footprint.of(kind * OBJECTS + object, index, Footprint.WAIT);
    }

    /** fp_items[slot] of an entry, in an entry of {@code slots} slots. */
    static long slot(int mode, int entry, int slot, int slots) {
        return Footprint.of(FP * OBJECTS, entry * slots + slot, mode);
    }

    /** cp_items[slot] of a bundle. */
    static long controlSlot(int mode, int bundle, int slot, int slots) {
        return Footprint.of(CP * OBJECTS, bundle * slots + slot, mode);
    }

    static long acquire(int kind, int index) {
        return Footprint.of(kind * OBJECTS, index, Footprint.ACQUIRE);
    }
}
