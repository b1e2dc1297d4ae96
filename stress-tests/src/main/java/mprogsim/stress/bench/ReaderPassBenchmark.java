package mprogsim.stress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import mprogsim.model.tcx.TcxOp;
import mprogsim.stress.rcu.Rcu;
import mprogsim.stress.tcx.ConcurrentTcx;
import mprogsim.stress.tcx.PassRecord;
import mprogsim.stress.tcx.Prog;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one reader pass over a hook of {@code progs} programs while a writer keeps changing it, for the RCU
 * implementation and three alternatives: an unsynchronised walk of a plain array (the floor), a
 * ReentrantReadWriteLock-guarded list and a CopyOnWriteArrayList. Every variant runs the very same {@link Prog}
 * objects through {@link Prog#run}. The writer adds one program and removes it again, then pauses for
 * {@code writerPause} Blackhole tokens, so that readers always share the machine with a live writer.
 * Reader threads per group: {@code -tg 1,1} or {@code -tg 2,1} (readers, writer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReaderPassBenchmark {
    @State(Scope.Group)
    public static class World {
        @Param({"1", "8"})
        public int progs;

        @Param({"20000"})
        public int writerPause;

        ConcurrentTcx tcx;
        Prog extra;
        Prog[] plain;
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        final List<Prog> guarded = new ArrayList<>();
        final CopyOnWriteArrayList<Prog> cow = new CopyOnWriteArrayList<>();

        @Setup(Level.Trial)
        public void setUp() {
            tcx = new ConcurrentTcx(TcxConfig.of(16, progs + 1, 1));
            for (int p = 1; p <= progs; p++) {
                tcx.run(TcxOp.attach(ConcurrentTcx.INGRESS, p, 0, 0, 0, 0));
                guarded.add(tcx.prog(p));
                cow.add(tcx.prog(p));
            }
            extra = tcx.prog(progs + 1);
            plain = new Prog[17];
            for (int p = 1; p <= progs; p++) {
                plain[p - 1] = tcx.prog(p);
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            tcx.quiesce();
            if (!tcx.problems().isEmpty() || !tcx.misuse().isEmpty()) {
                throw new IllegalStateException(tcx.problems() + " " + tcx.misuse());
            }
        }
    }

    @State(Scope.Thread)
    public static class ReaderSide {
        Rcu.Reader reader;
        final PassRecord out = new PassRecord(32);

        @Setup(Level.Trial)
        public void register(World w) {
            reader = w.tcx.registerReader();
        }

        @TearDown(Level.Trial)
        public void unregister(World w) {
            w.tcx.rcu().unregisterReader(reader);
        }
    }

    // ---- RCU: the implementation under test ------------------------------------------------------------------

    @Benchmark
    @Group("rcu")
    @GroupThreads(1)
    public int rcuReader(World w, ReaderSide r) {
        w.tcx.pass(r.reader, ConcurrentTcx.INGRESS, r.out);
        return r.out.count();
    }

    @Benchmark
    @Group("rcu")
    @GroupThreads(1)
    public void rcuWriter(World w) {
        int extra = w.extra.id;
        w.tcx.run(TcxOp.attach(ConcurrentTcx.INGRESS, extra, 0, 0, 0, 0));
        w.tcx.run(TcxOp.detach(ConcurrentTcx.INGRESS, extra, 0, 0, 0));
        Blackhole.consumeCPU(w.writerPause);
    }

    // ---- the floor: no synchronisation at all -----------------------------------------------------------------

    @Benchmark
    @Group("plain")
    @GroupThreads(1)
    public int plainReader(World w, ReaderSide r) {
        PassRecord out = r.out;
        out.reset();
        Prog[] fp = w.plain;
        for (int i = 0; i < fp.length; i++) {
            Prog p = fp[i];
            if (p == null) {
                break;
            }
            p.run(r.reader, out);
        }
        return out.count();
    }

    @Benchmark
    @Group("plain")
    @GroupThreads(1)
    public void plainWriter(World w) {
        w.plain[w.progs] = w.extra;
        w.plain[w.progs] = null;
        Blackhole.consumeCPU(w.writerPause);
    }

    // ---- ReentrantReadWriteLock -----------------------------------------------------------------------------

    @Benchmark
    @Group("rwlock")
    @GroupThreads(1)
    public int rwlockReader(World w, ReaderSide r) {
        PassRecord out = r.out;
        out.reset();
        w.rw.readLock().lock();
        try {
            List<Prog> list = w.guarded;
            for (int i = 0, n = list.size(); i < n; i++) {
                list.get(i).run(r.reader, out);
            }
        } finally {
            w.rw.readLock().unlock();
        }
        return out.count();
    }

    @Benchmark
    @Group("rwlock")
    @GroupThreads(1)
    public void rwlockWriter(World w) {
        w.rw.writeLock().lock();
        try {
            w.guarded.add(w.extra);
        } finally {
            w.rw.writeLock().unlock();
        }
        w.rw.writeLock().lock();
        try {
            w.guarded.remove(w.guarded.size() - 1);
        } finally {
            w.rw.writeLock().unlock();
        }
        Blackhole.consumeCPU(w.writerPause);
    }

    // ---- CopyOnWriteArrayList -------------------------------------------------------------------------------

    @Benchmark
    @Group("cow")
    @GroupThreads(1)
    public int cowReader(World w, ReaderSide r) {
        PassRecord out = r.out;
        out.reset();
        for (Prog p : w.cow) {
            p.run(r.reader, out);
        }
        return out.count();
    }

    @Benchmark
    @Group("cow")
    @GroupThreads(1)
    public void cowWriter(World w) {
        w.cow.add(w.extra);
        w.cow.remove(w.cow.size() - 1);
        Blackhole.consumeCPU(w.writerPause);
    }

}
