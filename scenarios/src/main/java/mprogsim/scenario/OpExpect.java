package mprogsim.scenario;

import java.util.List;

/** An op's own {@code expect}: any field left null is not checked. Names stand for progs and links. */
public record OpExpect(Integer ret, Integer count, Long revision, List<String> progIds, List<String> linkIds) {
}
