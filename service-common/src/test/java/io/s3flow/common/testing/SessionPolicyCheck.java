package io.s3flow.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates an IAM policy document the way AWS does for the parts s3flow's session policies use: Allow and Deny
 * statements, actions and resources with {@code *} and {@code ?}, and the conditions {@code StringEquals},
 * {@code StringLike} and their {@code ForAnyValue:} forms. A statement with anything else (NotAction, NotResource, other
 * operators) allows nothing, so a policy this cannot read is never taken as allowing.
 */
public final class SessionPolicyCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionPolicyCheck() {
    }

    /** Whether {@code policy} allows {@code action} on {@code resource} in the request context {@code context}. */
    public static boolean allows(String policy, String action, String resource, Map<String, String> context) {
        JsonNode document;
        try {
            document = JSON.readTree(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean allowed = false;
        for (JsonNode statement : list(document.path("Statement"))) {
            if (!matches(statement, action, resource, context)) {
                continue;
            }
            if ("Deny".equals(statement.path("Effect").asText())) {
                return false;
            }
            allowed |= "Allow".equals(statement.path("Effect").asText());
        }
        return allowed;
    }

    private static boolean matches(JsonNode statement, String action, String resource, Map<String, String> context) {
        if (statement.has("NotAction") || statement.has("NotResource") || statement.has("NotPrincipal")) {
            return false;
        }
        boolean actionMatches = texts(statement.path("Action")).stream().anyMatch(a -> wildcard(a.toLowerCase(Locale.ROOT))
                .matcher(action.toLowerCase(Locale.ROOT)).matches());
        boolean resourceMatches = texts(statement.path("Resource")).stream().anyMatch(r -> wildcard(r).matcher(resource).matches());
        return actionMatches && resourceMatches && conditions(statement.path("Condition"), context);
    }

    private static boolean conditions(JsonNode condition, Map<String, String> context) {
        for (var operator : (Iterable<Map.Entry<String, JsonNode>>) condition::fields) {
            String op = operator.getKey().replaceFirst("^ForAnyValue:", "");
            for (var key : (Iterable<Map.Entry<String, JsonNode>>) operator.getValue()::fields) {
                String actual = context.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (actual == null) {
                    return false;
                }
                List<String> expected = texts(key.getValue());
                boolean met = switch (op) {
                    case "StringEquals" -> expected.contains(actual);
                    case "StringLike" -> expected.stream().anyMatch(e -> wildcard(e).matcher(actual).matches());
                    default -> false;
                };
                if (!met) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }

    private static List<String> texts(JsonNode node) {
        return list(node).stream().map(JsonNode::asText).toList();
    }

    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
