package io.s3flow.export.delivery;

import java.time.Instant;

/** What planning needs of an undelivered event: its place, size and age. */
public record EventMeta(long sequence, int sizeBytes, Instant ingestedAt) {
}
