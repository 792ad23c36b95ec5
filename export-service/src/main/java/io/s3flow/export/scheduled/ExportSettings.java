package io.s3flow.export.scheduled;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.text.CleanText;
import io.s3flow.export.event.EventTypes;
import io.s3flow.export.format.ExportFormat;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.select.Selection;
import io.s3flow.common.aws.Encryption;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An export's settings, validated: every problem of a request reported at once, by field. {@link #request()} is the
 * normalized request (defaults filled in), which is what is stored and shown.
 */
public record ExportSettings(ExportRequest request, UUID connectionId, Selection selection, ExportFormat format,
        NameTemplate folderPath, NameTemplate fileName, Integer maxRowsPerFile, boolean manifest, Encryption encryption,
        Schedule schedule) {

    /** Whether each run after the first exports only what came since the last successful one. */
    public boolean incremental() {
        return schedule != null && schedule.mode() == Schedule.Mode.FIRST_FULL_THEN_INCREMENTAL;
    }

    static final String DEFAULT_FOLDER = "exports/%DESTINATION_INSTANCE_NAME%";
    static final String DEFAULT_FILE_NAME = "%DESTINATION_INSTANCE_NAME%_%DATETIME(YYYYMMdd_HHmmss)%_%RUN_ID%";
    static final int MAX_FIELDS = 500;
    /** Fewer rows a file would make a run of a million events a million objects (and a manifest to match). */
    static final int MIN_ROWS_PER_FILE = 1000;
    /** PostgreSQL's timestamps end in 294276; a schedule has no business past 9999. */
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59Z");
    private static final Instant FIRST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    private static final List<String> OPS = List.of("eq", "ne", "in", "exists");

    public ExportKeys keys(String connectionPrefix) {
        return new ExportKeys(connectionPrefix, folderPath, fileName, format.extension());
    }

    /** The constraints {@link ExportRequest} declares, then the rules that need defaults, parsing or several fields. */
    public static ExportSettings validate(ExportRequest r, Instant now, Validator validator) {
        if (r == null) {
            throw ProblemException.badRequest("INVALID_BODY", "An export body is required.");
        }
        List<Problem.Violation> v = new ArrayList<>(Problem.Violation.allOf(validator.validate(r)));
        if (r.name() != null && r.name().length() <= ExportRequest.MAX_NAME) {
            clean("name", r.name(), v);
        }
        clean("folderPath", r.folderPath(), v);
        clean("fileName", r.fileName(), v);
        UUID connectionId = null;
        try {
            connectionId = UUID.fromString(String.valueOf(r.connectionId()));
        } catch (IllegalArgumentException e) {
            v.add(new Problem.Violation("connectionId", "must be a connection id (a UUID)"));
        }
        Selection selection = selection(r.select(), v);
        String format = r.format() == null ? ExportFormat.CSV : r.format().toLowerCase(Locale.ROOT);
        if (!ExportFormat.FORMATS.contains(format)) {
            v.add(new Problem.Violation("format", "must be one of " + ExportFormat.FORMATS));
        }
        List<String> compressions = ExportFormat.compressions(format);
        String compression = r.compression() == null ? compressions.get(0) : r.compression().toLowerCase(Locale.ROOT);
        if (!compressions.contains(compression)) {
            v.add(new Problem.Violation("compression", "must be one of " + compressions + " for " + format));
        }
        ExportRequest.Csv csvRequest = r.csv();
        ExportFormat.Csv csv = csv(format, csvRequest, v);
        String folder = r.folderPath() == null ? DEFAULT_FOLDER : r.folderPath().replaceAll("^/+|/+$", "");
        String file = r.fileName() == null ? DEFAULT_FILE_NAME : r.fileName();
        NameTemplate folderPath = template("folderPath", folder, true, v);
        NameTemplate fileName = template("fileName", file, false, v);
        Encryption encryption = Encryption.NONE;
        try {
            encryption = Encryption.fromRequest(r.serverSideEncryption());
        } catch (IllegalArgumentException e) {
            v.add(new Problem.Violation("serverSideEncryption", e.getMessage()));
        }
        Schedule schedule = schedule(r.schedule(), now, v);
        ExportFormat exportFormat = new ExportFormat(format, csv, compression);
        if (folderPath != null && fileName != null && v.isEmpty()) {
            // macros can only be checked resolved: a %CUSTOM_TEXT(..)% folder would leave the connection's folder
            try {
                new ExportKeys("", folderPath, fileName, exportFormat.extension()).fileKey(
                        new NameTemplate.Values("connection", "c", r.name(), "e", "org", "sandbox", "run", now), 1);
            } catch (NameTemplate.InvalidTemplate e) {
                v.add(new Problem.Violation(e.getMessage().startsWith("fileName") ? "fileName" : "folderPath", e.getMessage()));
            }
        }
        if (!v.isEmpty()) {
            throw new ProblemException(Problem.withViolations("The export is not valid.", v));
        }
        boolean manifest = Boolean.TRUE.equals(r.manifest());
        ExportRequest normalized = new ExportRequest(r.name(), connectionId.toString(), r.select(), format,
                csvRequest, compression, folder, file, r.maxRowsPerFile(), manifest, encryption.toRequest(), schedule == null ? null
                        : new ExportRequest.ScheduleRequest(schedule.frequency().name(), schedule.startTime().toString(),
                                schedule.endTime() == null ? null : schedule.endTime().toString(), schedule.mode().name()));
        return new ExportSettings(normalized, connectionId, selection, exportFormat, folderPath, fileName,
                r.maxRowsPerFile(), manifest, encryption, schedule);
    }

    private static Selection selection(ExportRequest.Select select, List<Problem.Violation> v) {
        if (select == null || select.fields() == null || select.fields().isEmpty()) {
            v.add(new Problem.Violation("select.fields", "must name at least one field (id, type, time, userId, sequence or properties.<path>)"));
            return null;
        }
        List<String> types = EventTypes.validate("select.eventTypes", select.eventTypes(), v);
        List<Selection.Field> fields = new ArrayList<>();
        for (String name : select.fields()) {
            Selection.Field field = name == null || CleanText.problem(name, 1024).isPresent() ? null : Selection.Field.parse(name);
            if (field == null) {
                v.add(new Problem.Violation("select.fields", "\"" + name + "\" is not id, type, time, userId, sequence or properties.<path>"));
            } else {
                fields.add(field);
            }
        }
        if (new HashSet<>(select.fields()).size() != select.fields().size() || select.fields().size() > MAX_FIELDS) {
            v.add(new Problem.Violation("select.fields", "must not repeat a field; at most " + MAX_FIELDS + " fields"));
        }
        List<Selection.Condition> where = new ArrayList<>();
        List<ExportRequest.Where> conditions = select.where() == null ? List.of() : select.where();
        for (int i = 0; i < conditions.size(); i++) {
            Selection.Condition condition = condition(conditions.get(i), "select.where[" + i + "]", v);
            if (condition != null) {
                where.add(condition);
            }
        }
        return new Selection(types, fields, where);
    }

    private static Selection.Condition condition(ExportRequest.Where w, String at, List<Problem.Violation> v) {
        Selection.Field field = w == null || w.field() == null || CleanText.problem(w.field(), 1024).isPresent() ? null
                : Selection.Field.parse(w.field());
        if (field == null || field.column() == Selection.Field.Column.TIME || field.column() == Selection.Field.Column.SEQUENCE) {
            v.add(new Problem.Violation(at + ".field", "must be id, type, userId or properties.<path>"));
            return null;
        }
        String op = w.op() == null ? "" : w.op().toLowerCase(Locale.ROOT);
        JsonNode value = w.value();
        switch (op) {
            case "eq", "ne" -> {
                if (value == null || !value.isValueNode() || value.isNull()) {
                    v.add(new Problem.Violation(at + ".value", "must be a string, number or boolean for " + op));
                    return null;
                }
                return clean(at + ".value", value.asText(), v) ? new Selection.Condition(field, op, List.of(value.asText()), false) : null;
            }
            case "in" -> {
                if (value == null || !value.isArray() || value.isEmpty()) {
                    v.add(new Problem.Violation(at + ".value", "must be a non-empty array for in"));
                    return null;
                }
                List<String> values = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isValueNode() || item.isNull()) {
                        v.add(new Problem.Violation(at + ".value", "must hold strings, numbers or booleans"));
                        return null;
                    }
                    if (!clean(at + ".value", item.asText(), v)) {
                        return null;
                    }
                    values.add(item.asText());
                }
                return new Selection.Condition(field, op, values, false);
            }
            case "exists" -> {
                if (value != null && !value.isNull() && !value.isBoolean()) {
                    v.add(new Problem.Violation(at + ".value", "must be true, false or omitted for exists"));
                    return null;
                }
                return new Selection.Condition(field, op, List.of(), value == null || value.isNull() || value.asBoolean());
            }
            default -> {
                v.add(new Problem.Violation(at + ".op", "must be one of " + OPS));
                return null;
            }
        }
    }

    private static ExportFormat.Csv csv(String format, ExportRequest.Csv r, List<Problem.Violation> v) {
        ExportFormat.Csv defaults = ExportFormat.TSV.equals(format) ? ExportFormat.Csv.TSV_DEFAULTS : ExportFormat.Csv.CSV_DEFAULTS;
        if (r == null) {
            return defaults;
        }
        if (!ExportFormat.CSV.equals(format) && !ExportFormat.TSV.equals(format)) {
            v.add(new Problem.Violation("csv", "applies to csv and tsv only"));
            return defaults;
        }
        char delimiter = character("csv.delimiter", r.delimiter(), defaults.delimiter(), v);
        char quote = character("csv.quote", r.quote(), defaults.quote(), v);
        if (delimiter == quote) {
            v.add(new Problem.Violation("csv.quote", "must differ from the delimiter"));
        }
        String nullValue = r.nullValue() == null ? defaults.nullValue() : r.nullValue();
        clean("csv.nullValue", nullValue, v);
        // written as it is (never quoted), so it must not look like a delimiter, a quote or the end of a row
        if (nullValue.indexOf(delimiter) >= 0 || nullValue.indexOf(quote) >= 0 || nullValue.contains("\n") || nullValue.contains("\r")
                || nullValue.length() > 64) {
            v.add(new Problem.Violation("csv.nullValue", "must not hold the delimiter, the quote or a line break; at most 64 characters"));
        }
        return new ExportFormat.Csv(delimiter, quote, r.header() == null || r.header(), nullValue,
                r.escapeFormulas() == null || r.escapeFormulas());
    }

    /** Whether the value is clean text; a violation naming the field otherwise. */
    private static boolean clean(String field, String value, List<Problem.Violation> v) {
        var problem = CleanText.problem(value, 4096);
        problem.ifPresent(message -> v.add(new Problem.Violation(field, message)));
        return problem.isEmpty();
    }

    private static char character(String field, String value, char fallback, List<Problem.Violation> v) {
        if (value == null) {
            return fallback;
        }
        if (value.length() != 1 || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            v.add(new Problem.Violation(field, "must be one character, not a line break"));
            return fallback;
        }
        return value.charAt(0);
    }

    private static NameTemplate template(String field, String template, boolean folders, List<Problem.Violation> v) {
        if (template.isEmpty() && !folders || template.length() > 512) {
            v.add(new Problem.Violation(field, "must be 1 to 512 characters"));
            return null;
        }
        try {
            return NameTemplate.parse(template, folders);
        } catch (NameTemplate.InvalidTemplate e) {
            v.add(new Problem.Violation(field, e.getMessage()));
            return null;
        }
    }

    /** No schedule: the export runs only when asked ({@code POST /exports/{id}/runs}), each run a full one. */
    private static Schedule schedule(ExportRequest.ScheduleRequest r, Instant now, List<Problem.Violation> v) {
        if (r == null) {
            return null;
        }
        Schedule.Frequency frequency = Schedule.Frequency.ONCE;
        Schedule.Mode mode = Schedule.Mode.FULL;
        try {
            if (r.frequency() != null) {
                frequency = Schedule.Frequency.valueOf(r.frequency().toUpperCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            v.add(new Problem.Violation("schedule.frequency", "must be one of " + List.of(Schedule.Frequency.values())));
        }
        try {
            if (r.mode() != null) {
                mode = Schedule.Mode.valueOf(r.mode().toUpperCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            v.add(new Problem.Violation("schedule.mode", "must be one of " + List.of(Schedule.Mode.values())));
        }
        Instant start = instant("schedule.startTime", r.startTime(), v);
        Instant end = instant("schedule.endTime", r.endTime(), v);
        start = start == null ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : start;
        if (end != null && !end.isAfter(start)) {
            v.add(new Problem.Violation("schedule.endTime", "must be after startTime"));
        }
        return new Schedule(frequency, start, end, mode);
    }

    private static Instant instant(String field, String value, List<Problem.Violation> v) {
        if (value == null) {
            return null;
        }
        try {
            Instant time = Instant.parse(value);
            if (time.isBefore(FIRST_TIME) || time.isAfter(LAST_TIME)) {
                v.add(new Problem.Violation(field, "must be between the years 2000 and 9999"));
                return null;
            }
            return time;
        } catch (DateTimeParseException e) {
            v.add(new Problem.Violation(field, "must be an ISO-8601 UTC time such as 2026-11-23T06:00:00Z"));
            return null;
        }
    }
}
