package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event as read back from an object: the object's key, what the event said there ({@code properties} holds only
 * the properties the format carries), and for a stream's file the {@code event_type=} / {@code date=} folder it was in.
 */
public record DeliveredEvent(String key, String id, String type, Instant time, String userId, JsonNode properties,
        Folder folder) {

    /** The folder a stream's file lies in: {@code event_type=<type>/date=<UTC hour>}. */
    public record Folder(String type, Instant hour) {
    }
}
