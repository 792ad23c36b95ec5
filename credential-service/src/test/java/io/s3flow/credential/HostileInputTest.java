package io.s3flow.credential;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.common.testing.HostileRequests;
import io.s3flow.common.testing.HostileRequests.Endpoint;
import io.s3flow.common.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Every endpoint of credential-service, as a hostile caller would try it: never a 5xx, every error a problem with a code. */
@QuarkusTest
class HostileInputTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithA4xxProblem() {
        String token = TestTokens.service("connection-service", "credential-service", TestTokens.ORG, TestTokens.SANDBOX);
        HostileRequests hostile = new HostileRequests(TestTokens.ORG, TestTokens.SANDBOX, 1024 * 1024);
        hostile.probe(Endpoint.of("POST", "/credentials/resolve", """
                {"auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIAIOSFODNN7EXAMPLE", "s3SecretKey": "secret"}},
                 "scope": {"bucket": "b", "prefix": "p/", "access": "read"}, "connectionId": "c-1"}""", token));
        hostile.probe(Endpoint.of("GET", "/credentials/platform-identity", null, token));
        hostile.probe(Endpoint.of("GET", "/credentials/external-id", null, token));
        System.out.println("[hostile] credential-service: " + hostile.requests() + " requests");
        hostile.assertAllAnsweredWell();
    }
}
