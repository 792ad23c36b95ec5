package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.aws.Encryption;
import io.s3flow.common.patch.JsonPatch;
import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.tenant.TenantRows;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient;
import io.s3flow.export.delivery.DeliveryStore;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.keys.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

/** A tenant's streams: created only for a connection that passes the stream test, edited under an etag. */
@ApplicationScoped
public class StreamService {

    static final String STREAM = "stream";
    /** What PATCH may change; format and folder fix a stream's object keys, so they never change. */
    private static final Set<String> PATCHABLE = Set.of("/name", "/eventTypes", "/flush/maxEvents", "/flush/maxBytes",
            "/flush/maxSeconds", "/serverSideEncryption");
    private static final TenantRows<Stream> ROWS = new TenantRows<>(STREAM, uuid -> Stream.findById(uuid));

    @Inject
    ConnectionClient connections;
    @Inject
    EventStore events;
    @Inject
    StreamDeliveryRows deliveryRows;
    @Inject
    DeliveryStore delivery;
    @Inject
    ObjectMapper json;
    @Inject
    Validator validator;

    /** Checks the connection first (outside any transaction: it calls connection-service and S3). */
    public ConnectionRestClient.Target checkConnection(String userToken, Tenant tenant, StreamSettings settings) {
        return connections.requirePassing(userToken, tenant, settings.connectionId(), STREAM,
                Encryption.of(settings.sseAlgorithm(), settings.sseKmsKeyId()));
    }

    @Transactional
    public Stream create(Tenant tenant, StreamSettings settings, ConnectionRestClient.Target target) {
        Stream stream = new Stream();
        stream.ownedBy(tenant);
        stream.connectionId = settings.connectionId();
        stream.folderPath = settings.folderPath();
        stream.format = settings.format();
        stream.compression = settings.compression();
        stream.bucket = target.bucket();
        stream.keyPrefix = ObjectKeys.streamPrefix(target.prefix(), settings.folderPath());
        stream.createdAt = now();
        apply(stream, settings);
        try {
            // the unique index on (bucket, key_prefix) decides, also between two creations at once
            stream.persistAndFlush();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw folderTaken();
            }
            throw e;
        }
        deliveryRows.start(stream, events.newestSequence(tenant));
        return stream;
    }

    public Stream get(Tenant tenant, String id) {
        return ROWS.get(tenant, id);
    }

    public List<Stream> list(Tenant tenant) {
        return Stream.list("orgId = ?1 and sandboxName = ?2 order by createdAt, id", tenant.org(), tenant.sandbox());
    }

    @Transactional
    public Stream patch(Tenant tenant, String id, String ifMatch, List<PatchOperation> operations) {
        Stream stream = ROWS.toPatch(tenant, id, ifMatch);
        StreamSettings patched = StreamSettings.validate(JsonPatch.patched(json, requestOf(stream), operations, PATCHABLE::contains,
                PATCHABLE.stream().sorted().toList().toString(), STREAM), validator);
        apply(stream, patched);
        ROWS.flush();
        deliveryRows.settingsChanged(stream);
        return stream;
    }

    @Transactional
    public void delete(Tenant tenant, String id, String ifMatch) {
        ROWS.delete(tenant, id, ifMatch);
    }

    public void pause(Tenant tenant, String id) {
        delivery.pauseByUser(get(tenant, id).id);
    }

    public void resume(Tenant tenant, String id) {
        delivery.resumeByUser(get(tenant, id).id);
    }

    private StreamRequest requestOf(Stream s) {
        JsonNode sse = StreamItem.encryptionOf(s);
        return new StreamRequest(s.name, s.connectionId.toString(), s.folderPath, s.format, s.compression,
                s.eventTypes == null ? null : List.of(s.eventTypes),
                new StreamRequest.Flush(s.flushMaxEvents, s.flushMaxBytes, s.flushMaxSeconds), sse);
    }

    private static void apply(Stream stream, StreamSettings settings) {
        stream.name = settings.name();
        stream.eventTypes = settings.eventTypes() == null ? null : settings.eventTypes().toArray(String[]::new);
        stream.flushMaxEvents = settings.maxEvents();
        stream.flushMaxBytes = settings.maxBytes();
        stream.flushMaxSeconds = settings.maxSeconds();
        stream.sseAlgorithm = settings.sseAlgorithm();
        stream.sseKmsKeyId = settings.sseKmsKeyId();
        stream.updatedAt = now();
    }

    private static ProblemException folderTaken() {
        // never whose stream it is, nor in which org or sandbox: only that this folder is not free
        return ProblemException.of(jakarta.ws.rs.core.Response.Status.CONFLICT, "STREAM_FOLDER_TAKEN",
                "This bucket folder is already taken by a stream; each stream needs its own folder (choose another folderPath).");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
