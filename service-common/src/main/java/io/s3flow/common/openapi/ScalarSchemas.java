package io.s3flow.common.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The scanner makes components of scalar types ({@code UUID}, {@code Instant}) and refers to them; a nullable field
 * of such a type then becomes {@code anyOf: [$ref, {type: null}]} (or {@code allOf: [$ref]} beside a description),
 * which OpenAPI 3.0 tools read as "never null". Inlined where used (type, format, pattern, example), such a field says
 * plainly {@code nullable: true}.
 */
final class ScalarSchemas {

    private static final String PREFIX = "#/components/schemas/";

    private ScalarSchemas() {
    }

    static void inline(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> scalars = new HashMap<>();
        openAPI.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getType() != null && !schema.getType().contains(SchemaType.OBJECT) && !schema.getType().contains(SchemaType.ARRAY)
                    && schema.getProperties() == null) {
                scalars.put(PREFIX + name, schema);
            }
        });
        if (scalars.isEmpty()) {
            return;
        }
        forEachSchema(openAPI, schema -> inlineInto(schema, scalars));
        scalars.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(PREFIX.length())));
    }

    private static void inlineInto(Schema schema, Map<String, Schema> scalars) {
        Schema scalar = scalars.get(schema.getRef());
        boolean nullable = false;
        if (scalar == null && schema.getAllOf() != null && schema.getAllOf().size() == 1) {
            scalar = scalars.get(schema.getAllOf().get(0).getRef());
            if (scalar != null) {
                schema.setAllOf(null);
            }
        }
        // a nullable field of a referenced type: anyOf [$ref, {type: null}]
        if (scalar == null && schema.getAnyOf() != null && schema.getAnyOf().size() == 2
                && schema.getAnyOf().stream().anyMatch(ScalarSchemas::isNull)) {
            scalar = schema.getAnyOf().stream().map(s -> scalars.get(s.getRef())).filter(Objects::nonNull).findFirst().orElse(null);
            if (scalar != null) {
                schema.setAnyOf(null);
                nullable = true;
            }
        }
        if (scalar != null) {
            schema.setRef(null);
            List<SchemaType> type = new ArrayList<>(scalar.getType());
            if (nullable) {
                type.add(SchemaType.NULL);
            }
            schema.setType(type);
            schema.setFormat(scalar.getFormat());
            schema.setPattern(scalar.getPattern());
            if (schema.getExample() == null) {
                schema.setExample(scalar.getExample());
            }
        }
    }

    private static boolean isNull(Schema schema) {
        return schema.getRef() == null && List.of(SchemaType.NULL).equals(schema.getType());
    }

    /** Every schema of the document, nested ones included. */
    private static void forEachSchema(OpenAPI openAPI, Consumer<Schema> action) {
        List<Schema> roots = new ArrayList<>(openAPI.getComponents().getSchemas().values());
        if (openAPI.getComponents().getParameters() != null) {
            openAPI.getComponents().getParameters().values().forEach(p -> add(roots, p.getSchema()));
        }
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> add(roots, p.getSchema()));
                }
                if (operation.getRequestBody() != null) {
                    addContent(roots, operation.getRequestBody().getContent());
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().getAPIResponses().values().forEach(r -> addContent(roots, r.getContent()));
                }
            }));
        }
        roots.forEach(root -> walk(root, action));
    }

    private static void walk(Schema schema, Consumer<Schema> action) {
        if (schema == null) {
            return;
        }
        action.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> walk(p, action));
        }
        walk(schema.getItems(), action);
        walk(schema.getAdditionalPropertiesSchema(), action);
        for (List<Schema> group : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(s -> walk(s, action));
            }
        }
    }

    private static void addContent(List<Schema> roots, Content content) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> add(roots, m.getSchema()));
        }
    }

    private static void add(List<Schema> roots, Schema schema) {
        if (schema != null) {
            roots.add(schema);
        }
    }
}
