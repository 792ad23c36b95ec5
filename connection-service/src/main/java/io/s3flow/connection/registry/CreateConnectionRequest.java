package io.s3flow.connection.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** The body of {@code POST /connections}, as Flow Service clients send it. */
public record CreateConnectionRequest(
        @NotBlank @Size(max = 256) String name,
        @Size(max = 4096) String description,
        @NotNull @Valid Auth auth,
        @NotNull @Valid SpecRef connectionSpec) {

    public record Auth(@NotBlank String specName, Map<String, Object> params) {
    }

    public record SpecRef(@NotBlank String id, String version) {
    }
}
