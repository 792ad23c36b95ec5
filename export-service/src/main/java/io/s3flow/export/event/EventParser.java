package io.s3flow.export.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.JsonLimits;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.text.CleanText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a POST /events body (a JSON array, or NDJSON) into events. A bad event is rejected alone, by its index;
 * only a body that is not a JSON array at all, or holds too many events, fails the whole request. Events are read
 * with the streaming parser and {@code properties} is kept as the exact JSON text the client sent (no tree is built
 * for it), which is most of an event's bytes.
 */
public final class EventParser {

    /** Also a folder name in the bucket ({@code event_type=...}), so nothing that could escape it. */
    private static final int MAX_ID_LENGTH = 200;
    /** The times PostgreSQL's timestamptz holds comfortably (and that fit epoch milliseconds). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final JsonFactory json;
    private final int maxEvents;
    private final int maxEventBytes;
    private final Supplier<Instant> clock;

    public EventParser(JsonFactory json, int maxEvents, int maxEventBytes, Supplier<Instant> clock) {
        this.json = json;
        this.maxEvents = maxEvents;
        this.maxEventBytes = maxEventBytes;
        this.clock = clock;
    }

    public ParsedEvents parseArray(byte[] body) {
        Collector collector = new Collector();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw badRequest("The body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson).");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw badRequest("The JSON array is not closed.");
                }
                collector.add(readEvent(parser, body, 0));
            }
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw badRequest("The body is not valid JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ".");
        } catch (IOException e) {
            throw badRequest("The body could not be read.");
        }
        return collector.result();
    }

    public ParsedEvents parseNdjson(byte[] body) {
        Collector collector = new Collector();
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int length = end - start;
            if (length > 0 && body[end - 1] == '\r') {
                length--;
            }
            if (!isBlank(body, start, length)) {
                collector.add(readLine(body, start, length));
            }
            start = end + 1;
        }
        return collector.result();
    }

    /** {@link String#isBlank()} of the line, without copying it unless it holds non-ASCII bytes. */
    private static boolean isBlank(byte[] body, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (body[i] < 0) {
                return new String(body, start, length, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private Object readLine(byte[] body, int start, int length) {
        try (JsonParser parser = json.createParser(body, start, length)) {
            parser.nextToken();
            Object event = readEvent(parser, body, start);
            return parser.nextToken() == null ? event : new Rejection(0, "INVALID_JSON", "A line must hold one JSON object.");
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (IOException e) {
            return new Rejection(0, "INVALID_JSON", "This line is not valid JSON.");
        }
    }

    /** One element, the parser on its first token: an {@link IncomingEvent} or a {@link Rejection} (index set later). */
    private Object readEvent(JsonParser parser, byte[] body, int base) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Rejection(0, "INVALID_EVENT", "An event must be a JSON object.");
        }
        String id = null;
        String type = null;
        JsonToken typeToken = null;
        Instant time = null;
        String userId = null;
        String properties = "{}";
        String invalid = null;
        String detail = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                        id = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        id = "";
                    }
                }
                case "type" -> {
                    typeToken = value;
                    type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                case "time" -> {
                    try {
                        time = timeOf(parser, value);
                    } catch (DateTimeException e) {
                        invalid = "INVALID_TIME";
                        detail = "time must be ISO-8601 with an offset (2026-11-23T10:15:30Z) or epoch milliseconds, "
                                + "between the years 1 and 9999.";
                    }
                }
                case "userId" -> {
                    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        userId = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        invalid = "INVALID_USER_ID";
                        detail = "userId must be a string.";
                    }
                }
                case "properties" -> {
                    if (value == JsonToken.START_OBJECT) {
                        int from = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int to = (int) parser.currentLocation().getByteOffset();
                        properties = new String(body, base + from, to - from, StandardCharsets.UTF_8);
                        if (!storable(properties)) {
                            invalid = "INVALID_CHARACTER";
                            detail = "properties may not contain NUL characters or unpaired surrogates (\\u0000, \\ud800).";
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        invalid = "INVALID_PROPERTIES";
                        detail = "properties must be a JSON object.";
                    }
                }
                default -> {
                    // unknown fields are ignored (clients may send more than s3flow keeps)
                }
            }
            parser.skipChildren();
        }
        long size = parser.currentLocation().getByteOffset() - start;
        if (size > maxEventBytes) {
            return new Rejection(0, "EVENT_TOO_LARGE", "The event is " + size + " bytes; at most " + maxEventBytes + ".");
        }
        if (typeToken == null || typeToken == JsonToken.VALUE_NULL || (type != null && type.isBlank())) {
            return new Rejection(0, "MISSING_TYPE", "The event has no type.");
        }
        if (!EventTypes.valid(type)) {
            return new Rejection(0, "INVALID_TYPE",
                    "type must be letters, digits, '.', '_' or '-' (at most 200), such as users.messages.email.Send.");
        }
        if (id != null && (id.isBlank() || CleanText.problem(id, MAX_ID_LENGTH).isPresent())) {
            return new Rejection(0, "INVALID_ID", "id must be a non-empty string of at most " + MAX_ID_LENGTH
                    + " characters, without control characters.");
        }
        if (userId != null && CleanText.problem(userId, MAX_ID_LENGTH).isPresent()) {
            return new Rejection(0, "INVALID_USER_ID", "userId must be at most " + MAX_ID_LENGTH
                    + " characters, without control characters.");
        }
        if (invalid != null) {
            return new Rejection(0, invalid, detail);
        }
        return new IncomingEvent(id, type, time != null ? time : clock.get(),
                userId, properties, (int) size);
    }

    private static Instant timeOf(JsonParser parser, JsonToken value) throws IOException {
        Instant time = switch (value) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.LONG
                    || parser.getNumberType() == JsonParser.NumberType.INT
                    ? Instant.ofEpochMilli(parser.getLongValue()) : LATEST.plusSeconds(1);
            case VALUE_STRING -> OffsetDateTime.parse(parser.getText()).toInstant();
            default -> throw new DateTimeException("not a time");
        };
        if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
            throw new DateTimeException("out of range");
        }
        return time;
    }

    /**
     * Whether PostgreSQL's jsonb can read these properties (exports filter on them with {@code properties::jsonb}): it
     * refuses the escape of NUL and unpaired surrogates. Most events hold no escape at all and are not parsed again.
     */
    private boolean storable(String properties) {
        if (!properties.contains("\\u")) {
            return true;
        }
        try (JsonParser parser = json.createParser(properties)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) && !jsonbText(parser.getText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean jsonbText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(++i)))
                    || Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private ProblemException tooDeep() {
        return new ProblemException(Problem.of(400, "Bad Request", "The body is nested deeper than " + JsonLimits.MAX_NESTING_DEPTH
                + " levels.", JsonLimits.TOO_DEEP));
    }

    private ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail, "INVALID_EVENTS_BODY"));
    }

    /** Numbers the events as they come and sorts them into valid and rejected. */
    private final class Collector {
        private final List<IncomingEvent> valid = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private int index;

        void add(Object event) {
            if (index >= maxEvents) {
                throw new ProblemException(Problem.of(413, "Payload Too Large",
                        "At most " + maxEvents + " events in one request.", "TOO_MANY_EVENTS"));
            }
            if (event instanceof IncomingEvent incoming) {
                valid.add(incoming);
            } else {
                Rejection rejection = (Rejection) event;
                rejected.add(new Rejection(index, rejection.errorCode(), rejection.detail()));
            }
            index++;
        }

        ParsedEvents result() {
            return new ParsedEvents(valid, rejected);
        }
    }
}
