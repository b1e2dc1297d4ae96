package mprogsim.oracle;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import mprogsim.model.mprog.Errno;

/**
 * The running kernel's bpf(2) for tcx, through JNA: raw {@code union bpf_attr} buffers laid out by hand (uapi
 * offsets), and the few libc calls around it (unshare, setns, close, fcntl).
 *
 * <p>Network namespaces: unshare(CLONE_NEWNET) moves only the calling thread. Rather than re-exec the JVM under
 * {@code unshare -n}, every kernel call is made from the one thread that created this object, which is checked on
 * every call; the thread is moved into a fresh private namespace per scenario and put back into its original one by
 * {@link #close()}. This keeps the oracle usable from tests and the CLI alike, and a fresh namespace per scenario is
 * the cleanest "clean state": its {@code lo} (ifindex 1) has never had anything attached.
 */
public final class KernelBpf implements AutoCloseable {
    public static final int BPF_PROG_LOAD = 5;
    public static final int BPF_PROG_ATTACH = 8;
    public static final int BPF_PROG_DETACH = 9;
    public static final int BPF_PROG_GET_FD_BY_ID = 13;
    public static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    public static final int BPF_PROG_QUERY = 16;
    public static final int BPF_LINK_CREATE = 28;
    public static final int BPF_LINK_UPDATE = 29;
    public static final int BPF_LINK_GET_FD_BY_ID = 30;
    public static final int BPF_LINK_DETACH = 34;

    public static final int BPF_TCX_INGRESS = 46;
    public static final int BPF_TCX_EGRESS = 47;
    public static final int PROG_TYPE_SOCKET_FILTER = 1;
    public static final int PROG_TYPE_SCHED_CLS = 3;
    /** The loopback device of a fresh network namespace. */
    public static final int LO_IFINDEX = 1;
    /** The veth device the oracle creates for qdisc and teardown scenarios, and its peer (ifindex chosen at creation). */
    public static final int VETH_IFINDEX = 10;
    public static final int VETH_PEER_IFINDEX = 11;
    public static final String VETH_NAME = "mpsim0";

    // rtnetlink (include/uapi/linux/netlink.h, rtnetlink.h, pkt_sched.h, if_link.h, veth.h)
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int NLM_F_REQUEST = 1;
    private static final int NLM_F_ACK = 4;
    private static final int NLM_F_REPLACE = 0x100;
    private static final int NLM_F_EXCL = 0x200;
    private static final int NLM_F_CREATE = 0x400;
    private static final int NLMSG_ERROR = 2;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int RTM_NEWQDISC = 36;
    private static final int RTM_DELQDISC = 37;
    private static final int RTM_NEWCHAIN = 100;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int TCA_KIND = 1;
    private static final int TCA_CHAIN = 11;
    private static final int TCA_INGRESS_BLOCK = 13;
    private static final int TCA_EGRESS_BLOCK = 14;
    /** TC_H_INGRESS (== TC_H_CLSACT), the parent of the ingress and clsact qdiscs. */
    public static final int TC_H_INGRESS = 0xfffffff1;
    /** The handle tc gives both: ffff:. */
    public static final int TC_H_INGRESS_HANDLE = 0xffff0000;
    /** The classes of a clsact qdisc's two blocks: ffff:fff2 (ingress), ffff:fff3 (egress). */
    public static final int TC_H_MIN_INGRESS_CLASS = 0xfffffff2;
    public static final int TC_H_MIN_EGRESS_CLASS = 0xfffffff3;
    private static final int TCM_IFINDEX_MAGIC_BLOCK = 0xffffffff;

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** Large enough for every command used here; the kernel requires the unused tail to be zero, and it is. */
    private static final int ATTR_SIZE = 128;
    /** Room for every id a query can return: bpf_mprog_max() is 63. */
    public static final int QUERY_SLOTS = 64;

    interface LibC extends Library {
        long syscall(long number, Object... args);

        int unshare(int flags);

        int setns(int fd, int nstype);

        int close(int fd);

        int fcntl(int fd, int cmd, Object... args);

        int open(String path, int flags);

        int getrlimit(int resource, long[] rlim);

        int socket(int domain, int type, int protocol);

        long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrlen);

        long recv(int fd, Pointer buf, long len, int flags);
    }

    private final LibC libc;
    private final long bpfSyscall;
    private final Thread owner;
    private final Memory attr = new Memory(ATTR_SIZE);
    private final Memory insns = new Memory(16);
    private final Memory license = new Memory(4);
    private final Memory info = new Memory(256);
    public final Memory queryProgIds = new Memory(4L * QUERY_SLOTS);
    public final Memory queryLinkIds = new Memory(4L * QUERY_SLOTS);
    private int originalNetns = -1;
    private boolean inPrivateNetns;
    /** The device every tcx call names: lo, or the veth of a qdisc scenario. */
    private int ifindex = LO_IFINDEX;
    private final Memory nl = new Memory(1024);
    private final Memory nlReply = new Memory(8192);
    private final Memory nlAddr = new Memory(12);
    private int nlLen;
    private int nlSeq;

    /** Thrown when this machine does not let the oracle use the kernel at all; the message is one line. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    private KernelBpf(LibC libc, long bpfSyscall) {
        this.libc = libc;
        this.bpfSyscall = bpfSyscall;
        this.owner = Thread.currentThread();
        // r0 = 0 (BPF_ALU64 | BPF_MOV | BPF_K, 0xb7); exit (BPF_JMP | BPF_EXIT, 0x95).
        insns.clear();
        insns.setByte(0, (byte) 0xb7);
        insns.setByte(8, (byte) 0x95);
        license.setString(0, "GPL", "US-ASCII");
    }

    /**
     * Opens the kernel for the calling thread and probes everything the oracle needs: a private network namespace,
     * loading a sched_cls program, and a tcx query on {@code lo}. Throws {@link Unavailable} with one clear line when
     * any of it is not permitted here.
     */
    public static KernelBpf open() throws Unavailable {
        long nr;
        if (!Platform.isLinux()) {
            throw new Unavailable("the kernel oracle needs Linux (this is " + System.getProperty("os.name") + ")");
        }
        if (Platform.isIntel() && Platform.is64Bit()) {
            nr = 321;
        } else if (Platform.isARM() && Platform.is64Bit()) {
            nr = 280;
        } else {
            throw new Unavailable("the kernel oracle knows the bpf(2) syscall number only for x86_64 and aarch64 (this is "
                    + System.getProperty("os.arch") + ")");
        }
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new Unavailable("cannot load libc through JNA: " + e.getMessage());
        }
        KernelBpf k = new KernelBpf(libc, nr);
        k.originalNetns = libc.open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC);
        try {
            int r = k.freshNetns();
            if (r != 0) {
                throw new Unavailable("network namespaces are not permitted here (unshare(CLONE_NEWNET): "
                        + Errno.format(r) + "; the oracle needs root or CAP_SYS_ADMIN)");
            }
            int fd = k.loadProg(PROG_TYPE_SCHED_CLS);
            if (fd < 0) {
                throw new Unavailable("bpf(2) is not permitted here (BPF_PROG_LOAD of a sched_cls program: "
                        + Errno.format(fd) + "; the oracle needs root or CAP_BPF + CAP_NET_ADMIN)");
            }
            k.closeFd(fd);
            int q = k.query(BPF_TCX_INGRESS, 0, -1);
            if (q != 0) {
                throw new Unavailable("this kernel has no usable tcx (BPF_PROG_QUERY on BPF_TCX_INGRESS of lo: "
                        + Errno.format(q) + "; tcx needs Linux 6.6 or later)");
            }
        } catch (Unavailable e) {
            k.close();
            throw e;
        }
        return k;
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("kernel calls must stay on the thread that owns the private network "
                    + "namespace (" + owner.getName() + "), not " + Thread.currentThread().getName());
        }
    }

    private int errno() {
        return -Native.getLastError();
    }

    /** Moves the calling thread into a new, empty network namespace. Returns 0 or a negative errno. */
    public int freshNetns() {
        checkThread();
        if (libc.unshare(CLONE_NEWNET) != 0) {
            return errno();
        }
        inPrivateNetns = true;
        return 0;
    }

    private int bpf(int cmd) {
        checkThread();
        long r = libc.syscall(bpfSyscall, (long) cmd, attr, (long) ATTR_SIZE);
        return r < 0 ? errno() : (int) r;
    }

    private void zeroAttr() {
        attr.clear();
    }

    /** BPF_PROG_LOAD of "r0 = 0; exit". Returns the new fd or a negative errno. */
    public int loadProg(int progType) {
        zeroAttr();
        attr.setInt(0, progType);
        attr.setInt(4, 2);
        attr.setLong(8, Pointer.nativeValue(insns));
        attr.setLong(16, Pointer.nativeValue(license));
        return bpf(BPF_PROG_LOAD);
    }

    /** BPF_OBJ_GET_INFO_BY_FD: the id of a prog or link (both infos start with type, id). Negative errno on failure. */
    public int objectId(int fd) {
        zeroAttr();
        info.clear();
        attr.setInt(0, fd);
        attr.setInt(4, 64);
        attr.setLong(8, Pointer.nativeValue(info));
        int r = bpf(BPF_OBJ_GET_INFO_BY_FD);
        return r < 0 ? r : info.getInt(4);
    }

    /** Whether {@code id} names a live prog (link when {@code link}); any fd this makes is closed again. */
    public boolean idExists(int id, boolean link) {
        zeroAttr();
        attr.setInt(0, id);
        int fd = bpf(link ? BPF_LINK_GET_FD_BY_ID : BPF_PROG_GET_FD_BY_ID);
        if (fd >= 0) {
            libc.close(fd);
            return true;
        }
        return false;
    }

    /** BPF_PROG_ATTACH (tcx_prog_attach on lo). */
    public int progAttach(int attachType, int progFd, int flags, int relative, int replaceFd, long revision) {
        zeroAttr();
        attr.setInt(0, ifindex);
        attr.setInt(4, progFd);
        attr.setInt(8, attachType);
        attr.setInt(12, flags);
        attr.setInt(16, replaceFd);
        attr.setInt(20, relative);
        attr.setLong(24, revision);
        return bpf(BPF_PROG_ATTACH);
    }

    /** BPF_PROG_DETACH (tcx_prog_detach on lo); {@code progFd} 0 detaches by position. */
    public int progDetach(int attachType, int progFd, int flags, int relative, long revision) {
        zeroAttr();
        attr.setInt(0, ifindex);
        attr.setInt(4, progFd);
        attr.setInt(8, attachType);
        attr.setInt(12, flags);
        attr.setInt(20, relative);
        attr.setLong(24, revision);
        return bpf(BPF_PROG_DETACH);
    }

    /** BPF_LINK_CREATE of a tcx link on lo. Returns the link fd or a negative errno. */
    public int linkCreate(int attachType, int progFd, int flags, int relative, long revision) {
        zeroAttr();
        attr.setInt(0, progFd);
        attr.setInt(4, ifindex);
        attr.setInt(8, attachType);
        attr.setInt(12, flags);
        attr.setInt(16, relative);
        attr.setLong(24, revision);
        return bpf(BPF_LINK_CREATE);
    }

    /** BPF_LINK_UPDATE; {@code oldProgFd} 0 means no BPF_F_REPLACE. */
    public int linkUpdate(int linkFd, int newProgFd, int oldProgFd) {
        zeroAttr();
        attr.setInt(0, linkFd);
        attr.setInt(4, newProgFd);
        if (oldProgFd != 0) {
            attr.setInt(8, 1 << 2);
            attr.setInt(12, oldProgFd);
        }
        return bpf(BPF_LINK_UPDATE);
    }

    /** BPF_LINK_DETACH. */
    public int linkDetach(int linkFd) {
        zeroAttr();
        attr.setInt(0, linkFd);
        return bpf(BPF_LINK_DETACH);
    }

    /** Result fields of the last {@link #query}. */
    public int queryCount;
    public long queryRevision;

    /**
     * BPF_PROG_QUERY (tcx_prog_query on lo). {@code capacity} -1 passes no prog_ids buffer (and count 0); otherwise
     * prog_ids and link_ids buffers with count = capacity. The ids land in {@link #queryProgIds} and
     * {@link #queryLinkIds}; count and revision in the fields above.
     */
    public int query(int attachType, int queryFlags, int capacity) {
        zeroAttr();
        attr.setInt(0, ifindex);
        attr.setInt(4, attachType);
        attr.setInt(8, queryFlags);
        if (capacity >= 0) {
            queryProgIds.clear();
            queryLinkIds.clear();
            attr.setLong(16, Pointer.nativeValue(queryProgIds));
            attr.setInt(24, capacity);
            attr.setLong(40, Pointer.nativeValue(queryLinkIds));
        }
        int r = bpf(BPF_PROG_QUERY);
        queryCount = attr.getInt(24);
        queryRevision = attr.getLong(56);
        return r;
    }

    /** close(2): 0 or a negative errno (-EBADF for an fd that is not open). */
    public int closeFd(int fd) {
        checkThread();
        return libc.close(fd) == 0 ? 0 : errno();
    }

    /** fcntl(F_DUPFD_CLOEXEC): the lowest free fd at or above {@code min}, or a negative errno. */
    public int dupAtOrAbove(int fd, int min) {
        checkThread();
        int r = libc.fcntl(fd, F_DUPFD_CLOEXEC, min);
        return r < 0 ? errno() : r;
    }

    /** The soft RLIMIT_NOFILE: fds at or above it can never be open. */
    public long openFileLimit() {
        long[] rlim = new long[2];
        return libc.getrlimit(7, rlim) == 0 ? rlim[0] : 1024;
    }

    /** The device the tcx calls name from now on. */
    public void useDevice(int ifindex) {
        this.ifindex = ifindex;
    }

    // ---- rtnetlink: one request, one acknowledgement, on a socket of the calling thread's namespace -----------

    private void nlBegin(int type, int flags) {
        nl.clear();
        nlLen = 16;
        nl.setShort(4, (short) type);
        nl.setShort(6, (short) (flags | NLM_F_REQUEST | NLM_F_ACK));
        nl.setInt(8, ++nlSeq);
    }

    private void nlIfinfo(int index) {
        nl.setInt(nlLen + 4, index);
        nlLen += 16;
    }

    private void nlTcmsg(int index, int handle, int parent) {
        nl.setInt(nlLen + 4, index);
        nl.setInt(nlLen + 8, handle);
        nl.setInt(nlLen + 12, parent);
        nlLen += 20;
    }

    private int nlNest(int type) {
        int at = nlLen;
        nl.setShort(at + 2, (short) type);
        nlLen += 4;
        return at;
    }

    private void nlEnd(int at) {
        nl.setShort(at, (short) (nlLen - at));
        nlLen = (nlLen + 3) & ~3;
    }

    private void nlString(int type, String v) {
        int at = nlNest(type);
        nl.setString(nlLen, v, "US-ASCII");
        nlLen += v.length() + 1;
        nlEnd(at);
    }

    private void nlU32(int type, int v) {
        int at = nlNest(type);
        nl.setInt(nlLen, v);
        nlLen += 4;
        nlEnd(at);
    }

    /** Sends the request built and returns the kernel's answer: 0 or a negative errno. */
    private int nlTalk() {
        checkThread();
        nl.setInt(0, nlLen);
        int fd = libc.socket(AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            return errno();
        }
        try {
            nlAddr.clear();
            nlAddr.setShort(0, (short) AF_NETLINK);
            if (libc.sendto(fd, nl, nlLen, 0, nlAddr, 12) < 0) {
                return errno();
            }
            while (true) {
                long n = libc.recv(fd, nlReply, nlReply.size(), 0);
                if (n < 0) {
                    return errno();
                }
                int off = 0;
                while (off + 16 <= n) {
                    int len = nlReply.getInt(off);
                    int type = nlReply.getShort(off + 4) & 0xffff;
                    if (type == NLMSG_ERROR && nlReply.getInt(off + 8) == nlSeq) {
                        return nlReply.getInt(off + 16);
                    }
                    if (len < 16) {
                        return -Errno.EINVAL;
                    }
                    off += (len + 3) & ~3;
                }
            }
        } finally {
            libc.close(fd);
        }
    }

    /** RTM_NEWLINK of a veth pair with fixed ifindexes ({@link #VETH_IFINDEX}, its peer {@link #VETH_PEER_IFINDEX}). */
    public int createVeth() {
        nlBegin(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
        nlIfinfo(VETH_IFINDEX);
        nlString(IFLA_IFNAME, VETH_NAME);
        int info = nlNest(IFLA_LINKINFO);
        nlString(IFLA_INFO_KIND, "veth");
        int data = nlNest(IFLA_INFO_DATA);
        int peer = nlNest(VETH_INFO_PEER);
        nlIfinfo(VETH_PEER_IFINDEX);
        nlString(IFLA_IFNAME, VETH_NAME + "p");
        nlEnd(peer);
        nlEnd(data);
        nlEnd(info);
        return nlTalk();
    }

    /**
     * RTM_NEWLINK of a netkit pair with default settings (drivers/net/netkit.c), the probe of whether this kernel has
     * netkit at all: a kernel without CONFIG_NETKIT knows no link kind "netkit" and answers -EOPNOTSUPP.
     */
    public int createNetkit() {
        nlBegin(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
        nlIfinfo(0);
        nlString(IFLA_IFNAME, "mpsimnk0");
        int info = nlNest(IFLA_LINKINFO);
        nlString(IFLA_INFO_KIND, "netkit");
        nlEnd(info);
        return nlTalk();
    }

    /** RTM_DELLINK: unregister_netdevice of the device tcx calls name (and of a veth's peer with it). */
    public int deleteDevice() {
        nlBegin(RTM_DELLINK, 0);
        nlIfinfo(ifindex);
        return nlTalk();
    }

    /**
     * RTM_NEWQDISC at the ingress parent. {@code replace} false: create, exclusive, handle ffff: (tc qdisc add);
     * true: create or replace with handle 0, so that a qdisc of another kind is created and grafted in place of the
     * present one. Block indices 0 are not sent.
     */
    public int qdiscNew(String kind, boolean replace, int ingressBlock, int egressBlock) {
        nlBegin(RTM_NEWQDISC, replace ? NLM_F_CREATE | NLM_F_REPLACE : NLM_F_CREATE | NLM_F_EXCL);
        nlTcmsg(ifindex, replace ? 0 : TC_H_INGRESS_HANDLE, TC_H_INGRESS);
        nlString(TCA_KIND, kind);
        if (ingressBlock != 0) {
            nlU32(TCA_INGRESS_BLOCK, ingressBlock);
        }
        if (egressBlock != 0) {
            nlU32(TCA_EGRESS_BLOCK, egressBlock);
        }
        return nlTalk();
    }

    /** RTM_DELQDISC as tc qdisc del sends it: parent ffff:fff1, handle ffff:, the kind. */
    public int qdiscDelete(String kind) {
        nlBegin(RTM_DELQDISC, 0);
        nlTcmsg(ifindex, TC_H_INGRESS_HANDLE, TC_H_INGRESS);
        nlString(TCA_KIND, kind);
        return nlTalk();
    }

    /** RTM_NEWCHAIN of chain 0 (create, exclusive) in shared block {@code block}, or, with block 0, behind a class. */
    public int chainAdd(int block, int parentClass) {
        nlBegin(RTM_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL);
        if (block != 0) {
            nlTcmsg(TCM_IFINDEX_MAGIC_BLOCK, 0, block);
        } else {
            nlTcmsg(ifindex, 0, parentClass);
        }
        nlU32(TCA_CHAIN, 0);
        return nlTalk();
    }

    /** Puts the thread back into the network namespace it started in (dropping the last private one). */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            return;
        }
        if (originalNetns >= 0) {
            if (inPrivateNetns) {
                libc.setns(originalNetns, CLONE_NEWNET);
                inPrivateNetns = false;
            }
            libc.close(originalNetns);
            originalNetns = -1;
        }
    }
}
