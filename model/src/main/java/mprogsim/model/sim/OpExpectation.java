package mprogsim.model.sim;

/**
 * An op's own expectation, in model handles: any field left null is not checked. {@code linkIds} holds link name
 * indices, -1 where a slot has no link.
 */
public record OpExpectation(Integer ret, Integer count, Long revision, int[] progIds, int[] linkIds) {
}
