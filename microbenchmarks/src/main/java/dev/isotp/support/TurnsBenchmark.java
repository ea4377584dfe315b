package dev.isotp.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The turn order of a channel ({@link Turns}: one exchange at a time, first come first served), taken and given on
 * with a little work in between, alone and by two threads at once, beside a fair {@link ReentrantLock} (the same
 * order, the JDK's way). In this package because {@link Turns} is the runtime's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Group)
public class TurnsBenchmark {
    /** Work while the turn is held, in JMH's tokens. */
    private static final long WORK = 50;
    private final Turns turns = new Turns();
    private final ReentrantLock fair = new ReentrantLock(true);

    @Benchmark
    @Group("turnsAlone")
    @GroupThreads(1)
    public void turnsAlone() {
        turns.take();
        Blackhole.consumeCPU(WORK);
        turns.release();
    }

    @Benchmark
    @Group("fairLockAlone")
    @GroupThreads(1)
    public void fairLockAlone() {
        fair.lock();
        Blackhole.consumeCPU(WORK);
        fair.unlock();
    }

    @Benchmark
    @Group("turnsTwoThreads")
    @GroupThreads(2)
    public void turnsTwoThreads() {
        turns.take();
        Blackhole.consumeCPU(WORK);
        turns.release();
    }

    @Benchmark
    @Group("fairLockTwoThreads")
    @GroupThreads(2)
    public void fairLockTwoThreads() {
        fair.lock();
        Blackhole.consumeCPU(WORK);
        fair.unlock();
    }
}
