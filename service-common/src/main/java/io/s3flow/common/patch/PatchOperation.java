package io.s3flow.common.patch;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;

/** One operation of a JSON Patch (RFC 6902) body. */
public record PatchOperation(@NotBlank String op, @NotBlank String path, JsonNode value) {
}
