package mprogsim.stress.lincheck;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/** Scratch: java -cp ... mprogsim.stress.lincheck.Trial CLASS ITERATIONS INVOCATIONS [SCENARIO]. */
public final class Trial {
    public static void main(String[] args) throws Exception {
        Class<?> c = Class.forName("mprogsim.stress.lincheck." + args[0]);
        long t0 = System.nanoTime();
        try {
            var o = (System.getProperty("plain") != null ? new org.jetbrains.lincheck.datastructures.ModelCheckingOptions().sequentialSpecification(TcxSequentialSpec.class) : LincheckSetup.modelChecking()).iterations(Integer.parseInt(args[1]))
                    .invocationsPerIteration(Integer.parseInt(args[2]))
                    .threads(2).actorsPerThread(3).actorsBefore(0).actorsAfter(1);
            if (args.length > 3) {
                o.addCustomScenario((ExecutionScenario) Scenarios.class.getDeclaredMethod(args[3]).invoke(null));
            }
            o.check(c);
            System.out.println("TRIAL " + args[0] + " passed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (AssertionError e) {
            System.out.println("TRIAL " + args[0] + " FAILED in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            System.out.println(e.getMessage());
        }
        System.exit(0);
    }
}
