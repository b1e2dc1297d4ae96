package mprogsim.stress.bench;

import java.util.concurrent.TimeUnit;
import mprogsim.model.tcx.TcxOp;
import mprogsim.stress.rcu.Rcu;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.PassRecord;
import mprogsim.stress.tcx.TcxConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a control-plane operation costs: one attach plus one detach of a prog on a hook of four, each publishing a
 * new entry and waiting for a grace period. Alone ({@code alone}), a grace period finds no reader inside; with
 * readers passing flat out ({@code withReaders}, reader count via {@code -tg}), it waits for the pass in flight.
 * The bare grace period is measured too ({@code synchronizeAlone}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WriterLatencyBenchmark {
    static final int PROGS = 4;

    @State(Scope.Group)
    public static class World {
        ConcurrentTcx tcx;

        @Setup(Level.Trial)
        public void setUp() {
            tcx = new ConcurrentTcx(TcxConfig.of(16, PROGS + 1, 1));
            for (int p = 1; p <= PROGS; p++) {
                tcx.run(TcxOp.attach(ConcurrentTcx.INGRESS, p, 0, 0, 0, 0));
            }
        }
    }

    @State(Scope.Thread)
    public static class ReaderSide {
        Rcu.Reader reader;
        final PassRecord out = new PassRecord(16);

        @Setup(Level.Trial)
        public void register(World w) {
            reader = w.tcx.registerReader();
        }

        @TearDown(Level.Trial)
        public void unregister(World w) {
            w.tcx.rcu().unregisterReader(reader);
        }
    }

    private static void attachAndDetach(World w) {
        w.tcx.run(TcxOp.attach(ConcurrentTcx.INGRESS, PROGS + 1, 0, 0, 0, 0));
        w.tcx.run(TcxOp.detach(ConcurrentTcx.INGRESS, PROGS + 1, 0, 0, 0));
    }

    @Benchmark
    @Group("alone")
    public void attachDetachAlone(World w) {
        attachAndDetach(w);
    }

    @Benchmark
    @Group("synchronizeAlone")
    public void synchronizeAlone(World w) {
        w.tcx.rcu().synchronize();
    }

    @Benchmark
    @Group("withReaders")
    @GroupThreads(1)
    public void attachDetachWithReaders(World w) {
        attachAndDetach(w);
    }

    @Benchmark
    @Group("withReaders")
    @GroupThreads(1)
    public int reader(World w, ReaderSide r) {
        w.tcx.pass(r.reader, ConcurrentTcx.INGRESS, r.out);
        return r.out.count();
    }
}
