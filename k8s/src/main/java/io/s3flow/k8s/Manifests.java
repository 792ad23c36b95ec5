package io.s3flow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML as `kubectl kustomize` prints it, read into trees and written back. */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** The non-empty documents, in order. */
    public static List<JsonNode> documents(String yaml) {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml);
                MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
    }

    public static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
