package io.s3flow.common.problem;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * No s3flow document is deeper than a few levels: a body nested deeper than {@link #MAX_NESTING_DEPTH} is a 400
 * before anything walks it (Jackson's default allows 1,000 levels; a hostile body would make every recursive reader
 * work that deep). The REST layer's mapper and every parser made from its factory (the event parser) share the limit.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    public static final int MAX_NESTING_DEPTH = 64;
    public static final String TOO_DEEP = "JSON_TOO_DEEP";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(constraints());
    }

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    }
}
