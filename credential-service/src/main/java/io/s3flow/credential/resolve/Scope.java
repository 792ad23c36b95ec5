package io.s3flow.credential.resolve;

import jakarta.validation.constraints.Pattern;

/** The part of a bucket credentials are for; {@code bucket} is absent for a connection that names none. */
public record Scope(String bucket, String prefix, @Pattern(regexp = "read|write", message = "must be read or write") String access) {

    public boolean writes() {
        return "write".equals(access);
    }

    public String prefixOrEmpty() {
        return prefix == null ? "" : prefix;
    }
}
