package mprogsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import mprogsim.model.sim.TcxSimulation;
import mprogsim.scenario.Scenario;
import mprogsim.scenario.ScenarioRunner;
import mprogsim.scheduler.Schedule;

/**
 * What the numbers of a schedule string stand for: a schedule names processes by number (see docs/schedules.md),
 * and a trace names them by thread, so the two are put side by side. Processes the scenario never declared, the
 * RCU callback processes ({@code rcu:p1}, {@code rcu:bundle0}), are explained where a schedule names one.
 */
final class ScheduleLegend {
    private ScheduleLegend() {
    }

    /** Lines to print under a schedule; none when the schedule cannot be read. */
    static List<String> lines(Scenario s, String scheduleText) {
        int[] schedule;
        try {
            schedule = Schedule.decode(scheduleText);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        TcxSimulation sim = ScenarioRunner.simulation(s);
        TreeSet<Integer> named = new TreeSet<>();
        for (int p : schedule) {
            named.add(p);
        }
        List<String> parts = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        for (int p : named) {
            if (p >= sim.processes()) {
                parts.add(p + " = (no such process: the scenario has " + sim.processes() + ")");
                continue;
            }
            String name = sim.processName(p);
            parts.add(p + " = " + name);
            if (isCallback(name)) {
                callbacks.add(name);
            }
        }
        List<String> out = new ArrayList<>();
        out.add("processes in the schedule: " + String.join(", ", parts));
        if (!callbacks.isEmpty()) {
            out.add(String.join(", ", callbacks) + (callbacks.size() == 1 ? " is an RCU callback process" : " are RCU"
                    + " callback processes") + ", which the simulator adds after the scenario's threads, one per prog"
                    + " and per bundle: once call_rcu or kfree_rcu queues the object's free, the process waits for a"
                    + " grace period and frees it (docs/schedules.md)");
        }
        return out;
    }

    static boolean isCallback(String processName) {
        return processName.startsWith("rcu:");
    }
}
