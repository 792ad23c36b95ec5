package io.s3flow.export.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.text.CleanText;
import io.s3flow.export.event.EventTypes;
import io.s3flow.export.format.FileFormat;
import io.s3flow.common.aws.Encryption;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A stream's settings, validated: every problem of a request is reported at once, by field: the constraints
 * {@link StreamRequest} declares, then the rules that need defaults or several fields.
 */
public record StreamSettings(String name, UUID connectionId, String folderPath, String format, String compression,
        List<String> eventTypes, int maxEvents, long maxBytes, int maxSeconds, String sseAlgorithm, String sseKmsKeyId) {

    static final String DEFAULT_FOLDER = "currents";
    static final int DEFAULT_MAX_EVENTS = 15_000;
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    static final int DEFAULT_MAX_SECONDS = 60;
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9!_.*'()\\-]+(/[A-Za-z0-9!_.*'()\\-]+)*");

    public static StreamSettings validate(StreamRequest request, Validator validator) {
        if (request == null) {
            throw ProblemException.badRequest("INVALID_BODY", "A stream body is required.");
        }
        List<Problem.Violation> violations = new ArrayList<>(Problem.Violation.allOf(validator.validate(request)));
        String name = request.name();
        if (name != null && name.length() <= StreamRequest.MAX_NAME) {
            CleanText.problem(name, StreamRequest.MAX_NAME).ifPresent(message -> violations.add(new Problem.Violation("name", message)));
        }
        UUID connectionId = null;
        try {
            connectionId = UUID.fromString(String.valueOf(request.connectionId()));
        } catch (IllegalArgumentException e) {
            violations.add(new Problem.Violation("connectionId", "must be a connection id (a UUID)"));
        }
        String folder = request.folderPath() == null ? DEFAULT_FOLDER : request.folderPath().replaceAll("^/+|/+$", "");
        if (!FOLDER.matcher(folder).matches() || folder.contains("..") || folder.length() > 512) {
            violations.add(new Problem.Violation("folderPath", "must be folder names of letters, digits and !_.*'()- separated by '/'"));
        }
        String format = request.format() == null ? FileFormat.AVRO : request.format();
        String compression = request.compression();
        List<String> compressions = FileFormat.COMPRESSIONS.get(format);
        if (compressions == null) {
            violations.add(new Problem.Violation("format", "must be avro, jsonl or parquet"));
        } else if (compression == null) {
            compression = compressions.get(0);
        } else if (!compressions.contains(compression)) {
            violations.add(new Problem.Violation("compression", "must be one of " + compressions + " for " + format));
        }
        List<String> types = EventTypes.validate("eventTypes", request.eventTypes(), violations);
        StreamRequest.Flush flush = request.flush() == null ? new StreamRequest.Flush(null, null, null) : request.flush();
        int maxEvents = orDefault(flush.maxEvents(), DEFAULT_MAX_EVENTS);
        long maxBytes = flush.maxBytes() == null ? DEFAULT_MAX_BYTES : flush.maxBytes();
        int maxSeconds = orDefault(flush.maxSeconds(), DEFAULT_MAX_SECONDS);
        String[] sse = encryption(request.serverSideEncryption(), violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.withViolations("The stream is not valid.", violations));
        }
        return new StreamSettings(name, connectionId, folder, format, compression, types, maxEvents, maxBytes, maxSeconds,
                sse[0], sse[1]);
    }

    /** {@code null}, {@code "AES256"} or {@code {"kms": "<key id>"}} → [algorithm, kms key id]. */
    private static String[] encryption(JsonNode sse, List<Problem.Violation> violations) {
        try {
            Encryption encryption = Encryption.fromRequest(sse);
            return new String[] {encryption.algorithm() == null ? null : encryption.algorithm().toString(), encryption.kmsKeyId()};
        } catch (IllegalArgumentException e) {
            violations.add(new Problem.Violation("serverSideEncryption", e.getMessage()));
            return new String[] {null, null};
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
