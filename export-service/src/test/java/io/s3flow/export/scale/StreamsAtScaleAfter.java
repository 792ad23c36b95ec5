package io.s3flow.export.scale;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.export.ConnectionStack;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The settings as shipped. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@EnabledIfSystemProperty(named = StreamsAtScale.STREAMS, matches = "\\d+")
class StreamsAtScaleAfter extends StreamsAtScale {

    @Override
    String variant() {
        return "as shipped (p25f: release until due, claim returns settings)";
    }
}
