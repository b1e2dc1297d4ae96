package com.example.bpf;

import java.nio.file.Path;
import java.util.stream.Stream;
import mprogsim.junit5.MprogsimScenarios;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario file under src/test/scenarios is one test: it passes when the scenario meets its expect. */
class TcxScenariosTest {
    @TestFactory
    Stream<DynamicTest> scenarios() {
        return MprogsimScenarios.from(Path.of("src", "test", "scenarios"));
    }
}
