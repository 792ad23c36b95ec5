package io.s3flow.export.delivery;

import java.time.Instant;

/** What planning needs of an undelivered event: its place, size, age, and the file it goes to (type and hour). */
public record EventMeta(long sequence, int sizeBytes, Instant ingestedAt, String type, Instant hour) {
}
