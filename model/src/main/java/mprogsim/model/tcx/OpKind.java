package mprogsim.model.tcx;

/** The control-plane operations a scenario thread can perform, and the kernel path each one takes. */
public enum OpKind {
    ATTACH("attach", "BPF_PROG_ATTACH, tcx_prog_attach"),
    DETACH("detach", "BPF_PROG_DETACH, tcx_prog_detach"),
    LINK_CREATE("link_create", "BPF_LINK_CREATE, tcx_link_attach"),
    LINK_UPDATE("link_update", "BPF_LINK_UPDATE, tcx_link_update"),
    LINK_DETACH("link_detach", "BPF_LINK_DETACH, tcx_link_detach"),
    QUERY("query", "BPF_PROG_QUERY, tcx_prog_query"),
    CLOSE_PROG("close", "close(prog fd)"),
    CLOSE_LINK("close", "close(link fd), tcx_link_release on the last reference"),
    /** Not a scenario op: the release of a link whose last reference was dropped. */
    LINK_RELEASE("link_release", "bpf_link_free, tcx_link_release"),
    /** Not a scenario op: the device going away. */
    TEARDOWN("teardown", "unregister_netdevice, dev_tcx_uninstall");

    public final String jsonName;
    public final String kernelPath;

    OpKind(String jsonName, String kernelPath) {
        this.jsonName = jsonName;
        this.kernelPath = kernelPath;
    }

    /** Whether the op runs under the global lock (RTNL) at all. */
    public boolean locked() {
        return this != CLOSE_PROG && this != CLOSE_LINK;
    }
}
