package io.s3flow.export.event;

/** An event of a request that was not stored, by its position in the request (0-based). */
public record Rejection(int index, String errorCode, String detail) {
}
