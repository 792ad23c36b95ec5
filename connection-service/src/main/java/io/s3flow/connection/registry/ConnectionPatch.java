package io.s3flow.connection.registry;

import io.s3flow.common.patch.PatchOperation;
import io.s3flow.common.problem.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a JSON Patch to the editable part of a connection, as Flow Service allows it: {@code add}, {@code replace}
 * and {@code remove} (any case) on {@code /name}, {@code /description} and {@code /auth/params/<param>}.
 */
public final class ConnectionPatch {

    static final String PATH_NOT_PATCHABLE = "1455-400";
    static final String SPEC_CHANGE = "1414-400";
    private static final String PARAMS_PREFIX = "/auth/params/";

    /** The editable document; secret params included, decrypted. */
    public record Document(String name, String description, Map<String, Object> params) {
    }

    private ConnectionPatch() {
    }

    public static Document apply(Document document, List<PatchOperation> operations, String specId) {
        String name = document.name();
        String description = document.description();
        Map<String, Object> params = new LinkedHashMap<>(document.params());
        for (PatchOperation operation : operations) {
            if (operation == null || operation.op() == null || operation.path() == null) {
                throw ProblemException.badRequest("INVALID_PATCH", "Each PATCH operation must be an object {op, path, value}.");
            }
            String op = operation.op().toLowerCase(Locale.ROOT);
            if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
                throw ProblemException.badRequest(PATH_NOT_PATCHABLE, "Unsupported patch op '" + operation.op() + "': use add, replace or remove.");
            }
            boolean remove = op.equals("remove");
            String path = operation.path();
            Object value = remove ? null : valueOf(operation);
            if (path.equals("/name")) {
                name = (String) value;
            } else if (path.equals("/description")) {
                description = (String) value;
            } else if (path.startsWith(PARAMS_PREFIX) && path.length() > PARAMS_PREFIX.length()
                    && path.indexOf('/', PARAMS_PREFIX.length()) < 0) {
                String param = path.substring(PARAMS_PREFIX.length());
                if (remove) {
                    params.remove(param);
                } else {
                    params.put(param, value);
                }
            } else if (path.equals("/connectionSpec/id") && !remove && !specId.equals(value)) {
                throw ProblemException.of(Status.BAD_REQUEST, SPEC_CHANGE, "The connection spec of a connection cannot be changed.");
            } else {
                throw ProblemException.badRequest(PATH_NOT_PATCHABLE,
                        "Path '" + path + "' cannot be patched: use /name, /description or /auth/params/<param>.");
            }
        }
        return new Document(name, description, params);
    }

    private static Object valueOf(PatchOperation operation) {
        if (operation.value() == null || operation.value().isNull()) {
            return null;
        }
        if (!operation.value().isTextual()) {
            throw ProblemException.invalid(operation.path(), "must be a string");
        }
        return operation.value().asText();
    }
}
