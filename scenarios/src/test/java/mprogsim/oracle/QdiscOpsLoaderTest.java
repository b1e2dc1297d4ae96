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

/** The qdisc, chain and teardown ops of format 1 as the loader reads them, in steps and threads alike. */
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
    void threadsVariantsAndViolationsTakeThemToo() throws ScenarioException {
        Scenario s = parse("{\"name\": \"q\", \"threads\": ["
                + "{\"name\": \"w\", \"kind\": \"writer\", \"ops\": [{\"op\": \"query\"},\n"
                + "{\"op\": \"qdisc_add\", \"kind\": \"clsact\"}, {\"op\": \"qdisc_hold\"},"
                + " {\"op\": \"qdisc_release\"}]}],"
                + " \"variant\": [\"miniq_flag_before_1cb6f0bae504\"],"
                + " \"expect\": {\"verdict\": \"violation\", \"invariant\": \"use_after_free\"}}");
        assertEquals(OpKind.QDISC_ADD, s.threads().get(0).ops().get(1).op().kind);
        assertEquals(OpKind.QDISC_HOLD, s.threads().get(0).ops().get(2).op().kind);
        assertEquals(OpKind.QDISC_PUT, s.threads().get(0).ops().get(3).op().kind);
        assertTrue(s.variants() != 0);
    }

    @Test
    void theOracleSkipsHoldsItCannotMake() throws ScenarioException {
        Scenario s = parse("{\"name\": \"q\", \"steps\": [{\"op\": \"qdisc_add\", \"kind\": \"clsact\"},"
                + " {\"op\": \"qdisc_hold\"}, {\"op\": \"qdisc_release\"}]}");
        assertTrue(OracleCheck.skipReason(s).contains("qdisc_hold"), OracleCheck.skipReason(s));
        assertEquals(null, OracleCheck.skipReason(parse("{\"name\": \"q\", \"steps\": ["
                + "{\"op\": \"qdisc_add\", \"kind\": \"clsact\"}]}")));
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
