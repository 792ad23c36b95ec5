package io.s3flow.export.storage;

/** An object S3 confirmed: its key, size and ETag. */
public record StoredObject(String key, long bytes, String etag) {
}
