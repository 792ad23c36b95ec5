package io.s3flow.export.scheduled;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.patch.JsonPatch;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.tenant.TenantRows;
import io.s3flow.export.connection.ConnectionClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A tenant's exports: created only for a connection that passes the export test, edited under an etag. */
@ApplicationScoped
public class ExportService {

    static final String EXPORT = "export";
    /** The documented settings, everything but the connection (a new one would need its own test). */
    static final Set<String> PATCHABLE = Set.of("/name", "/select", "/select/eventTypes", "/select/fields", "/select/where",
            "/format", "/csv", "/csv/delimiter", "/csv/quote", "/csv/header", "/csv/nullValue", "/csv/escapeFormulas",
            "/compression", "/folderPath", "/fileName", "/maxRowsPerFile", "/manifest", "/serverSideEncryption", "/schedule",
            "/schedule/frequency", "/schedule/startTime", "/schedule/endTime", "/schedule/mode");
    /** An item of a list setting: an index, or {@code -} to append. */
    private static final Pattern LIST_ITEM = Pattern.compile("^/select/(eventTypes|fields|where)/(\\d{1,4}|-)$");
    private static final TenantRows<Export> ROWS = new TenantRows<>(EXPORT, uuid -> Export.findById(uuid));
    private static final String PATCHABLE_PATHS = PATCHABLE.stream().sorted().toList() + " and /select/{eventTypes,fields,where}/<index or ->";

    @Inject
    ConnectionClient connections;
    @Inject
    ObjectMapper json;
    @Inject
    Validator validator;

    /** Validates, then tests the connection (outside any transaction: it calls connection-service and S3). */
    public ExportSettings check(String userToken, Tenant tenant, ExportRequest request) {
        ExportSettings settings = requireLiveSchedule(ExportSettings.validate(request, now(), validator));
        connections.requirePassing(userToken, tenant, settings.connectionId(), EXPORT, settings.encryption());
        return settings;
    }

    @Transactional
    public Export create(Tenant tenant, ExportSettings settings) {
        Export export = new Export();
        export.ownedBy(tenant);
        export.connectionId = settings.connectionId();
        export.createdAt = now();
        apply(export, settings);
        // a start in the past runs once now, then on the schedule's slots; no schedule, no runs but those asked for
        export.nextRunAt = settings.schedule() == null ? null : settings.schedule().startTime();
        export.persist();
        return export;
    }

    public Export get(Tenant tenant, String id) {
        return ROWS.get(tenant, id);
    }

    public List<Export> list(Tenant tenant) {
        return Export.list("orgId = ?1 and sandboxName = ?2 order by createdAt, id", tenant.org(), tenant.sandbox());
    }

    @Transactional
    public Export patch(Tenant tenant, String id, String ifMatch, List<PatchOperation> operations) {
        Export export = ROWS.toPatch(tenant, id, ifMatch);
        ExportRequest request = JsonPatch.patched(json, request(export), operations,
                path -> PATCHABLE.contains(path) || LIST_ITEM.matcher(path).matches(), PATCHABLE_PATHS, EXPORT);
        ExportSettings patched = requireLiveSchedule(ExportSettings.validate(request, now(), validator));
        ExportSettings before = settings(export);
        apply(export, patched);
        if (!Objects.equals(before.schedule(), patched.schedule())) {
            // a new schedule starts from now (to the second, as a start given as "now" is): its past slots are not run
            export.nextRunAt = patched.schedule() == null ? null
                    : patched.schedule().firstSlotFrom(now().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
        }
        if (!patched.incremental()) {
            // a mark would hold back retention for nothing; an export made incremental again starts with a full run
            Export.getEntityManager().createNativeQuery("DELETE FROM export_mark WHERE export_id = ?1")
                    .setParameter(1, export.id).executeUpdate();
        }
        ROWS.flush();
        return export;
    }

    @Transactional
    public void delete(Tenant tenant, String id, String ifMatch) {
        ROWS.delete(tenant, id, ifMatch);
    }

    /** A schedule that has already ended would never run: refused when it is set. */
    private static ExportSettings requireLiveSchedule(ExportSettings settings) {
        if (settings.schedule() != null && settings.schedule().endTime() != null && settings.schedule().endTime().isBefore(now())) {
            throw ProblemException.invalid("schedule.endTime", "is in the past: the schedule would never run");
        }
        return settings;
    }

    public ExportItem view(Export export) {
        return new ExportItem(export.id, export.etag(), request(export), export.nextRunAt, export.createdAt, export.updatedAt);
    }

    /** The export's stored settings, validated again (they were valid when stored; the rules may have grown). */
    public ExportSettings settings(Export export) {
        return settings(export.settings, now());
    }

    /** Stored settings (as JSON) validated again, for a run at {@code now}. */
    public ExportSettings settings(String stored, Instant now) {
        return ExportSettings.validate(read(json, stored), now, validator);
    }

    /** The stored settings document as a request. */
    public ExportRequest request(Export export) {
        return read(json, export.settings);
    }

    static ExportRequest read(ObjectMapper json, String settings) {
        try {
            return json.readValue(settings, ExportRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored export settings are not JSON", e);
        }
    }

    private void apply(Export export, ExportSettings settings) {
        export.name = settings.request().name();
        try {
            export.settings = json.writeValueAsString(settings.request());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export settings are always JSON", e);
        }
        export.updatedAt = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
