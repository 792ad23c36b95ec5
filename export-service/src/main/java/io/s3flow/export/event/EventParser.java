package io.s3flow.export.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns a POST /events body (a JSON array, or NDJSON) into events. A bad event is rejected alone, by its index;
 * only a body that is not a JSON array at all, or holds too many events, fails the whole request.
 */
public final class EventParser {

    /** Also a folder name in the bucket ({@code event_type=...}), so nothing that could escape it. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,199}");
    private static final int MAX_ID_LENGTH = 200;

    private final ObjectMapper json;
    private final int maxEvents;
    private final int maxEventBytes;
    private final Supplier<Instant> clock;

    public EventParser(ObjectMapper json, int maxEvents, int maxEventBytes, Supplier<Instant> clock) {
        this.json = json;
        this.maxEvents = maxEvents;
        this.maxEventBytes = maxEventBytes;
        this.clock = clock;
    }

    public ParsedEvents parseArray(byte[] body) {
        Collector collector = new Collector();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw badRequest("The body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson).");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw badRequest("The JSON array is not closed.");
                }
                long start = parser.currentTokenLocation().getByteOffset();
                JsonNode node = parser.readValueAsTree();
                long end = parser.currentLocation().getByteOffset();
                collector.add(node, (int) Math.min(Integer.MAX_VALUE, end - start));
            }
        } catch (JsonProcessingException e) {
            throw badRequest("The body is not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ".");
        } catch (IOException e) {
            throw badRequest("The body could not be read.");
        }
        return collector.result();
    }

    public ParsedEvents parseNdjson(byte[] body) {
        Collector collector = new Collector();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int size = line.getBytes(StandardCharsets.UTF_8).length;
            try {
                collector.add(json.readTree(line), size);
            } catch (JsonProcessingException e) {
                collector.reject("INVALID_JSON", "This line is not valid JSON.");
            }
        }
        return collector.result();
    }

    private ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail, "INVALID_EVENTS_BODY"));
    }

    /** Numbers the events as they come and sorts them into valid and rejected. */
    private final class Collector {
        private final List<IncomingEvent> valid = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private int index;

        void add(JsonNode node, int size) {
            int at = next();
            try {
                valid.add(toEvent(node, size));
            } catch (InvalidEvent e) {
                rejected.add(new Rejection(at, e.errorCode, e.getMessage()));
            }
        }

        void reject(String errorCode, String detail) {
            rejected.add(new Rejection(next(), errorCode, detail));
        }

        private int next() {
            if (index >= maxEvents) {
                throw new ProblemException(Problem.of(413, "Payload Too Large",
                        "At most " + maxEvents + " events in one request.", "TOO_MANY_EVENTS"));
            }
            return index++;
        }

        ParsedEvents result() {
            return new ParsedEvents(valid, rejected);
        }
    }

    private IncomingEvent toEvent(JsonNode node, int size) throws InvalidEvent {
        if (!node.isObject()) {
            throw new InvalidEvent("INVALID_EVENT", "An event must be a JSON object.");
        }
        if (size > maxEventBytes) {
            throw new InvalidEvent("EVENT_TOO_LARGE", "The event is " + size + " bytes; at most " + maxEventBytes + ".");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull() || (type.isTextual() && type.asText().isBlank())) {
            throw new InvalidEvent("MISSING_TYPE", "The event has no type.");
        }
        if (!type.isTextual() || !TYPE.matcher(type.asText()).matches()) {
            throw new InvalidEvent("INVALID_TYPE",
                    "type must be letters, digits, '.', '_' or '-' (at most 200), such as users.messages.email.Send.");
        }
        return new IncomingEvent(idOf(node.get("id")), type.asText(), timeOf(node.get("time")), userIdOf(node.get("userId")),
                propertiesOf(node.get("properties")), size);
    }

    private static String idOf(JsonNode id) throws InvalidEvent {
        if (id == null || id.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank() || id.asText().length() > MAX_ID_LENGTH) {
            throw new InvalidEvent("INVALID_ID", "id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters.");
        }
        return id.asText();
    }

    private Instant timeOf(JsonNode time) throws InvalidEvent {
        if (time == null || time.isNull()) {
            return clock.get();
        }
        try {
            if (time.isIntegralNumber()) {
                return Instant.ofEpochMilli(time.asLong());
            }
            if (time.isTextual()) {
                return OffsetDateTime.parse(time.asText()).toInstant();
            }
        } catch (DateTimeException e) {
            // falls through to the rejection below
        }
        throw new InvalidEvent("INVALID_TIME", "time must be ISO-8601 with an offset (2026-11-23T10:15:30Z) or epoch milliseconds.");
    }

    private static String userIdOf(JsonNode userId) throws InvalidEvent {
        if (userId == null || userId.isNull()) {
            return null;
        }
        if (!userId.isValueNode()) {
            throw new InvalidEvent("INVALID_USER_ID", "userId must be a string.");
        }
        return userId.asText();
    }

    private String propertiesOf(JsonNode properties) throws InvalidEvent {
        if (properties == null || properties.isNull()) {
            return "{}";
        }
        if (!properties.isObject()) {
            throw new InvalidEvent("INVALID_PROPERTIES", "properties must be a JSON object.");
        }
        try {
            return json.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new InvalidEvent("INVALID_PROPERTIES", "properties could not be written back as JSON.");
        }
    }

    private static final class InvalidEvent extends Exception {
        final String errorCode;

        InvalidEvent(String errorCode, String detail) {
            super(detail, null, false, false);
            this.errorCode = errorCode;
        }
    }
}
