package io.s3flow.export.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.s3flow.export.event.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events an export takes (types and conditions, evaluated by PostgreSQL) and which of their fields it writes
 * (projected here, a row at a time). Fields are {@code id}, {@code type}, {@code time}, {@code userId},
 * {@code sequence} or a dotted path into the properties ({@code properties.address.city}); a missing one is null.
 */
public final class Selection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<String> eventTypes;
    private final List<Field> fields;
    private final List<Condition> where;
    private final PropertyPaths propertyPaths;

    public Selection(List<String> eventTypes, List<Field> fields, List<Condition> where) {
        this.eventTypes = eventTypes;
        this.fields = List.copyOf(fields);
        this.where = List.copyOf(where);
        List<List<String>> paths = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < this.fields.size(); i++) {
            if (this.fields.get(i).column == Field.Column.PROPERTIES) {
                paths.add(this.fields.get(i).path);
                indexes.add(i);
            }
        }
        this.propertyPaths = new PropertyPaths(paths, indexes);
    }

    public List<Field> fields() {
        return fields;
    }

    /** A selected field: an event column, or a path into the properties. */
    public record Field(String name, Column column, List<String> path) {

        public enum Column { ID, TYPE, TIME, USER_ID, SEQUENCE, PROPERTIES }

        static final String PROPERTIES = "properties.";

        /** Null if {@code name} names no field. */
        public static Field parse(String name) {
            if (name == null) {
                return null;
            }
            Column column = switch (name) {
                case "id" -> Column.ID;
                case "type" -> Column.TYPE;
                case "time" -> Column.TIME;
                case "userId" -> Column.USER_ID;
                case "sequence" -> Column.SEQUENCE;
                default -> name.startsWith(PROPERTIES) ? Column.PROPERTIES : null;
            };
            if (column == null) {
                return null;
            }
            List<String> path = column == Column.PROPERTIES ? List.of(name.substring(PROPERTIES.length()).split("\\.", -1)) : List.of();
            if (path.stream().anyMatch(String::isEmpty)) {
                return null;
            }
            return new Field(name, column, path);
        }
    }

    /** {@code field op value}: eq, ne (a value), in (values), exists (true or false). */
    public record Condition(Field field, String op, List<String> values, boolean exists) {
    }

    public List<String> fieldNames() {
        return fields.stream().map(Field::name).toList();
    }

    /** The SQL condition (after {@code WHERE}) for the conditions, and its parameters in order. */
    public Sql sql() {
        StringBuilder sql = new StringBuilder(" AND (?::text[] IS NULL OR type = ANY(?::text[]))");
        List<Object> params = new ArrayList<>();
        String[] types = eventTypes == null ? null : eventTypes.toArray(String[]::new);
        params.add(types);
        params.add(types);
        for (Condition c : where) {
            String value;
            if (c.field.column == Field.Column.PROPERTIES) {
                value = "(properties::jsonb #>> ?::text[])";
                params.add(c.field.path.toArray(String[]::new));
            } else {
                value = switch (c.field.column) {
                    case ID -> "event_id";
                    case TYPE -> "type";
                    default -> "user_id";
                };
            }
            switch (c.op) {
                case "eq" -> sql.append(" AND ").append(value).append(" = ?");
                case "ne" -> sql.append(" AND ").append(value).append(" IS DISTINCT FROM ?");
                case "in" -> sql.append(" AND ").append(value).append(" = ANY(?::text[])");
                default -> sql.append(" AND ").append(value).append(c.exists ? " IS NOT NULL" : " IS NULL");
            }
            switch (c.op) {
                case "eq", "ne" -> params.add(c.values.get(0));
                case "in" -> params.add(c.values.toArray(String[]::new));
                default -> { }
            }
        }
        return new Sql(sql.toString(), params);
    }

    public record Sql(String condition, List<Object> params) {
    }

    /** The selected fields of one event, in order; a missing one is {@link MissingNode}. */
    public JsonNode[] project(StoredEvent event) {
        JsonNode[] row = new JsonNode[fields.size()];
        if (!propertyPaths.isEmpty()) {
            propertyPaths.extract(event.propertiesJson(), row);
        }
        for (int i = 0; i < row.length; i++) {
            switch (fields.get(i).column) {
                case ID -> row[i] = NODES.textNode(event.id());
                case TYPE -> row[i] = NODES.textNode(event.type());
                case TIME -> row[i] = NODES.textNode(event.time().toString());
                case USER_ID -> row[i] = event.userId() == null ? MissingNode.getInstance() : NODES.textNode(event.userId());
                case SEQUENCE -> row[i] = NODES.numberNode(event.sequence());
                case PROPERTIES -> { }
            }
        }
        return row;
    }
}
