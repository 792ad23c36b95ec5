package io.s3flow.connection.spec;

import java.util.List;

/** A kind of connection s3flow can make, as Flow Service describes it: who provides it and how it authenticates. */
public record ConnectionSpec(String id, String name, String providerId, String version, String description,
        List<AuthSpec> authSpec) {

    /** One way to authenticate, named as clients send it in {@code auth.specName}. */
    public record AuthSpec(String name, String type) {
    }
}
