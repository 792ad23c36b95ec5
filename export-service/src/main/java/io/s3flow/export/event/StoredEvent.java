package io.s3flow.export.event;

import java.time.Instant;

/** An event as read back from the events table for delivery; {@code propertiesJson} is a JSON object's text. */
public record StoredEvent(long sequence, String id, String type, Instant time, String userId, String propertiesJson) {
}
