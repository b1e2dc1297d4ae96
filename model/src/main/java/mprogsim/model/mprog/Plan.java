package mprogsim.model.mprog;

import java.util.Arrays;

/**
 * A writer's plan: the ordered list of individual memory accesses and effects one control-plane operation performs
 * once it holds the lock. The sequential spec executes a plan at once; the simulator executes one action per step;
 * the concurrent implementation executes it against real memory. A plan is a reusable flat int buffer.
 */
public final class Plan {
    // Action codes. Arguments a..e follow each code; unused ones are 0.
    /** A plain store of one fp slot (and its cp link) of an entry: a, slot, prog, link (a = entry ref). */
    public static final int SLOT_STORE = 1;
    /** WRITE_ONCE of one fp slot of the active entry, which publishes a new version: entry, slot, prog, link, version. */
    public static final int SLOT_PUBLISH = 2;
    /** bundle->count = value: bundle, value. */
    public static final int COUNT_STORE = 3;
    /** bpf_prog_put: prog. */
    public static final int PUT_PROG = 4;
    /** bpf_mprog_mark_for_release: bundle, prog. */
    public static final int MARK_RELEASE = 5;
    /** rcu_assign_pointer of the hook's entry pointer: hook, entry ref (-1 for NULL), version. */
    public static final int PUBLISH = 6;
    /** synchronize_rcu. */
    public static final int SYNC = 7;
    /** bpf_mprog_complete_release: put bundle->ref, if any, and clear it: bundle. */
    public static final int COMMIT_RELEASE = 8;
    /** bpf_mprog_revision_new: bundle. */
    public static final int REVISION_BUMP = 9;
    /** Free a bundle: bundle, 1 for kfree_rcu or 0 for kfree. */
    public static final int FREE_BUNDLE = 10;
    /** tcx_link->dev = attached ? dev : NULL: link, attached. */
    public static final int LINK_DEV = 11;
    /** xchg(&link->prog, prog): link, prog. */
    public static final int LINK_PROG = 12;
    /** bpf_link_settle: the new link gets its fd and id; link, link name. */
    public static final int LINK_SETTLE = 13;
    /** bpf_link_put (a transient reference): link. */
    public static final int PUT_LINK = 14;
    /** The device is unlisted: nothing finds it by ifindex any more. */
    public static final int UNREGISTER_DEVICE = 15;
    /** {@link #UNREGISTER_DEVICE}'s argument: the tcx device (the default), or both devices of the netkit pair. */
    public static final int DEVICE_TCX = 0;
    public static final int DEVICE_NETKIT = 1;
    /** The writer lock is released. */
    public static final int UNLOCK = 16;
    /** The last reference of a link is gone: its prog is put and its memory freed: link. */
    public static final int FREE_LINK = 17;
    /** close() of the user's prog fd: the fd is gone and its reference dropped: prog. */
    public static final int CLOSE_PROG_FD = 18;
    /** close() of the user's link fd: link. */
    public static final int CLOSE_LINK_FD = 19;
    /**
     * tcx_miniq_inc: one more qdisc side keeps the bundle's entry alive: bundle, 1 when miniq_active is the boolean
     * it was before kernel commit 1cb6f0bae504 (set, not counted).
     */
    public static final int MINIQ_INC = 20;
    /** tcx_miniq_dec: bundle, 1 for the boolean (cleared, not counted). */
    public static final int MINIQ_DEC = 21;
    /** mini_qdisc_pair_swap storing into the bundle's tcx_entry->miniq (a write into the entry's memory): bundle. */
    public static final int MINIQ_WRITE = 22;
    /** A writer reads a slot outside an entry's array (an old kernel's bug): entry, slot. */
    public static final int WILD_READ = 23;

    public static final int WIDTH = 6;

    private int[] actions = new int[WIDTH * 64];
    private int size;
    /** Version lists: at each offset, a length followed by that many prog handles. */
    private int[] lists = new int[64];
    private int listsSize;

    public int ret;
    /** The hook a plan works on, or -1 (teardown, close). */
    public int hook = -1;

    public void clear() {
        size = 0;
        listsSize = 0;
        ret = 0;
        hook = -1;
    }

    public int size() {
        return size;
    }

    public int code(int i) {
        return actions[i * WIDTH];
    }

    public int arg(int i, int k) {
        return actions[i * WIDTH + 1 + k];
    }

    public void add(int code, int a, int b, int c, int d, int e) {
        int at = size * WIDTH;
        if (at + WIDTH > actions.length) {
            actions = Arrays.copyOf(actions, actions.length * 2);
        }
        actions[at] = code;
        actions[at + 1] = a;
        actions[at + 2] = b;
        actions[at + 3] = c;
        actions[at + 4] = d;
        actions[at + 5] = e;
        size++;
    }

    public void add(int code, int a, int b) {
        add(code, a, b, 0, 0, 0);
    }

    public void add(int code, int a) {
        add(code, a, 0, 0, 0, 0);
    }

    public void add(int code) {
        add(code, 0, 0, 0, 0, 0);
    }

    /** Moves the last action to position {@code at}, shifting the ones after it. */
    public void moveLastTo(int at) {
        int[] last = Arrays.copyOfRange(actions, (size - 1) * WIDTH, size * WIDTH);
        System.arraycopy(actions, at * WIDTH, actions, (at + 1) * WIDTH, (size - 1 - at) * WIDTH);
        System.arraycopy(last, 0, actions, at * WIDTH, WIDTH);
    }

    /** Starts a version list; returns its offset. */
    public int beginList() {
        ensureLists(1);
        int off = listsSize;
        lists[listsSize++] = 0;
        return off;
    }

    public void listAdd(int off, int prog) {
        ensureLists(1);
        lists[listsSize++] = prog;
        lists[off]++;
    }

    public int listLength(int off) {
        return lists[off];
    }

    public int listItem(int off, int i) {
        return lists[off + 1 + i];
    }

    private void ensureLists(int more) {
        if (listsSize + more > lists.length) {
            lists = Arrays.copyOf(lists, lists.length * 2);
        }
    }

    public void copyFrom(Plan o) {
        if (actions.length < o.actions.length) {
            actions = new int[o.actions.length];
        }
        System.arraycopy(o.actions, 0, actions, 0, o.size * WIDTH);
        size = o.size;
        if (lists.length < o.lists.length) {
            lists = new int[o.lists.length];
        }
        System.arraycopy(o.lists, 0, lists, 0, o.listsSize);
        listsSize = o.listsSize;
        ret = o.ret;
        hook = o.hook;
    }

    public static String codeName(int code) {
        return switch (code) {
            case SLOT_STORE -> "store";
            case SLOT_PUBLISH -> "write_once";
            case COUNT_STORE -> "count";
            case PUT_PROG -> "prog_put";
            case MARK_RELEASE -> "mark_for_release";
            case PUBLISH -> "rcu_assign_pointer";
            case SYNC -> "synchronize_rcu";
            case COMMIT_RELEASE -> "complete_release";
            case REVISION_BUMP -> "revision_new";
            case FREE_BUNDLE -> "free_bundle";
            case LINK_DEV -> "link_dev";
            case LINK_PROG -> "link_prog_xchg";
            case LINK_SETTLE -> "link_settle";
            case PUT_LINK -> "link_put";
            case UNREGISTER_DEVICE -> "unlist_device";
            case UNLOCK -> "unlock";
            case FREE_LINK -> "link_free";
            case CLOSE_PROG_FD -> "close_prog_fd";
            case CLOSE_LINK_FD -> "close_link_fd";
            case MINIQ_INC -> "miniq_inc";
            case MINIQ_DEC -> "miniq_dec";
            case MINIQ_WRITE -> "miniq_swap";
            case WILD_READ -> "wild_read";
            default -> "action" + code;
        };
    }

    /** The most ints {@link #saveState} writes for a plan of up to {@code actions} actions and {@code lists} list ints. */
    public static int maxStateInts(int actions, int lists) {
        return 4 + actions * WIDTH + lists;
    }

    /** The stateful search: writes the plan (size, lists, result, hook, actions, lists); returns the next offset. */
    public int saveState(int[] out, int k) {
        out[k++] = size;
        out[k++] = listsSize;
        out[k++] = ret;
        out[k++] = hook;
        System.arraycopy(actions, 0, out, k, size * WIDTH);
        k += size * WIDTH;
        System.arraycopy(lists, 0, out, k, listsSize);
        return k + listsSize;
    }

    /** Reads back what {@link #saveState} wrote; returns the next offset. */
    public int restoreState(int[] in, int k) {
        size = in[k++];
        listsSize = in[k++];
        ret = in[k++];
        hook = in[k++];
        if (actions.length < size * WIDTH) {
            actions = new int[size * WIDTH];
        }
        System.arraycopy(in, k, actions, 0, size * WIDTH);
        k += size * WIDTH;
        if (lists.length < listsSize) {
            lists = new int[listsSize];
        }
        System.arraycopy(in, k, lists, 0, listsSize);
        return k + listsSize;
    }
}
