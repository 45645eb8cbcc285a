package dev.usher.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands heap back to the system once the server has gone quiet. After a busy spell (an import,
 * thousands of live streams) G1's old generation holds mostly garbage that only a marking cycle
 * followed by further allocation would reclaim, so a quiet server kept ~150 MB committed and
 * resident with ~15 MB live. When collections have happened and then none for
 * {@link #QUIET_SECONDS} (nothing is allocating; checked every second, so it runs within a second
 * of that, not up to a whole period later), one full collection runs, and G1 shrinks the
 * heap to {@link #MAX_FREE_PERCENT} above what is live. The ratios are set from inside because
 * the README's run command is plain {@code java -jar}; a value given on the command line wins.
 */
public final class IdleHeap {
    static final long QUIET_SECONDS = 5;
    /** After a full collection, keep at most this share of the heap free (G1's default, 70, keeps most of it). */
    static final int MAX_FREE_PERCENT = 30;
    /** Must not exceed the maximum (G1's default is 40). */
    static final int MIN_FREE_PERCENT = 10;
    private static final Logger log = LoggerFactory.getLogger(IdleHeap.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usher-idle-heap");
        t.setDaemon(true);
        return t;
    });
    private long collectionsSeen = collections();
    private long quietSinceNanos = System.nanoTime();
    private boolean busySinceLastReturn;

    private IdleHeap() {
    }

    /** Runs for the life of the process (its thread is a daemon). */
    public static void start() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        setUnlessGiven(vm, "MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
        setUnlessGiven(vm, "MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
        IdleHeap idle = new IdleHeap();
        idle.timer.scheduleWithFixedDelay(idle::check, 1, 1, TimeUnit.SECONDS);
    }

    private void check() {
        long now = collections();
        if (now != collectionsSeen) {
            collectionsSeen = now;
            quietSinceNanos = System.nanoTime();
            busySinceLastReturn = true;
        } else if (busySinceLastReturn && System.nanoTime() - quietSinceNanos >= TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
            busySinceLastReturn = false;
            System.gc();
            collectionsSeen = collections();
        }
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static void setUnlessGiven(HotSpotDiagnosticMXBean vm, String option, String value) {
        try {
            if (vm.getVMOption(option).getOrigin() == VMOption.Origin.DEFAULT) {
                vm.setVMOption(option, value);
            }
        } catch (IllegalArgumentException e) {
            log.info("{} left as it is: {}", option, e.getMessage());
        }
    }
}
