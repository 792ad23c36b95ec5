package io.s3flow.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import io.s3flow.common.tenant.TenantHeaders;
import java.util.HashSet;
import java.util.Set;

/**
 * The authentication and tenancy rules every protected endpoint of every service obeys, checked against one
 * endpoint: what a caller sees for no token, a bad token, a missing group, a foreign org and missing headers.
 */
public final class AuthContract {

    private AuthContract() {
    }

    /** Checks a GET endpoint that needs {@code group}; {@code okStatus} is what a correct call answers. */
    public static void checkGet(String path, String group, int okStatus) {
        Set<String> groups = Set.of(group);
        tenant(given()).when().get(path).then().statusCode(401);
        for (String bad : new String[] {TestTokens.expired(groups), TestTokens.wrongIssuer(groups),
                TestTokens.foreignKey(groups), TestTokens.tampered(groups), "not-a-jwt"}) {
            tenant(given()).auth().oauth2(bad).when().get(path).then().statusCode(401);
        }
        Set<String> otherGroups = new HashSet<>(TestTokens.ALL_USER_GROUPS);
        otherGroups.remove(group);
        otherGroups.add("service-lookalike");
        tenant(given()).auth().oauth2(TestTokens.user(otherGroups)).when().get(path).then().statusCode(403);
        tenant(given()).auth().oauth2(TestTokens.user("another-org", groups)).when().get(path)
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("ORG_MISMATCH"));
        given().auth().oauth2(TestTokens.user(groups)).header(TenantHeaders.ORG, TestTokens.ORG).when().get(path)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400)).body("errorCode", equalTo("TENANT_HEADERS_MISSING"));
        given().auth().oauth2(TestTokens.user(groups)).header(TenantHeaders.SANDBOX, TestTokens.SANDBOX).when().get(path)
                .then().statusCode(400);
        int status = tenant(given()).auth().oauth2(TestTokens.user(groups)).when().get(path).then().extract().statusCode();
        assertTrue(status == okStatus, "a correct call to " + path + " answered " + status + ", expected " + okStatus);
    }

    public static RequestSpecification tenant(RequestSpecification request) {
        return request.header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, TestTokens.SANDBOX);
    }
}
