package io.s3flow.connection.spec;

import java.util.List;
import java.util.Optional;

/** A kind of connection s3flow can make, as Flow Service describes it: who provides it and how it authenticates. */
public record ConnectionSpec(String id, String name, String providerId, String version, String description,
        List<AuthSpecDefinition> authSpecs) {

    public Optional<AuthSpecDefinition> authSpec(String specName) {
        return authSpecs.stream().filter(a -> a.name().equals(specName)).findFirst();
    }

    public List<String> authSpecNames() {
        return authSpecs.stream().map(AuthSpecDefinition::name).toList();
    }
}
