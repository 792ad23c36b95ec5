package io.s3flow.export.delivery;

import io.s3flow.export.keys.FileGroup;
import java.time.Instant;

/** What planning needs of an undelivered event: its place, size, age, and the file it goes to. */
public record EventMeta(long sequence, int sizeBytes, Instant ingestedAt, FileGroup file) {
}
