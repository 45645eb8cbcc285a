package dev.usher.ops;

/**
 * Does nothing and exits. It exists for the benchmark ({@code bench/perf}): started as
 * {@code java <the server's flags> -cp usher.jar dev.usher.ops.JvmFloor}, it measures what starting
 * a JVM on this jar costs on this machine, the floor that Usher's own start-up is compared with.
 */
public final class JvmFloor {
    private JvmFloor() {
    }

    public static void main(String[] args) {
        // Nothing: the time from process start to exit is the figure.
    }
}
