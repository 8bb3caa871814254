package io.fisherselect.job.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak JVM heap in use while a run executes: a daemon thread samples
 * {@code MemoryMXBean.getHeapMemoryUsage().getUsed()} every 20 ms, and the heap pools' peak
 * usage (reset at start; their sum bounds the peak from above, since pools peak at different
 * times) is read at the end. In local mode the driver and the executors share this JVM, so this
 * is the peak of both; on a cluster it is the driver's only (the executors' peaks are in the Spark
 * UI's executor metrics, JVMHeapMemory).
 */
public final class MemoryProbe implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    /** Starts sampling after a {@code System.gc()}, so that earlier runs' garbage does not count. */
    public MemoryProbe() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        peak = used();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, used());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fisherselect-memory-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The sampled peak of heap in use, bytes. */
    public long sampledPeak() {
        return Math.max(peak, used());
    }

    /** Σ over heap pools of their peak usage since the start, bytes (an upper bound). */
    public static long poolPeaks() {
        long s = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                s += pool.getPeakUsage().getUsed();
            }
        }
        return s;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
