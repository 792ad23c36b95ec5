package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One event as a client posted it: what every file holding it must say. {@code userId} may be null. */
public record PostedEvent(String id, String type, Instant time, String userId, ObjectNode properties) {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** The event as POST /events takes it, its time in ISO-8601 UTC with milliseconds. */
    public ObjectNode json() {
        return json(time.toString());
    }

    /** As {@link #json()} with the time written as given (an ISO-8601 text with any offset, or epoch milliseconds). */
    public ObjectNode json(Object timeAsSent) {
        ObjectNode event = JSON.createObjectNode().put("id", id).put("type", type);
        if (timeAsSent instanceof Long millis) {
            event.put("time", millis);
        } else {
            event.put("time", timeAsSent.toString());
        }
        if (userId != null) {
            event.put("userId", userId);
        }
        event.set("properties", properties);
        return event;
    }
}
