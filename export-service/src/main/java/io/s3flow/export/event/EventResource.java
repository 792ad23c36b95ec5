package io.s3flow.export.event;

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

@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.EVENTS_WRITE)
public class EventResource {

    static final String NDJSON = "application/x-ndjson";

    /** The answer, sent only once the accepted events are committed; duplicates are accepted but stored once. */
    public record IngestResponse(int accepted, int duplicates, List<Rejection> rejected, Long firstSequence, Long lastSequence) {
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
    public Response postArray(byte[] body) {
        return ingest(parser.parseArray(body));
    }

    @POST
    @Consumes(NDJSON)
    public Response postNdjson(byte[] body) {
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
