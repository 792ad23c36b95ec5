package io.s3flow.export.scale;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.s3flow.export.ConnectionStack;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The baseline, as main behaved: an etag check at connection-service for every batch, each with a service token signed
 * for it, and a claim per stream.
 */
@QuarkusTest
@QuarkusTestResource(ConnectionStack.class)
@TestProfile(StreamsAtScaleBefore.Settings.class)
@EnabledIfSystemProperty(named = StreamsAtScale.STREAMS, matches = "\\d+")
class StreamsAtScaleBefore extends StreamsAtScale {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("s3flow.connection-checks.every", "PT0S", "s3flow.service-token.renew-before", "PT2M",
                    "s3flow.delivery.claim-batch", "1");
        }
    }

    @Override
    String variant() {
        return "before: etag check + token per batch, claim per stream";
    }
}
