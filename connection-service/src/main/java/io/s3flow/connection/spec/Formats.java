package io.s3flow.connection.spec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The parameter formats of the S3 spec, following AWS's own rules for bucket names, keys and ARNs. */
public final class Formats {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private Formats() {
    }

    /** A format defined by a pattern and length bounds, with one message for any failure. */
    public static ParamFormat pattern(String regex, int minLength, int maxLength, String message) {
        Pattern compiled = Pattern.compile(regex);
        return new ParamFormat() {
            @Override
            public Map<String, Object> schemaKeywords() {
                Map<String, Object> keywords = new LinkedHashMap<>();
                keywords.put("pattern", regex);
                keywords.put("minLength", minLength);
                keywords.put("maxLength", maxLength);
                return keywords;
            }

            @Override
            public Optional<String> check(String value) {
                boolean ok = value.length() >= minLength && value.length() <= maxLength && compiled.matcher(value).matches();
                return ok ? Optional.empty() : Optional.of(message);
            }
        };
    }

    /** Bucket naming rules of S3: 3–63 lowercase letters, digits and hyphens, alphanumeric at both ends, not an IP. */
    public static final ParamFormat BUCKET_NAME = new ParamFormat() {
        private final ParamFormat shape = pattern("^[a-z0-9][a-z0-9-]*[a-z0-9]$", 3, 63,
                "must be 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit");

        @Override
        public Map<String, Object> schemaKeywords() {
            return shape.schemaKeywords();
        }

        @Override
        public Optional<String> check(String value) {
            Optional<String> problem = shape.check(value);
            if (problem.isPresent()) {
                return problem;
            }
            return IPV4.matcher(value).matches() ? Optional.of("must not be formatted as an IP address") : Optional.empty();
        }
    };

    public static final ParamFormat ACCESS_KEY_ID = pattern("^[A-Z0-9]{20}$", 20, 20,
            "must be 20 upper-case letters and digits (AKIA... long-term, ASIA... temporary)");

    public static final ParamFormat SECRET_ACCESS_KEY = pattern("^\\S{40}$", 40, 40, "must be 40 characters");

    public static final ParamFormat SESSION_TOKEN = pattern("^\\S+$", 1, 8192, "must be a non-empty token without spaces");

    /** A region name: an AWS region, or whatever an S3-compatible server signs for; a host label, never a host. */
    public static final ParamFormat REGION = pattern("^[a-z0-9]+(-[a-z0-9]+)*$", 1, 32,
            "must be a region name such as eu-west-1 (lowercase letters, digits and single hyphens)");

    public static final ParamFormat ROLE_ARN = pattern("^arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$", 20, 2048,
            "must be arn:aws:iam::<12-digit account>:role/<path/name>");

    /** A folder inside the bucket: no {@code ..} segment, no leading {@code //}, no control characters, at most 1024 bytes. */
    public static final ParamFormat FOLDER_PATH = new ParamFormat() {
        @Override
        public Map<String, Object> schemaKeywords() {
            return Map.of("maxLength", 1024, "pattern", "^(?!//)(?!.*(^|/)\\.\\.(/|$))[^\\x00-\\x1f\\x7f]*$");
        }

        @Override
        public Optional<String> check(String value) {
            if (value.getBytes(StandardCharsets.UTF_8).length > 1024) {
                return Optional.of("must be at most 1024 bytes");
            }
            if (value.startsWith("//")) {
                return Optional.of("must not start with //");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return Optional.of("must not contain control characters");
            }
            for (String segment : value.split("/")) {
                if (segment.equals("..")) {
                    return Optional.of("must not contain a .. segment");
                }
            }
            return Optional.empty();
        }
    };
}
