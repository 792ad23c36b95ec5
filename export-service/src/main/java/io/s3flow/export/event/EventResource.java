package io.s3flow.export.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

@Path("/events")
@Tag(name = "Events", description = "Events in, committed before the answer; streams and exports deliver them.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.EVENTS_WRITE)
public class EventResource {

    static final String NDJSON = "application/x-ndjson";
    /** Any JSON value (the schema every service's document gives Jackson's JsonNode). */
    private static final String ANY = "AnyValue";

    /**
     * One event as a client sends it, for the document only: the parser reads events as they stream. Each is checked
     * alone, so the request is accepted whatever one event holds; a bad one comes back in {@code rejected}.
     */
    @Schema(name = "Event", additionalProperties = Schema.True.class, description = "id: a string, unique per org and sandbox "
            + "(made when absent: a version-8 UUID holding the event's sequence number); type: a string, required (a folder name "
            + "of the stream's files); time: ISO-8601 with an offset, or "
            + "epoch milliseconds (now when absent); userId: a string or null; properties: a JSON object, kept as sent (at most 900 KiB "
            + "with the rest). Each event is checked alone: one that breaks a rule is listed in rejected (by index, with its "
            + "errorCode) and the others are stored. Fields s3flow does not keep are ignored.")
    public record EventDocument(@Schema(ref = ANY) JsonNode id, @Schema(ref = ANY) JsonNode type, @Schema(ref = ANY) JsonNode time,
            @Schema(ref = ANY) JsonNode userId, @Schema(ref = ANY) JsonNode properties) {
    }

    /** The answer, sent only once the accepted events are committed; duplicates are accepted but stored once. */
    public record IngestResponse(int accepted, int duplicates, List<Rejection> rejected,
            @Schema(nullable = true, description = "null when nothing new was stored") Long firstSequence,
            @Schema(nullable = true, description = "null when nothing new was stored") Long lastSequence) {
    }

    private final EventStore store;
    private final CurrentTenant tenant;
    private final EventParser parser;
    private final MeterRegistry metrics;

    EventResource(EventStore store, CurrentTenant tenant, ObjectMapper json, EventsConfig config, MeterRegistry metrics) {
        this.store = store;
        this.tenant = tenant;
        this.metrics = metrics;
        this.parser = new EventParser(json.getFactory(), config.maxPerRequest(), config.maxEventBytes(), Instant::now);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post events (a JSON array, or NDJSON)")
    @APIResponse(responseCode = "202", description = "Committed: what was accepted, what was a duplicate, what was rejected and why",
            content = @Content(schema = @Schema(implementation = IngestResponse.class)))
    public Response postArray(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, maxItems = 10_000, implementation = EventDocument.class))) byte[] body) {
        return ingest(parser.parseArray(body));
    }

    @POST
    @Consumes(NDJSON)
    @Operation(summary = "Post events (a JSON array, or NDJSON)")
    @APIResponse(responseCode = "202", description = "Committed: what was accepted, what was a duplicate, what was rejected and why",
            content = @Content(schema = @Schema(implementation = IngestResponse.class)))
    public Response postNdjson(@RequestBody(required = true, content = @Content(mediaType = NDJSON,
            schema = @Schema(type = SchemaType.STRING, description = "one event object a line"))) byte[] body) {
        return ingest(parser.parseNdjson(body));
    }

    private Response ingest(ParsedEvents events) {
        EventStore.Appended appended = store.append(tenant.get(), events.valid());
        metrics.counter("s3flow.events.ingested").increment(appended.stored());
        metrics.counter("s3flow.events.rejected").increment(events.rejected().size());
        return Response.accepted(new IngestResponse(events.valid().size(), appended.duplicates(), events.rejected(),
                appended.firstSequence(), appended.lastSequence())).build();
    }
}
