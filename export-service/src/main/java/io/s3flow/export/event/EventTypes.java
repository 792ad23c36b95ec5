package io.s3flow.export.event;

import io.s3flow.common.problem.Problem;
import java.util.List;
import java.util.regex.Pattern;

/** What an event type may be: it names a folder of delivered files, so nothing that could escape one. */
public final class EventTypes {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,199}");

    private EventTypes() {
    }

    public static boolean valid(String type) {
        return type != null && TYPE.matcher(type).matches();
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
