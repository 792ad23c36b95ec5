package io.s3flow.export.event;

import java.time.Instant;

/**
 * One valid event of a request, ready to store: its properties as JSON text, its size as the client sent it. The id is
 * null when the client sent none: the store makes one once the event has its sequence number ({@link EventIds}).
 */
public record IncomingEvent(String id, String type, Instant time, String userId, String propertiesJson, int sizeBytes) {
}
