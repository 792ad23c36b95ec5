package io.s3flow.connection.explore;

import java.util.List;
import java.util.Map;

/** The first rows of a file and the schema inferred from them. */
public record Preview(List<Column> schema, List<Map<String, Object>> data) {

    public record Column(String name, String type) {
    }
}
