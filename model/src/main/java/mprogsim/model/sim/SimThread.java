package mprogsim.model.sim;

import mprogsim.model.tcx.TcxOp;

/**
 * One thread of a simulated scenario: a writer running ops (each with an optional expectation and a label for
 * traces), a reader making passes over one hook, or the device teardown.
 */
public record SimThread(String name, Kind kind, TcxOp[] ops, OpExpectation[] expects, String[] labels, int hook,
                        int passes) {
    public enum Kind {
        WRITER, READER, TEARDOWN
    }

    public static SimThread writer(String name, TcxOp[] ops, OpExpectation[] expects, String[] labels) {
        return new SimThread(name, Kind.WRITER, ops, expects, labels, 0, 0);
    }

    public static SimThread reader(String name, int hook, int passes) {
        return new SimThread(name, Kind.READER, new TcxOp[0], new OpExpectation[0], new String[0], hook, passes);
    }

    /** The deletion of the netkit pair: netkit_uninit of the primary, then of the peer. */
    public static SimThread netkitTeardown(String name) {
        return new SimThread(name, Kind.TEARDOWN, new TcxOp[] {TcxOp.netkitTeardown()}, new OpExpectation[1],
                new String[] {"netkit_uninit"}, 0, 0);
    }

    public static SimThread teardown(String name) {
        return new SimThread(name, Kind.TEARDOWN, new TcxOp[] {TcxOp.teardown()}, new OpExpectation[1],
                new String[] {"dev_tcx_uninstall"}, 0, 0);
    }
}
