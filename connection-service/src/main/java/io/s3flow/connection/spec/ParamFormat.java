package io.s3flow.connection.spec;

import java.util.Map;
import java.util.Optional;

/** The rule a parameter's value must follow; {@link #check} answers the violation message, if any. */
public interface ParamFormat {

    /** JSON Schema keywords describing the rule (pattern, lengths, format). */
    Map<String, Object> schemaKeywords();

    Optional<String> check(String value);
}
