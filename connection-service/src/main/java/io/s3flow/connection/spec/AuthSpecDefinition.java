package io.s3flow.connection.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One way to authenticate to a spec's system ({@code "Access Key"}, {@code "Role ARN"}, …) and its parameters. */
public record AuthSpecDefinition(String name, String type, String description, List<ParamSpec> params) {

    public Optional<ParamSpec> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    public boolean isSecret(String paramName) {
        return param(paramName).map(ParamSpec::secret).orElse(false);
    }

    /** The JSON Schema of this auth spec's params, as Flow Service publishes it under {@code authSpec[].spec}. */
    public Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        params.forEach(p -> properties.put(p.name(), p.schema()));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("type", "object");
        schema.put("description", description);
        schema.put("properties", properties);
        schema.put("required", params.stream().filter(ParamSpec::required).map(ParamSpec::name).toList());
        schema.put("additionalProperties", false);
        return schema;
    }
}
