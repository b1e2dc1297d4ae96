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
    /** The device going away: a scenario op in sequential steps, a thread kind in concurrent scenarios. */
    TEARDOWN("teardown", "unregister_netdevice: dev_shutdown (qdisc destroy), dev_tcx_uninstall"),
    QDISC_ADD("qdisc_add", "RTM_NEWQDISC (create, exclusive), ingress_init / clsact_init"),
    QDISC_REPLACE("qdisc_replace", "RTM_NEWQDISC (create, replace, handle 0), qdisc_create + qdisc_graft"),
    QDISC_DELETE("qdisc_delete", "RTM_DELQDISC, qdisc_graft, ingress_destroy / clsact_destroy"),
    CHAIN_ADD("chain_add", "RTM_NEWCHAIN of chain 0 (create, exclusive), tc_ctl_chain"),
    /**
     * An RTNL-unlocked tc request (a filter change with an unlocked classifier) takes a reference on the device's
     * qdisc and holds it while it works; the oracle cannot run it. The kernel looks the qdisc up under RCU; the
     * model takes RTNL for it, which gives the same outcomes: every RTNL writer changes the device and its qdisc
     * before its lock release as one whole to such a lookup (a teardown unlists the device first of all).
     */
    QDISC_HOLD("qdisc_hold", "__tcf_qdisc_find: qdisc_refcount_inc_nz"),
    /** That request drops its reference; the last one runs a destroy that teardown left pending. */
    QDISC_PUT("qdisc_release", "qdisc_put, ingress_destroy / clsact_destroy");

    public final String jsonName;
    public final String kernelPath;

    OpKind(String jsonName, String kernelPath) {
        this.jsonName = jsonName;
        this.kernelPath = kernelPath;
    }

    /** The ops that reach the tcx entry from the qdisc side or the device. */
    public boolean lifecycle() {
        return this == TEARDOWN || this == QDISC_ADD || this == QDISC_REPLACE || this == QDISC_DELETE
                || this == CHAIN_ADD || this == QDISC_HOLD || this == QDISC_PUT;
    }

    /** Whether the op runs under the global lock (RTNL) at all. */
    public boolean locked() {
        return this != CLOSE_PROG && this != CLOSE_LINK;
    }
}
