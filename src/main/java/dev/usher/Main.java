package dev.usher;

import dev.usher.ops.IdleHeap;
import dev.usher.ops.MigrateCommand;
import dev.usher.store.Database;
import dev.usher.trust.TrustController;
import dev.usher.web.Tls;
import io.javalin.Javalin;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/** {@code java -jar target/usher.jar [--port N] [--data DIR] [--event FILE] ...}, or {@code ... migrate --from A --to B}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(new MigrateCommand(System.out, Clock.systemUTC()).run(List.of(args).subList(1, args.length)));
            return;
        }
        Config config;
        try {
            config = Config.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        IdleHeap.start();
        Usher usher;
        try {
            usher = Usher.open(config, Clock.tickMillis(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            System.err.println("Usher could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Javalin app = App.create(usher);
        app.start(config.host(), config.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            usher.close();
        }, "usher-shutdown"));

        String base = "http://localhost:" + App.httpPort(app);
        if (usher.tls() != null) {
            System.out.printf("%nHTTPS on port %d for kiosks on other devices (cameras need it): https://<this machine's address>:%d/kiosk/%n",
                    App.httpsPort(app), App.httpsPort(app));
            usher.tls().localCa().ifPresentOrElse(
                    ca -> System.out.printf("  each device trusts Usher's local CA once: open http://<this machine's address>:%d%s%n"
                            + "  CA SHA-256 fingerprint %s%n", App.httpPort(app), TrustController.PAGE, Tls.fingerprintOf(ca)),
                    () -> System.out.printf("  certificate SHA-256 fingerprint %s%n", usher.tls().fingerprint()));
        }
        System.out.printf("""

                Usher is serving "%s" (%s, %s)
                  registration  %s/
                  kiosk         %s/kiosk/
                  dashboard     %s/dashboard/
                  admin token   in %s
                  data          %s
                  database      %s
                  ticket mail   %s
                %n""", usher.event().get().name(), usher.event().get().date(), usher.event().get().venue().city(),
                base, base, base, usher.adminToken().origin(), config.dataDir().toAbsolutePath(),
                config.database() == null ? config.dataDir().resolve(Database.FILE).toAbsolutePath() : config.database(),
                usher.mail().description());
    }
}
