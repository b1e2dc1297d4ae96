package mprogsim.scheduler;

import java.util.function.IntConsumer;

/** Runs the workers of a parallel exploration on their own threads and hands their first failure back. */
public final class WorkerThreads {
    private WorkerThreads() {
    }

    /**
     * Runs {@code body(0..n-1)} on n threads named {@code namePrefix + i} and waits for them all. The first worker
     * that throws calls {@code onFailure} (so that the others stop soon); its throwable is rethrown here once every
     * thread has ended.
     */
    public static void runAll(String namePrefix, int n, IntConsumer body, Runnable onFailure) {
        Thread[] threads = new Thread[n];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try {
                    body.accept(index);
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                    onFailure.run();
                }
            }, namePrefix + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while exploring", e);
            }
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        } else if (failure[0] instanceof Error er) {
            throw er;
        }
    }
}
