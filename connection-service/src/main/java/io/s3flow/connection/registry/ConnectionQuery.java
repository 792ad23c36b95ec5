package io.s3flow.connection.registry;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Parameters;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.text.CleanText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page request of {@code GET /connections}: filters, order and a keyset position. The continuation token carries
 * all of it, so the next page is the same query continued after the last row seen: rows inserted meanwhile never
 * shift the pages, as an offset would. Registered for reflection: the token is this record as JSON, also in a native image.
 */
@RegisterForReflection
public record ConnectionQuery(List<String> properties, String orderBy, int limit, Cursor after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1000;
    static final String INVALID_QUERY = "INVALID_QUERY";

    /** The sort value and id of the last row of the previous page. */
    @RegisterForReflection
    public record Cursor(String value, UUID id) {
    }

    private static final ObjectMapper TOKEN_JSON = new ObjectMapper();
    private static final Pattern PROPERTY = Pattern.compile("^([A-Za-z.]+)(==|!=)(.*)$");
    private static final Map<String, String> FILTERABLE = Map.of(
            "state", "state", "name", "name", "connectionSpec.id", "specId", "auth.specName", "authSpecName", "id", "id");
    private static final Map<String, String> SORTABLE = Map.of(
            "name", "name", "createdAt", "createdAt", "updatedAt", "updatedAt");

    public static ConnectionQuery of(List<String> properties, String orderBy, String limit) {
        if (properties != null && properties.stream().anyMatch(java.util.Objects::isNull)) {
            throw ProblemException.invalid("property", "must be field==value or field!=value");
        }
        int pageSize = pageSize(limit);
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        ConnectionQuery query = new ConnectionQuery(properties == null ? List.of() : List.copyOf(properties),
                orderBy == null || orderBy.isBlank() ? "createdAt" : orderBy.trim(), pageSize, null);
        query.sortField();
        query.properties.forEach(ConnectionQuery::parseProperty);
        return query;
    }

    /** The query a continuation token stands for; a token that was not issued here is a 400. */
    public static ConnectionQuery fromToken(String token, String limit) {
        try {
            ConnectionQuery query = TOKEN_JSON.readValue(Base64.getUrlDecoder().decode(token), ConnectionQuery.class);
            if (query == null) {
                throw new IOException("not a query");
            }
            ConnectionQuery checked = of(query.properties, query.orderBy, limit != null ? limit : String.valueOf(query.limit));
            if (query.after == null || query.after.id == null || query.after.value == null
                    || CleanText.problem(query.after.value, 1024).isPresent()) {
                throw new IOException("no position");
            }
            if (!checked.sortField().equals("name")) {
                Instant.parse(query.after.value);
            }
            return new ConnectionQuery(checked.properties, checked.orderBy, checked.limit, query.after);
        } catch (IOException | IllegalArgumentException | ProblemException | java.time.DateTimeException e) {
            throw ProblemException.invalid("continuationToken", "is not a token this service issued");
        }
    }

    private static int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
    }

    public String tokenAfter(Connection last) {
        ConnectionQuery next = new ConnectionQuery(properties, orderBy, limit, new Cursor(sortValue(last), last.id));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN_JSON.writeValueAsBytes(next));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JPQL {@code where} clause and its parameters, for the tenant; {@code withPosition} adds the keyset condition. */
    public Map.Entry<String, Parameters> where(Tenant tenant, boolean withPosition) {
        List<String> clauses = new ArrayList<>(List.of("orgId = :org", "sandboxName = :sandbox"));
        Parameters parameters = Parameters.with("org", tenant.org()).and("sandbox", tenant.sandbox());
        int i = 0;
        for (String property : properties) {
            String[] parsed = parseProperty(property);
            String param = "p" + i++;
            clauses.add(FILTERABLE.get(parsed[0]) + (parsed[1].equals("==") ? " = :" : " <> :") + param);
            parameters.and(param, parsed[0].equals("id") ? parseUuid(parsed[2]) : parsed[2]);
        }
        if (withPosition && after != null) {
            String field = sortField();
            String cmp = descending() ? "<" : ">";
            clauses.add("(" + field + " " + cmp + " :after or (" + field + " = :after and id " + cmp + " :afterId))");
            parameters.and("after", field.equals("name") ? after.value : Instant.parse(after.value)).and("afterId", after.id);
        }
        return Map.entry(String.join(" and ", clauses), parameters);
    }

    public String orderClause() {
        String direction = descending() ? " desc" : "";
        return " order by " + sortField() + direction + ", id" + direction;
    }

    private boolean descending() {
        return orderBy.startsWith("-");
    }

    private String sortField() {
        String field = SORTABLE.get(orderBy.replaceFirst("^[+-]", ""));
        if (field == null) {
            throw ProblemException.invalid("orderby", "must be one of " + SORTABLE.keySet() + ", optionally prefixed with - or +");
        }
        return field;
    }

    private String sortValue(Connection c) {
        return switch (sortField()) {
            case "name" -> c.name;
            case "updatedAt" -> c.updatedAt.toString();
            default -> c.createdAt.toString();
        };
    }

    private static String[] parseProperty(String property) {
        CleanText.problem(property, 1024).ifPresent(message -> {
            throw ProblemException.invalid("property", message);
        });
        Matcher m = PROPERTY.matcher(property);
        if (!m.matches() || !FILTERABLE.containsKey(m.group(1))) {
            throw ProblemException.invalid("property", "'" + property + "' is not a filter; use field==value or field!=value with field one of "
                    + FILTERABLE.keySet());
        }
        if (m.group(1).equals("id")) {
            parseUuid(m.group(3));
        }
        return new String[] {m.group(1), m.group(2), m.group(3)};
    }

    private static UUID parseUuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("property", "id must be a UUID");
        }
    }
}
