package io.s3flow.export.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder path or file name with Experience Platform's macros, such as
 * {@code %DESTINATION_NAME%_%SEGMENT_ID%_%DATETIME(YYYYMMdd_HHmmss)%}. Parsed once (an unknown macro is an error
 * naming it), resolved per run. A macro's value never adds a folder: characters outside S3's safe set become '_'.
 */
public final class NameTemplate {

    /** The macros; those with an argument take it in parentheses. */
    public enum Macro {
        DESTINATION, DESTINATION_NAME, DESTINATION_ID, DESTINATION_INSTANCE_NAME, DESTINATION_INSTANCE_ID,
        SEGMENT_ID, SEGMENT_NAME, ORGANIZATION_NAME, SANDBOX_NAME, RUN_ID, CUSTOM_TEXT, DATETIME, TIMESTAMP;

        private static final Set<Macro> WITH_ARGUMENT = EnumSet.of(CUSTOM_TEXT, DATETIME);
    }

    /** What the macros stand for in one run. */
    public record Values(String connectionName, String connectionId, String exportName, String exportId, String org,
            String sandbox, String runId, Instant runTime) {
    }

    /** A template that cannot be used; the message says why, naming the macro. */
    public static final class InvalidTemplate extends IllegalArgumentException {
        InvalidTemplate(String message) {
            super(message);
        }
    }

    /** What the {@code %DESTINATION%} macro names: the kind of destination. */
    static final String DESTINATION = "Amazon_S3";
    static final String DEFAULT_DATETIME = "yyyyMMdd_HHmmss";
    private static final Pattern MACRO = Pattern.compile("%([A-Za-z_]+)(?:\\(([^()%]*)\\))?%");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9!_.*'()\\-]");

    private record Part(String literal, Macro macro, String argument, DateTimeFormatter pattern) {
    }

    private final List<Part> parts;

    private NameTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code template}; literal text may hold only S3's safe characters (and '/' where {@code folders}).
     * {@code %DATETIME%} and {@code %TIMESTAMP%} name the same moment twice, so they are not allowed together.
     */
    public static NameTemplate parse(String template, boolean folders) {
        List<Part> parts = new ArrayList<>();
        Matcher m = MACRO.matcher(template);
        int at = 0;
        EnumSet<Macro> used = EnumSet.noneOf(Macro.class);
        while (m.find()) {
            literal(template.substring(at, m.start()), folders, parts);
            Macro macro;
            try {
                macro = Macro.valueOf(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new InvalidTemplate("unknown macro %" + m.group(1) + "%");
            }
            String argument = m.group(2);
            if (argument != null && !Macro.WITH_ARGUMENT.contains(macro)) {
                throw new InvalidTemplate("the macro %" + macro + "% takes no argument");
            }
            if (argument == null && macro == Macro.CUSTOM_TEXT) {
                throw new InvalidTemplate("the macro %CUSTOM_TEXT(text)% needs its text");
            }
            parts.add(new Part(null, macro, argument, macro == Macro.DATETIME ? dateTime(argument) : null));
            used.add(macro);
            at = m.end();
        }
        literal(template.substring(at), folders, parts);
        if (used.contains(Macro.DATETIME) && used.contains(Macro.TIMESTAMP)) {
            throw new InvalidTemplate("%DATETIME% and %TIMESTAMP% cannot be combined in one name");
        }
        return new NameTemplate(List.copyOf(parts));
    }

    public String resolve(Values values) {
        StringBuilder name = new StringBuilder();
        for (Part part : parts) {
            name.append(part.literal != null ? part.literal : safe(value(part, values)));
        }
        return name.toString();
    }

    private static String value(Part part, Values v) {
        return switch (part.macro) {
            case DESTINATION -> DESTINATION;
            case DESTINATION_NAME -> v.connectionName();
            case DESTINATION_ID -> v.connectionId();
            case DESTINATION_INSTANCE_NAME, SEGMENT_NAME -> v.exportName();
            case DESTINATION_INSTANCE_ID, SEGMENT_ID -> v.exportId();
            case ORGANIZATION_NAME -> v.org();
            case SANDBOX_NAME -> v.sandbox();
            case RUN_ID -> v.runId();
            case CUSTOM_TEXT -> part.argument;
            case DATETIME -> part.pattern.format(v.runTime());
            case TIMESTAMP -> Long.toString(v.runTime().getEpochSecond());
        };
    }

    private static void literal(String text, boolean folders, List<Part> parts) {
        if (text.isEmpty()) {
            return;
        }
        if (text.indexOf('%') >= 0) {
            throw new InvalidTemplate("'%' starts no macro in \"" + text + "\" (macros look like %SEGMENT_ID% or %DATETIME(YYYYMMdd)%)");
        }
        String checked = folders ? text.replace("/", "") : text;
        if (UNSAFE.matcher(checked).find()) {
            throw new InvalidTemplate("\"" + text + "\" may hold only letters, digits and !_.*'()-" + (folders ? " and '/'" : ""));
        }
        parts.add(new Part(text, null, null, null));
    }

    /**
     * Experience Platform's patterns write the year as {@code YYYY}, which for {@link DateTimeFormatter} is the
     * week-based year (wrong around New Year): it is read as the calendar year. Times are UTC.
     */
    private static DateTimeFormatter dateTime(String pattern) {
        String p = pattern == null || pattern.isBlank() ? DEFAULT_DATETIME : pattern.replace('Y', 'y');
        try {
            DateTimeFormatter formatter = DateTimeFormatter.ofPattern(p, Locale.ROOT).withZone(ZoneOffset.UTC);
            formatter.format(Instant.EPOCH);
            return formatter;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidTemplate("%DATETIME(" + pattern + ")% has an invalid date pattern: " + e.getMessage());
        }
    }

    private static String safe(String value) {
        return value == null ? "" : UNSAFE.matcher(value).replaceAll("_");
    }
}
