package io.s3flow.common.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3flow.common.problem.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * JSON Patch (add, replace, remove) applied to a resource's request document, which is validated again afterwards.
 * Only paths the resource allows may be touched (Flow Service's {@code 1455-400} otherwise); as RFC 6902 says,
 * replace and remove need an existing value. For add, missing objects on the way are created, so
 * {@code /csv/delimiter} can be added before {@code csv} was ever set.
 */
public final class JsonPatch {

    private JsonPatch() {
    }

    /**
     * {@code current} (a request record) as JSON, patched, read back as its own type: what an edit under an etag
     * validates next. A value of the wrong type is a 400 naming the {@code noun}.
     */
    @SuppressWarnings("unchecked")
    public static <T> T patched(ObjectMapper json, T current, List<PatchOperation> operations, Predicate<String> allowed,
            String allowedPaths, String noun) {
        ObjectNode document = json.valueToTree(current);
        apply(document, operations, allowed, allowedPaths);
        try {
            return (T) json.treeToValue(document, current.getClass());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("INVALID_PATCH", "The patched " + noun + " is not valid: a value has the wrong type.");
        }
    }

    public static void apply(ObjectNode document, List<PatchOperation> operations, Predicate<String> allowed, String allowedPaths) {
        for (PatchOperation op : operations == null ? List.<PatchOperation>of() : operations) {
            if (op == null) {
                throw ProblemException.badRequest("INVALID_PATCH", "Each PATCH operation must be an object {op, path, value}.");
            }
            if (op.path() == null || !op.path().startsWith("/") || !allowed.test(op.path())) {
                throw ProblemException.badRequest("1455-400", "PATCH may change only " + allowedPaths + "; not " + op.path() + ".");
            }
            applyOne(document, op);
        }
    }

    private static void applyOne(ObjectNode document, PatchOperation op) {
        String operation = op.op() == null ? "" : op.op().toLowerCase(Locale.ROOT);
        String[] steps = op.path().substring(1).split("/", -1);
        JsonNode parent = document;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = unescape(steps[i]);
            JsonNode next = parent.isArray() ? parent.path(index(step, parent.size() - 1, op)) : parent.path(step);
            if (next.isMissingNode() || next.isNull()) {
                if (!(parent instanceof ObjectNode object) || "remove".equals(operation)) {
                    throw ProblemException.badRequest("INVALID_PATCH", "PATCH path " + op.path() + " does not exist.");
                }
                next = object.putObject(step);
            }
            parent = next;
        }
        String last = unescape(steps[steps.length - 1]);
        JsonNode value = op.value() == null ? JsonNodeFactory.instance.nullNode() : op.value();
        if (("replace".equals(operation) || "remove".equals(operation)) && !has(parent, last)) {
            throw ProblemException.badRequest("INVALID_PATCH", "PATCH path " + op.path() + " does not exist (" + operation
                    + " needs an existing value; add sets a new one).");
        }
        switch (operation) {
            case "add", "replace" -> {
                if (parent instanceof ObjectNode object) {
                    object.set(last, value);
                } else if (parent instanceof ArrayNode array) {
                    if ("add".equals(operation) && "-".equals(last)) {
                        array.add(value);
                    } else if ("add".equals(operation)) {
                        array.insert(index(last, array.size(), op), value);
                    } else {
                        array.set(index(last, array.size() - 1, op), value);
                    }
                } else {
                    throw ProblemException.badRequest("INVALID_PATCH", "PATCH path " + op.path() + " is inside a value.");
                }
            }
            case "remove" -> {
                if (parent instanceof ObjectNode object) {
                    object.remove(last);
                } else if (parent instanceof ArrayNode array) {
                    array.remove(index(last, array.size() - 1, op));
                }
            }
            default -> throw ProblemException.badRequest("INVALID_PATCH", "op must be add, replace or remove.");
        }
    }

    private static boolean has(JsonNode parent, String step) {
        if (parent instanceof ArrayNode array) {
            return step.chars().allMatch(Character::isDigit) && !step.isEmpty() && step.length() < 10
                    && Integer.parseInt(step) < array.size();
        }
        return parent instanceof ObjectNode object && object.has(step);
    }

    private static int index(String step, int max, PatchOperation op) {
        try {
            int index = Integer.parseInt(step);
            if (index >= 0 && index <= max) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("INVALID_PATCH", "PATCH path " + op.path() + " has no array index " + step + ".");
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }
}
