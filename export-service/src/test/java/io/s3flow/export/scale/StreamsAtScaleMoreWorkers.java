package io.s3flow.export.scale;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.s3flow.export.ConnectionStack;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** As shipped, with 12 delivery workers instead of 4. */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@TestProfile(StreamsAtScaleMoreWorkers.Settings.class)
@EnabledIfSystemProperty(named = StreamsAtScale.STREAMS, matches = "\\d+")
class StreamsAtScaleMoreWorkers extends StreamsAtScale {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("s3flow.delivery.workers", "12");
        }
    }

    @Override
    String variant() {
        return "after, 12 workers";
    }
}
