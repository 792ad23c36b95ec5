package io.s3flow.connection.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parameter of an auth spec. The same object renders the JSON Schema clients read from
 * {@code /connectionSpecs} and drives {@link ParamValidator}, so the two cannot drift apart.
 */
public record ParamSpec(String name, String description, boolean required, boolean secret, ParamFormat format) {

    public static ParamSpec required(String name, String description, ParamFormat format) {
        return new ParamSpec(name, description, true, false, format);
    }

    public static ParamSpec optional(String name, String description, ParamFormat format) {
        return new ParamSpec(name, description, false, false, format);
    }

    public ParamSpec asSecret() {
        return new ParamSpec(name, description, required, true, format);
    }

    /** This parameter as a JSON Schema property. */
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("description", description);
        schema.putAll(format.schemaKeywords());
        if (secret) {
            schema.put("format", "password");
            schema.put("writeOnly", true);
        }
        return schema;
    }
}
