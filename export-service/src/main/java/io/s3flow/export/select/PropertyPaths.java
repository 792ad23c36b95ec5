package io.s3flow.export.select;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the selected {@code properties.*} paths out of an event's properties JSON in one streaming pass: subtrees no
 * path leads into are skipped, not built (building every row's whole tree was half a run's CPU). A value that is
 * selected itself, or an array on a path, is read as a tree and the paths below it resolved there.
 */
final class PropertyPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step of the selected paths: the fields that end here (by their index in the row) and the steps below. */
    private static final class Step {
        final List<Integer> ends = new ArrayList<>();
        final Map<String, Step> next = new HashMap<>();
        /** Every selected path below this step, with its index in the row, for resolving in a tree. */
        final List<Map.Entry<List<String>, Integer>> below = new ArrayList<>();
    }

    private final Step root = new Step();
    private final List<Integer> indexes = new ArrayList<>();

    /** {@code paths.get(i)} is the property path of row index {@code rowIndexes.get(i)}. */
    PropertyPaths(List<List<String>> paths, List<Integer> rowIndexes) {
        for (int i = 0; i < paths.size(); i++) {
            Step step = root;
            List<String> path = paths.get(i);
            for (int depth = 0; depth < path.size(); depth++) {
                step = step.next.computeIfAbsent(path.get(depth), k -> new Step());
                if (depth < path.size() - 1) {
                    step.below.add(Map.entry(path.subList(depth + 1, path.size()), rowIndexes.get(i)));
                }
            }
            step.ends.add(rowIndexes.get(i));
            indexes.add(rowIndexes.get(i));
        }
    }

    boolean isEmpty() {
        return indexes.isEmpty();
    }

    /** Fills the row's property fields from {@code json}; a path that is not there stays missing. */
    void extract(String json, JsonNode[] row) {
        for (int index : indexes) {
            row[index] = MissingNode.getInstance();
        }
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                walk(parser, root, row);
            }
        } catch (IOException e) {
            // stored properties were parsed at ingestion; an unreadable one selects nothing rather than stopping a run
        }
    }

    /** The parser is at an object's start; reads the object to its end. */
    private static void walk(JsonParser parser, Step step, JsonNode[] row) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Step child = step.next.get(parser.currentName());
            JsonToken value = parser.nextToken();
            if (child == null) {
                parser.skipChildren();
            } else if (child.ends.isEmpty() && value == JsonToken.START_OBJECT) {
                walk(parser, child, row);
            } else {
                JsonNode tree = parser.readValueAsTree();
                child.ends.forEach(index -> row[index] = tree);
                for (Map.Entry<List<String>, Integer> path : child.below) {
                    row[path.getValue()] = resolve(tree, path.getKey());
                }
            }
        }
    }

    /** A number steps into an array, as PostgreSQL's {@code #>>} (which filters the rows) does. */
    private static JsonNode resolve(JsonNode node, List<String> path) {
        for (String step : path) {
            node = node.isArray() && !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit)
                    ? node.path(Integer.parseInt(step)) : node.path(step);
        }
        return node;
    }
}
