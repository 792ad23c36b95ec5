package io.s3flow.common.text;

import java.util.Optional;

/**
 * The rule for text a client names things with (names, ids, headers, query values, paths): no control characters
 * (C0, DEL, C1) and no unpaired surrogate, which PostgreSQL, S3 keys and log lines cannot all hold; free text such
 * as a description may also hold tabs and line breaks.
 */
public final class CleanText {

    private CleanText() {
    }

    /** The problem with a one-line value, if any: {@code "must not contain control characters"} and so on. */
    public static Optional<String> problem(String value, int maxLength) {
        return problem(value, maxLength, false);
    }

    /** As {@link #problem(String, int)}, tabs and line breaks allowed. */
    public static Optional<String> problemInFreeText(String value, int maxLength) {
        return problem(value, maxLength, true);
    }

    private static Optional<String> problem(String value, int maxLength, boolean freeText) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return Optional.of("must not contain NUL characters");
            }
            if (isControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of("must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                return Optional.of("must not contain unpaired surrogates");
            }
        }
        return Optional.empty();
    }

    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }
}
