package io.s3flow.connection.explore;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Infers a column's type from its sample values: the narrowest type every non-empty value fits. */
public final class TypeInference {

    /** The types a column can have, named as XDM names them. */
    public enum Type {
        INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), DATE("date"), TIMESTAMP("date-time"), STRING("string");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Pattern INTEGER = Pattern.compile("^[-+]?\\d{1,18}$");
    private static final Pattern NUMBER = Pattern.compile("^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$");

    private TypeInference() {
    }

    public static Type of(Collection<String> values) {
        Set<Type> seen = EnumSet.noneOf(Type.class);
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                seen.add(ofValue(value.trim()));
            }
        }
        if (seen.isEmpty() || seen.contains(Type.STRING)) {
            return Type.STRING;
        }
        if (seen.size() == 1) {
            return seen.iterator().next();
        }
        if (EnumSet.of(Type.INTEGER, Type.NUMBER).containsAll(seen)) {
            return Type.NUMBER;
        }
        if (EnumSet.of(Type.DATE, Type.TIMESTAMP).containsAll(seen)) {
            return Type.TIMESTAMP;
        }
        return Type.STRING;
    }

    static Type ofValue(String value) {
        if (INTEGER.matcher(value).matches()) {
            return Type.INTEGER;
        }
        if (NUMBER.matcher(value).matches()) {
            return Type.NUMBER;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Type.BOOLEAN;
        }
        if (parses(() -> LocalDate.parse(value))) {
            return Type.DATE;
        }
        String iso = value.replace(' ', 'T');
        if (parses(() -> OffsetDateTime.parse(iso)) || parses(() -> LocalDateTime.parse(iso))) {
            return Type.TIMESTAMP;
        }
        return Type.STRING;
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
