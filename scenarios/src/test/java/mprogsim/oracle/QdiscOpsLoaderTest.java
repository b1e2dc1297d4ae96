package mprogsim.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mprogsim.model.tcx.OpKind;
import mprogsim.model.tcx.TcxState;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioException;
import mprogsim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The qdisc, chain and teardown ops of format 1 as the loader reads them, and where they are refused for now. */
class QdiscOpsLoaderTest {
    private static Scenario parse(String json) throws ScenarioException {
        return ScenarioLoader.parse(json, Path.of("q.json"));
    }

    @Test
    void stepsReadEveryNewOp() throws ScenarioException {
        Scenario s = parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"qdisc_add\", \"kind\": \"ingress\", \"ingress_block\": 2},"
                + "{\"op\": \"qdisc_replace\", \"kind\": \"clsact\", \"egress_block\": 3},"
                + "{\"op\": \"chain_add\", \"block\": 3}, {\"op\": \"chain_add\", \"hook\": \"egress\"},"
                + "{\"op\": \"qdisc_delete\", \"kind\": \"clsact\"}, {\"op\": \"teardown\"},"
                + "{\"op\": \"attach\", \"prog\": \"p1\", \"flags\": [\"REPLACE\"], \"replace\": null}]}");
        assertEquals(OpKind.QDISC_ADD, s.steps().get(0).op().kind);
        assertEquals(TcxState.QDISC_INGRESS, s.steps().get(0).op().qdiscKind);
        assertEquals(2, s.steps().get(0).op().ingressBlock);
        assertEquals(3, s.steps().get(1).op().egressBlock);
        assertEquals(-1, s.steps().get(2).op().hook);
        assertEquals(TcxState.EGRESS, s.steps().get(3).op().hook);
        assertEquals(OpKind.TEARDOWN, s.steps().get(5).op().kind);
        assertEquals(0, s.steps().get(6).op().replace);
        assertTrue(KernelSession.needsVeth(s));
    }

    @Test
    void threadsRefuseThemWithTheirPlace() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse("{\"name\": \"q\", \"threads\": ["
                + "{\"name\": \"w\", \"kind\": \"writer\", \"ops\": [{\"op\": \"query\"},\n"
                + "{\"op\": \"qdisc_add\", \"kind\": \"clsact\"}]}]}"));
        assertTrue(e.getMessage().startsWith("q.json: line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("$.threads[0].ops[1].op"), e.getMessage());
        assertTrue(e.getMessage().contains("qdisc ops run in sequential steps only in this version"), e.getMessage());
    }

    @Test
    void stepsThatWouldRunOnTheSimulatorRefuseThemToo() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"teardown\"}], \"variant\": [\"in_place_update\"]}"));
        assertTrue(e.getMessage().contains("$.steps[0].op"), e.getMessage());
        assertTrue(e.getMessage().contains("qdisc ops run in sequential steps only in this version"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        ScenarioException kind = assertThrows(ScenarioException.class, () -> parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"qdisc_add\", \"kind\": \"fq\"}]}"));
        assertTrue(kind.getMessage().contains("$.steps[0].kind"), kind.getMessage());
        ScenarioException block = assertThrows(ScenarioException.class, () -> parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"chain_add\", \"block\": 0}]}"));
        assertTrue(block.getMessage().contains("$.steps[0].block"), block.getMessage());
        ScenarioException both = assertThrows(ScenarioException.class, () -> parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"chain_add\", \"block\": 1, \"hook\": \"ingress\"}]}"));
        assertTrue(both.getMessage().contains("exactly one of"), both.getMessage());
    }
}
