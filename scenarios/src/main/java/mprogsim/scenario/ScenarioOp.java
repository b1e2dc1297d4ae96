package mprogsim.scenario;

import mprogsim.model.tcx.TcxOp;

/**
 * One op of a scenario: the resolved model op, its own expectation (may be null), a one-line rendering for traces
 * and reports, and where it stands in the file.
 */
public record ScenarioOp(TcxOp op, OpExpect expect, String text, String path) {
}
