package dev.usher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usher.auth.AccessGuard;
import dev.usher.auth.AdminToken;
import dev.usher.auth.Role;
import dev.usher.auth.Throttle;
import dev.usher.checkin.ArrivalsExport;
import dev.usher.checkin.AttendeesExport;
import dev.usher.checkin.CheckInController;
import dev.usher.checkin.CheckInService;
import dev.usher.checkin.CheckInStore;
import dev.usher.checkin.WalkIns;
import dev.usher.device.DeviceController;
import dev.usher.device.DeviceService;
import dev.usher.device.DeviceStore;
import dev.usher.event.CurrentEvent;
import dev.usher.event.EventController;
import dev.usher.event.EventEditor;
import dev.usher.event.StoredEvent;
import dev.usher.hook.Hookroom;
import dev.usher.live.LiveStream;
import dev.usher.mail.Mailroom;
import dev.usher.node.NodeStore;
import dev.usher.node.Nodes;
import dev.usher.offline.NameSeal;
import dev.usher.offline.OfflineController;
import dev.usher.offline.OfflineService;
import dev.usher.offline.OfflineStore;
import dev.usher.live.StatsController;
import dev.usher.live.StatsService;
import dev.usher.live.StatsStore;
import dev.usher.ops.BackupController;
import dev.usher.ops.HealthController;
import dev.usher.store.Database;
import dev.usher.store.RandomIds;
import dev.usher.store.SecretStore;
import dev.usher.store.Topic;
import dev.usher.ticket.CodeResolver;
import dev.usher.ticket.EventKey;
import dev.usher.ticket.GuestListImport;
import dev.usher.ticket.QrImages;
import dev.usher.ticket.TicketController;
import dev.usher.ticket.TicketPageController;
import dev.usher.ticket.TicketService;
import dev.usher.ticket.TicketStore;
import dev.usher.trust.TrustController;
import dev.usher.web.Json;
import dev.usher.web.PublicOrigin;
import dev.usher.web.RateLimiter;
import dev.usher.web.Tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** Everything one running Usher needs, wired once, in one place. */
public record Usher(
        Config config,
        CurrentEvent event,
        Tls tls,
        Database db,
        ObjectMapper json,
        AdminToken adminToken,
        AccessGuard guard,
        EventController events,
        TicketController tickets,
        TicketPageController ticketPages,
        CheckInController checkIns,
        OfflineController offline,
        StatsController stats,
        LiveStream live,
        DeviceController kiosks,
        DeviceController viewers,
        BackupController backups,
        HealthController health,
        TrustController trust,
        Mailroom mail,
        Hookroom hooks,
        Nodes nodes) implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Usher.class);

    public static Usher open(Config config, Clock clock) {
        SecureRandom random = new SecureRandom();
        RandomIds ids = new RandomIds(random);
        DataFolder.prepare(config);
        boolean shared = config.database() != null;
        AdminToken fileToken = shared ? null : AdminToken.resolve(config.adminToken(), config.dataDir(), ids::token);
        Database db = Database.open(config.dataDir(), config.database());
        SecretStore secrets = new SecretStore();
        AdminToken admin;
        try {
            admin = shared ? AdminToken.shared(config.adminToken(), db, secrets, ids::token, clock.millis()) : fileToken;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        CurrentEvent event;
        try {
            event = StoredEvent.resolve(db, config.eventFile(), config.dropLists(), clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        ObjectMapper json = Json.mapper();
        TicketStore ticketStore = new TicketStore(json, db.dialect());
        EventKey key;
        try {
            boolean mayCreate = !db.read(ticketStore::any);
            key = shared ? EventKey.shared(db, secrets, random, mayCreate, clock.millis())
                    : EventKey.loadOrCreate(config.dataDir(), random, mayCreate);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        Tls tls = config.tls() == null ? null
                : config.tls().selfSigned() ? Tls.localCa(config.dataDir()) : Tls.fromPem(config.tls().cert(), config.tls().key());

        int httpsPort = config.tls() == null ? -1 : config.tls().port();
        PublicOrigin origin = new PublicOrigin(config.publicUrl(), httpsPort);
        QrImages qr = new QrImages();
        Mailroom mail = Mailroom.open(config.mail(), config.dataDir(), db, ids, clock, event, qr, json, origin);
        CodeResolver codes = new CodeResolver(ticketStore);
        Hookroom hooks = Hookroom.open(db, json, ids, random, clock, key::sign);
        TicketService ticketService = new TicketService(db, ticketStore, codes, key, ids, clock, event, mail.outbox(), hooks.events());
        int folded = ticketService.prepareSearch();
        if (folded > 0) {
            log.info("search: indexed the names and emails of {} existing tickets", folded);
        }
        CheckInStore checkInStore = new CheckInStore();
        CheckInService checkInService = new CheckInService(db, checkInStore, ticketStore, event, clock, hooks.events());
        DeviceService devices = new DeviceService(db, new DeviceStore(), ids, clock);
        StatsService stats = new StatsService(db, new StatsStore(db.dialect()), event, clock);
        LiveStream live = new LiveStream(stats, json);
        db.onCommit(live::changed);
        // The edit is committed before it is served: tell the pages once it is.
        event.onChange(live::changed);
        devices.onRevoke(live::disconnect);
        // Other nodes on the same PostgreSQL: what this node keeps in memory follows their changes.
        db.onChangeElsewhere(Topic.DEVICES, devices::changedElsewhere);
        db.onChangeElsewhere(Topic.WEBHOOKS, detail -> hooks.events().changedElsewhere());
        EventEditor editor = new EventEditor(db, event, clock);
        db.onChangeElsewhere(Topic.EVENT, detail -> editor.changedElsewhere());
        live.onHeartbeat(devices::seen);
        Nodes nodes = Nodes.start(db, new NodeStore(), config.publicUrl(), clock);
        db.onChangeElsewhere(Topic.NODES, detail -> nodes.changedElsewhere());

        return new Usher(config, event, tls, db, json, admin,
                new AccessGuard(admin, devices, new Throttle(new RateLimiter(System::nanoTime), System::nanoTime, live)),
                new EventController(event, editor, key.publicKeySpki(), Vocabulary.current(), json),
                new TicketController(ticketService, new GuestListImport(ticketService), json, origin,
                        event),
                new TicketPageController(ticketService, qr),
                new CheckInController(checkInService, ArrivalsExport.of(db, json, event), AttendeesExport.of(db, json, event), origin,
                        json, event, new WalkIns(db, ticketService, checkInService, ids, mail.outbox())),
                new OfflineController(new OfflineService(db, new OfflineStore(), new NameSeal(random), event, nodes::origins)),
                new StatsController(stats),
                live,
                new DeviceController(devices, json, qr, origin, Role.KIOSK, "/kiosk/", nodes::origins),
                new DeviceController(devices, json, qr, origin, Role.VIEWER, "/dashboard/", List::of),
                new BackupController(db, config.dataDir(), clock),
                new HealthController(db),
                new TrustController(tls, qr),
                mail,
                hooks,
                nodes);
    }

    @Override
    public void close() {
        nodes.close();
        hooks.close();
        live.close();
        mail.close();
        db.close();
    }
}
