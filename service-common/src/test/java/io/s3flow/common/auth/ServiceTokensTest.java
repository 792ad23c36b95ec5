package io.s3flow.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.tenant.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service tokens are signed once per tenant and called service and reused, never across tenants, until near expiry. */
class ServiceTokensTest {

    private static final Tenant A = new Tenant("org-a", "prod");
    private static final Tenant B = new Tenant("org-b", "prod");
    private static final Tenant A_DEV = new Tenant("org-a", "dev");

    private final MovingClock clock = new MovingClock();
    private final ServiceTokens tokens = new ServiceTokens(config(Duration.ofMinutes(2), Duration.ofSeconds(45)), clock);

    @BeforeAll
    static void signingKey() {
        System.setProperty("smallrye.jwt.sign.key.location", "test-keys/service-private.pem");
    }

    @Test
    void aTokenIsReusedForItsTenantAndNeverHandedToAnother() throws Exception {
        String forA = tokens.mint(A, "connection-service");
        assertEquals(forA, tokens.mint(A, "connection-service"), "reused for the same tenant and service");

        String forB = tokens.mint(B, "connection-service");
        String forADev = tokens.mint(A_DEV, "connection-service");
        String forAOtherService = tokens.mint(A, "credential-service");
        assertEquals(List.of("org-a", "org-b", "org-a", "org-a"),
                List.of(org(forA), org(forB), org(forADev), org(forAOtherService)));
        assertEquals(List.of("prod", "prod", "dev", "prod"),
                List.of(sandbox(forA), sandbox(forB), sandbox(forADev), sandbox(forAOtherService)));
        assertEquals("credential-service", claims(forAOtherService).path("aud").asText());
        // and asking for A again after the others still gives A's
        assertEquals(forA, tokens.mint(A, "connection-service"));
        assertEquals(forB, tokens.mint(B, "connection-service"));
    }

    @Test
    void aTokenNearItsExpiryIsReplacedByAFreshOne() throws Exception {
        String first = tokens.mint(A, "connection-service");
        clock.advance(Duration.ofSeconds(74));
        assertEquals(first, tokens.mint(A, "connection-service"), "46 s left: still reused");
        clock.advance(Duration.ofSeconds(1));
        String second = tokens.mint(A, "connection-service");
        assertNotEquals(first, second, "45 s left: minted anew");
        assertEquals("org-a", org(second));
        long lifetime = claims(second).path("exp").asLong() - claims(second).path("iat").asLong();
        assertEquals(120, lifetime);
    }

    @Test
    void renewingBeforeTheWholeLifetimeMintsForEveryCall() throws Exception {
        ServiceTokens everyCall = new ServiceTokens(config(Duration.ofMinutes(2), Duration.ofMinutes(2)), clock);
        String first = everyCall.mint(A, "connection-service");
        assertNotEquals(first, everyCall.mint(A, "connection-service"));
    }

    private static String org(String token) throws Exception {
        return claims(token).path("org").asText();
    }

    private static String sandbox(String token) throws Exception {
        JsonNode sandboxes = claims(token).path("sandboxes");
        assertEquals(1, sandboxes.size(), "one sandbox per token: " + sandboxes);
        return sandboxes.get(0).asText();
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static ServiceTokenConfig config(Duration ttl, Duration renewBefore) {
        return new ServiceTokenConfig() {
            public String issuer() {
                return "s3flow-service";
            }

            public String subject() {
                return "export-service";
            }

            public Duration ttl() {
                return ttl;
            }

            public Duration renewBefore() {
                return renewBefore;
            }

            public Duration maxLifetime() {
                return Duration.ofMinutes(5);
            }

            public String keyId() {
                return "service";
            }

            public Optional<String> verifyKeyLocation() {
                return Optional.empty();
            }
        };
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T06:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        public Instant instant() {
            return now;
        }

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
