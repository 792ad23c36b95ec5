package io.s3flow.export.event;

import io.s3flow.common.problem.Problem;
import java.util.List;

/** What an event type may be: it names a folder of delivered files, so nothing that could escape one. */
public final class EventTypes {

    private static final int MAX_LENGTH = 200;

    private EventTypes() {
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,199}}, checked by hand: every event of a request is checked, and the
     * regular expression's character classes cost ingestion several percent of its CPU.
     */
    public static boolean valid(String type) {
        if (type == null || type.isEmpty() || type.length() > MAX_LENGTH || !letterOrDigit(type.charAt(0))) {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!letterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** A stream's or export's {@code eventTypes}: null (every type) or valid types, without repeats. */
    public static List<String> validate(String field, List<String> types, List<Problem.Violation> violations) {
        if (types == null) {
            return null;
        }
        if (types.isEmpty() || !types.stream().allMatch(EventTypes::valid)) {
            violations.add(new Problem.Violation(field, "must be omitted (every type) or event types such as users.messages.email.Send"));
        }
        return types.stream().distinct().toList();
    }
}
