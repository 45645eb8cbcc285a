package dev.usher.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

import java.util.Arrays;

/**
 * Brings a database's schema up to date, for either dialect, and refuses in one line what it must
 * not touch: a schema a newer Usher wrote (Flyway would ignore its unknown migrations and carry
 * on), or tables that are not Usher's. Nothing is written when it refuses.
 */
final class Schema {
    private Schema() {
    }

    static void migrate(Flyway flyway, String where) {
        // One look at the migrations: each info() scans the class path for them again.
        MigrationInfoService info = flyway.info();
        MigrationVersion known = Arrays.stream(info.all())
                .filter(m -> m.getVersion() != null && m.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo)
                .orElse(MigrationVersion.EMPTY);
        MigrationInfo current = info.current();
        if (current != null && current.getVersion() != null && current.getVersion().compareTo(known) > 0) {
            throw new StoreUnavailableException("the database " + where + " was written by a newer Usher (schema version "
                    + current.getVersion() + "; this Usher knows up to " + known + "): run that Usher or a newer one", null);
        }
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            // By its code: Flyway's wording of this refusal changes between releases.
            if (e.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
                throw new StoreUnavailableException("the database " + where + " already holds tables that are not Usher's:"
                        + " give Usher an empty database of its own", e);
            }
            throw e;
        }
    }
}
