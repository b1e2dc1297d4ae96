package mprogsim.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mprogsim.model.mprog.Errno;
import mprogsim.model.mprog.MprogFlags;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxOp;
import mprogsim.model.tcx.TcxState;
import mprogsim.scenario.OpOutcome;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioOp;

/**
 * Replays sequential scenarios on the running kernel, one after the other, each in a fresh network namespace with
 * freshly loaded programs. Scenario names map to real fds and ids; results map back to scenario names.
 *
 * <p>File descriptors: the scenario format promises that a closed fd stays closed (naming it gives -EBADF), but the
 * kernel hands out the lowest free number, so a later link_create could reuse it. Every object's fd is therefore
 * moved (F_DUPFD) to a number from a range far above anything else the process opens, taken in increasing order
 * within a scenario, so a closed number is never handed out again while that scenario runs.
 */
public final class KernelSession implements AutoCloseable {
    /** An fd number no object of a scenario ever has: for link names whose link_create has not happened. */
    private static final int NEVER_OPENED_FD = 0x3fffffff;
    /** An id that names nothing (ids are allocated cyclically from 1 and never get near this). */
    private static final int UNUSED_ID = 0x7ffffff0;

    private final KernelBpf k;
    private final int fdBase;
    private final int fdTop;
    private int nextFd;
    /** Link fds of the previous scenario: closed one scenario later, once their namespace is gone (no sync). */
    private List<Integer> lingeringLinkFds = new ArrayList<>();
    private List<Integer> closeNextTime = new ArrayList<>();
    private boolean first = true;
    private boolean needFreshNetns = true;
    /** How many programs may be left attached for a scenario to be undone in place rather than by a new namespace. */
    private static final int IN_PLACE_UNDO_LIMIT = 3;
    /** Namespaces created, for the record. */
    public long freshNetnsCount;
    /** Kernel syscalls made for scenario ops (initial attaches included), for rates. */
    public long opsRun;

    private KernelSession(KernelBpf k) {
        this.k = k;
        long limit = Math.min(k.openFileLimit(), 1 << 20);
        if (limit < 256) {
            throw new IllegalStateException("RLIMIT_NOFILE " + limit + " is too small for the oracle");
        }
        this.fdBase = (int) (limit / 2);
        this.fdTop = (int) limit - 8;
        this.nextFd = fdBase;
    }

    public static KernelSession open() throws KernelBpf.Unavailable {
        return new KernelSession(KernelBpf.open());
    }

    /** Where a scenario runs: lo, unless it has qdisc or teardown ops (or veth is asked for every scenario). */
    public enum Device {
        AUTO, LO, VETH
    }

    private Device device = Device.AUTO;

    /**
     * Opens the session and, when {@code probeVeth}, checks that a veth device can be created in a private namespace
     * and given a clsact qdisc through rtnetlink; throws {@link KernelBpf.Unavailable} with one line otherwise.
     */
    public static KernelSession open(boolean probeVeth) throws KernelBpf.Unavailable {
        KernelSession session = open();
        if (probeVeth) {
            try {
                session.checkVeth();
            } catch (KernelBpf.Unavailable e) {
                session.close();
                throw e;
            }
        }
        return session;
    }

    /**
     * Checks, in a namespace of its own, that a veth can be created and given a clsact qdisc through rtnetlink;
     * throws {@link KernelBpf.Unavailable} with one line when not.
     */
    public void checkVeth() throws KernelBpf.Unavailable {
        int r = k.freshNetns();
        if (r == 0) {
            r = k.createVeth();
            if (r != 0) {
                throw new KernelBpf.Unavailable("veth devices are refused here (RTM_NEWLINK of a veth pair: "
                        + Errno.format(r) + "; qdisc and teardown scenarios need CONFIG_VETH and CAP_NET_ADMIN)");
            }
            k.useDevice(KernelBpf.VETH_IFINDEX);
            r = k.qdiscNew("clsact", false, 0, 0);
            k.useDevice(KernelBpf.LO_IFINDEX);
            if (r != 0) {
                throw new KernelBpf.Unavailable("the clsact qdisc is refused here (RTM_NEWQDISC on a veth: "
                        + Errno.format(r) + "; qdisc scenarios need CONFIG_NET_SCH_INGRESS)");
            }
        }
        needFreshNetns = true;
    }

    /**
     * Whether netkit scenarios can be checked here; throws {@link KernelBpf.Unavailable} with one line saying why
     * not. A netkit pair is created in a namespace of its own: a kernel without CONFIG_NETKIT refuses it. Where the
     * kernel has netkit, this version still says no: the oracle drives tcx hooks only.
     */
    public void checkNetkit() throws KernelBpf.Unavailable {
        int r = k.freshNetns();
        if (r != 0) {
            throw new KernelBpf.Unavailable("netkit scenarios need a private network namespace (unshare: "
                    + Errno.format(r) + ")");
        }
        r = k.createNetkit();
        needFreshNetns = true;
        if (r != 0) {
            throw new KernelBpf.Unavailable("netkit scenarios need CONFIG_NETKIT, which this kernel does not have"
                    + " (RTM_NEWLINK of kind netkit: " + Errno.format(r) + ")");
        }
        throw new KernelBpf.Unavailable("this kernel has netkit, but the oracle drives tcx hooks only in this"
                + " version; netkit scenarios are checked on the model alone");
    }

    /** Runs every following scenario on lo, on a fresh veth, or on whichever its ops need (the default). */
    public void useDevice(Device d) {
        this.device = d;
    }

    /** Whether {@code s} needs a device other than lo: qdiscs, chains and unregistering the device. */
    public static boolean needsVeth(Scenario s) {
        return s.hasLifecycleOps();
    }

    /** The kernel's view of one hook at the end of a scenario. */
    public record HookState(int ret, long revision, List<String> progs, List<String> links) {
        public String describe() {
            if (ret != 0) {
                return "query " + Errno.format(ret);
            }
            StringBuilder sb = new StringBuilder("rev ").append(revision).append(" [");
            for (int i = 0; i < progs.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(progs.get(i));
                if (links.get(i) != null) {
                    sb.append('/').append(links.get(i));
                }
            }
            return sb.append(']').toString();
        }
    }

    /** What the kernel did with a scenario. {@code setupError} is non-null when it could not even be set up. */
    public record Result(List<OpOutcome> steps, List<HookState> finalState, List<String> notes, String setupError,
                         String alive) {
        Result(List<OpOutcome> steps, List<HookState> finalState, List<String> notes, String setupError) {
            this(steps, finalState, notes, setupError, null);
        }
    }

    /**
     * Which of the scenario's objects still exist at the end, in the words of {@link #describeAlive}: a prog or link
     * exists while its id can still be looked up (the kernel frees the id with the last reference), so this shows
     * the reference counting of the model against the kernel's.
     */
    public static String describeAlive(List<String> progs, List<String> links) {
        return "progs " + progs + ", links " + links;
    }

    private static int attachType(int hook) {
        return hook == TcxState.EGRESS ? KernelBpf.BPF_TCX_EGRESS : KernelBpf.BPF_TCX_INGRESS;
    }

    /** Per-scenario mapping between scenario names and kernel objects. */
    private final class World {
        final Scenario s;
        final int[] progFd;
        final int[] progId;
        final Map<Integer, String> progNameById = new HashMap<>();
        /** Per link name: the fd and id of the link it is bound to now (0 when none yet). */
        final int[] linkFd;
        final int[] linkId;
        final Map<Integer, String> linkNameById = new HashMap<>();
        /** The fds this scenario opened and has not closed: closed or handed on when it ends. */
        final java.util.Set<Integer> openFds = new java.util.LinkedHashSet<>();
        final java.util.Set<Integer> linkFdSet = new java.util.HashSet<>();
        final List<String> notes = new ArrayList<>();

        World(Scenario s) {
            this.s = s;
            int n = s.progNames().size();
            progFd = new int[n + 1];
            progId = new int[n + 1];
            int links = s.linkNames().size();
            linkFd = new int[links];
            linkId = new int[links];
        }

        int freshFd(int fd) {
            int moved = k.dupAtOrAbove(fd, nextFd);
            k.closeFd(fd);
            if (moved < 0) {
                throw new IllegalStateException("cannot move fd " + fd + " to " + nextFd + ": " + Errno.format(moved));
            }
            nextFd = moved + 1;
            openFds.add(moved);
            return moved;
        }

        int fdOfRef(int ref) {
            if ((ref & TcxState.REF_LINK) == TcxState.REF_LINK) {
                int l = ref & 0xffffff;
                return linkFd[l] != 0 ? linkFd[l] : NEVER_OPENED_FD;
            }
            return progFd[ref & 0xffffff];
        }

        /**
         * The id passed for a relative object under BPF_F_ID. The model takes prog ids and link ids to be separate
         * spaces (a link's id names no prog); when the kernel's numbering happens to give the id of the wrong kind
         * to a live object of the looked-up kind, an unused id is passed instead, with a note.
         */
        int idOfRef(int ref, int flags, String opText) {
            boolean wantLink = (flags & MprogFlags.LINK) != 0;
            boolean isLink = (ref & TcxState.REF_LINK) == TcxState.REF_LINK;
            int h = ref & 0xffffff;
            int id = isLink ? linkId[h] : progId[h];
            if (id == 0) {
                return UNUSED_ID;
            }
            if (isLink != wantLink && k.idExists(id, wantLink)) {
                notes.add(opText + ": the " + (isLink ? "link" : "prog") + "'s kernel id " + id + " is also the id of a"
                        + " live " + (wantLink ? "link" : "prog") + "; passed an unused id instead");
                return UNUSED_ID;
            }
            return id;
        }

        int relative(TcxOp op, String text) {
            if (op.relative == 0) {
                return 0;
            }
            return (op.flags & MprogFlags.ID) != 0 ? idOfRef(op.relative, op.flags, text) : fdOfRef(op.relative);
        }

        int linkFdOfName(int name) {
            return linkFd[name] != 0 ? linkFd[name] : NEVER_OPENED_FD;
        }

        OpOutcome run(TcxOp op, String text) {
            opsRun++;
            int ah = attachType(op.hook);
            switch (op.kind) {
                case ATTACH -> {
                    int replace = op.replace != 0 ? progFd[op.replace] : 0;
                    return plain(k.progAttach(ah, progFd[op.prog], op.flags, relative(op, text), replace,
                            op.expectedRevision));
                }
                case DETACH -> {
                    return plain(k.progDetach(ah, op.prog != 0 ? progFd[op.prog] : 0, op.flags, relative(op, text),
                            op.expectedRevision));
                }
                case LINK_CREATE -> {
                    int fd = k.linkCreate(ah, progFd[op.prog], op.flags, relative(op, text), op.expectedRevision);
                    if (fd < 0) {
                        return plain(fd);
                    }
                    fd = freshFd(fd);
                    int id = k.objectId(fd);
                    if (id <= 0) {
                        throw new IllegalStateException("no id for new link fd " + fd + ": " + Errno.format(id));
                    }
                    linkFd[op.link] = fd;
                    linkFdSet.add(fd);
                    linkId[op.link] = id;
                    linkNameById.put(id, s.linkName(op.link));
                    return plain(0);
                }
                case LINK_UPDATE -> {
                    return plain(k.linkUpdate(linkFdOfName(op.link), progFd[op.prog],
                            op.oldProg != 0 ? progFd[op.oldProg] : 0));
                }
                case LINK_DETACH -> {
                    return plain(k.linkDetach(linkFdOfName(op.link)));
                }
                case CLOSE_PROG -> {
                    return plain(closeOwned(progFd[op.prog]));
                }
                case CLOSE_LINK -> {
                    return plain(closeOwned(linkFdOfName(op.link)));
                }
                case QUERY -> {
                    int r = k.query(ah, op.queryFlags, op.countCapacity);
                    if (r != 0 && r != -Errno.ENOSPC) {
                        // The model reports nothing for a failed query; the kernel wrote nothing back either.
                        return new OpOutcome(r, 0, 0L, List.of(), List.of());
                    }
                    List<String> progs = new ArrayList<>();
                    List<String> links = new ArrayList<>();
                    readIds(op.countCapacity, progs, links);
                    return new OpOutcome(r, k.queryCount, k.queryRevision, progs, links);
                }
                case QDISC_ADD, QDISC_REPLACE -> {
                    return plain(k.qdiscNew(qdiscName(op.qdiscKind), op.kind == OpKind.QDISC_REPLACE,
                            op.ingressBlock, op.egressBlock));
                }
                case QDISC_DELETE -> {
                    return plain(k.qdiscDelete(qdiscName(op.qdiscKind)));
                }
                case CHAIN_ADD -> {
                    return plain(k.chainAdd(op.hook < 0 ? op.ingressBlock : 0, op.hook == TcxState.EGRESS
                            ? KernelBpf.TC_H_MIN_EGRESS_CLASS : KernelBpf.TC_H_MIN_INGRESS_CLASS));
                }
                case TEARDOWN -> {
                    return plain(k.deleteDevice());
                }
                default -> throw new IllegalArgumentException("not a scenario op: " + op.kind);
            }
        }

        int closeOwned(int fd) {
            int r = k.closeFd(fd);
            if (r == 0) {
                openFds.remove(fd);
            }
            return r;
        }

        void readIds(int capacity, List<String> progs, List<String> links) {
            if (capacity <= 0) {
                return;
            }
            int n = Math.min(capacity, KernelBpf.QUERY_SLOTS);
            for (int i = 0; i < n; i++) {
                int pid = k.queryProgIds.getInt(4L * i);
                if (pid == 0) {
                    break;
                }
                progs.add(progNameById.getOrDefault(pid, "?prog-id-" + pid));
                int lid = k.queryLinkIds.getInt(4L * i);
                links.add(lid == 0 ? null : linkNameById.getOrDefault(lid, "?link-id-" + lid));
            }
        }

        HookState hookState(int hook) {
            int r = k.query(attachType(hook), 0, KernelBpf.QUERY_SLOTS);
            List<String> progs = new ArrayList<>();
            List<String> links = new ArrayList<>();
            if (r == 0) {
                readIds(KernelBpf.QUERY_SLOTS, progs, links);
            }
            return new HookState(r, r == 0 ? k.queryRevision : 0, progs, links);
        }
    }

    private static String qdiscName(int kind) {
        return kind == TcxState.QDISC_CLSACT ? "clsact" : "ingress";
    }

    private static OpOutcome plain(int ret) {
        return new OpOutcome(ret, null, null, null, null);
    }

    /** Runs the initial lists and every step of a sequential scenario on the kernel, from a clean namespace. */
    public Result run(Scenario s) {
        boolean veth = device == Device.VETH || device == Device.AUTO && needsVeth(s);
        if (needFreshNetns || veth) {
            // The previous one (and whatever was still attached there) goes away with the switch.
            int r = k.freshNetns();
            if (r != 0) {
                return new Result(List.of(), List.of(), List.of(), "unshare(CLONE_NEWNET) failed: "
                        + Errno.format(r));
            }
            freshNetnsCount++;
        }
        needFreshNetns = true;
        k.useDevice(KernelBpf.LO_IFINDEX);
        if (veth) {
            int r = k.createVeth();
            if (r != 0) {
                return new Result(List.of(), List.of(), List.of(), "creating the veth device failed: "
                        + Errno.format(r));
            }
            k.useDevice(KernelBpf.VETH_IFINDEX);
        }
        for (int fd : closeNextTime) {
            k.closeFd(fd);
        }
        closeNextTime = lingeringLinkFds;
        lingeringLinkFds = new ArrayList<>();
        int needed = s.progNames().size() + s.linkCreates() + 8;
        if (first || nextFd + needed > fdTop) {
            nextFd = fdBase;
            first = false;
        }
        if (nextFd + needed > fdTop) {
            return new Result(List.of(), List.of(), List.of(), "scenario needs " + needed
                    + " fds, more than the oracle's fd range holds");
        }
        World w = new World(s);
        try {
            for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
                HookState clean = w.hookState(h);
                if (clean.ret() != 0 || clean.revision() != 1 || !clean.progs().isEmpty()) {
                    return new Result(List.of(), List.of(), List.of(), "the fresh namespace is not clean: "
                            + Scenario.hookName(h) + " " + clean.describe());
                }
            }
            for (int p = 1; p <= s.progNames().size(); p++) {
                int type = s.progTypes()[p] == TcxState.TYPE_SOCKET_FILTER ? KernelBpf.PROG_TYPE_SOCKET_FILTER
                        : KernelBpf.PROG_TYPE_SCHED_CLS;
                int fd = k.loadProg(type);
                if (fd < 0) {
                    return new Result(List.of(), List.of(), List.of(), "BPF_PROG_LOAD of " + s.progName(p)
                            + " failed: " + Errno.format(fd));
                }
                fd = w.freshFd(fd);
                w.progFd[p] = fd;
                w.progId[p] = k.objectId(fd);
                w.progNameById.put(w.progId[p], s.progName(p));
            }
            for (TcxOp op : s.initialOps()) {
                OpOutcome o = w.run(op, "initial");
                if (o.ret() != 0) {
                    return new Result(List.of(), List.of(), w.notes, "initial attach of " + s.progName(op.prog)
                            + " to " + Scenario.hookName(op.hook) + " failed on the kernel: " + Errno.format(o.ret()));
                }
            }
            List<OpOutcome> steps = new ArrayList<>();
            for (ScenarioOp op : s.steps()) {
                steps.add(w.run(op.op(), op.text()));
            }
            List<HookState> fin = List.of(w.hookState(TcxState.INGRESS), w.hookState(TcxState.EGRESS));
            List<String> progsAlive = new ArrayList<>();
            for (int p = 1; p < w.progId.length; p++) {
                if (k.idExists(w.progId[p], false)) {
                    progsAlive.add(s.progName(p));
                }
            }
            List<String> linksAlive = new ArrayList<>();
            for (int n = 0; n < w.linkId.length; n++) {
                if (w.linkId[n] != 0 && k.idExists(w.linkId[n], true)) {
                    linksAlive.add(s.linkName(n));
                }
            }
            return new Result(steps, fin, w.notes, null, describeAlive(progsAlive, linksAlive));
        } finally {
            boolean undo = !veth && undoInPlace(w);
            for (int p = 1; p < w.progFd.length; p++) {
                if (w.progFd[p] != 0 && w.openFds.remove(w.progFd[p])) {
                    k.closeFd(w.progFd[p]);
                }
            }
            lingeringLinkFds.addAll(w.openFds);
            needFreshNetns = veth || !undo;
        }
    }

    /**
     * Undoes a scenario inside its namespace when little is left attached: each detach costs one grace period, but
     * tearing down a namespace whose lo has tcx entries costs several. Returns true when both hooks ended empty
     * (entry freed, so the next scenario's clean check will see revision 1); false leaves it to a fresh namespace.
     */
    private boolean undoInPlace(World w) {
        int left = 0;
        for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
            if (k.query(attachType(h), 0, -1) != 0) {
                return false;
            }
            left += k.queryCount;
        }
        if (left > IN_PLACE_UNDO_LIMIT) {
            return false;
        }
        // Closing every link fd releases the links still attached (and the ones whose names were bound again).
        for (int fd : new ArrayList<>(w.openFds)) {
            if (w.linkFdSet.contains(fd) && k.closeFd(fd) == 0) {
                w.openFds.remove(fd);
            }
        }
        for (int h = TcxState.INGRESS; h <= TcxState.EGRESS; h++) {
            for (int guard = 0; guard <= KernelBpf.QUERY_SLOTS; guard++) {
                if (k.query(attachType(h), 0, -1) != 0) {
                    return false;
                }
                if (k.queryCount == 0) {
                    break;
                }
                if (k.progDetach(attachType(h), 0, 0, 0, 0) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (int fd : closeNextTime) {
            k.closeFd(fd);
        }
        // Leave the last private namespace first, so its links are released by the namespace's own teardown.
        k.close();
        for (int fd : lingeringLinkFds) {
            // After leaving, the fd table is still ours; closing may cost a grace period each if teardown lags.
            closeFdQuietly(fd);
        }
    }

    private void closeFdQuietly(int fd) {
        try {
            k.closeFd(fd);
        } catch (IllegalStateException e) {
            // close() from a foreign thread: the process exit closes them.
        }
    }
}
