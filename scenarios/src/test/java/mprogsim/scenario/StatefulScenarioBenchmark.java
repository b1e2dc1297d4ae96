package mprogsim.scenario;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import mprogsim.scheduler.Budget;
import mprogsim.scheduler.ExecutionListener;
import mprogsim.scheduler.ExplorationResult;
import mprogsim.scheduler.RunOptions;
import mprogsim.scheduler.stateful.StatefulExplorer;

/**
 * A benchmark, not a test: runs the stateful search on scenario files and prints states, transitions, wall and CPU
 * time and the peak resident memory (VmHWM). Arguments: files, then options {@code --threads N},
 * {@code --no-symmetry}, {@code --exact}, {@code --no-sleep}, {@code --no-persistent}, {@code --repeat N}. CPU is the
 * whole process's (JIT and GC threads included): repeat, and read the later, warm runs.
 */
public final class StatefulScenarioBenchmark {
    public static void main(String[] args) throws Exception {
        int threads = 1;
        boolean symmetry = true;
        boolean exact = false;
        boolean sleep = true;
        boolean persistent = true;
        int repeat = 1;
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--no-symmetry" -> symmetry = false;
                case "--exact" -> exact = true;
                case "--no-sleep" -> sleep = false;
                case "--no-persistent" -> persistent = false;
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            for (int rep = 0; rep < repeat; rep++) {
                StatefulExplorer.Options o = StatefulExplorer.Options.defaults().withSymmetry(symmetry)
                        .withExact(exact).withSleepSets(sleep).withPersistentSets(persistent);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                // One program per worker (the single-program explore runs one worker).
                ExplorationResult r = new StatefulExplorer(o).explore(() -> ScenarioRunner.simulation(s, false),
                        new Budget(Long.MAX_VALUE, 600, s.expect().violation()), RunOptions.threads(threads),
                        ExecutionListener.NONE);
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                System.out.printf("%s: complete=%s violations=%d states=%d matched=%d transitions=%d finals=%d "
                                + "wall=%.3fs cpu=%.3fs states/s=%.0f mem=%dMB hwm=%s jvm-uptime=%.3fs%n",
                        f.getFileName(), r.complete, r.violationsSeen, r.statesStored, r.statesMatched, r.transitions,
                        r.executions, wall / 1e9, cpu / 1e9, r.statesStored / (wall / 1e9), r.memoryBytes >> 20,
                        hwm(), ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
            }
        }
    }

    private static String hwm() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                return line.substring(6).trim();
            }
        }
        return "?";
    }
}
