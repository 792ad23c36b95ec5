package io.s3flow.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.tenant.TenantHeaders;
import java.util.HashSet;
import java.util.Set;

/**
 * The authentication and tenancy rules every protected endpoint of every service obeys, checked against one
 * endpoint: what a caller sees for no token, a bad token, a missing group, a foreign org or sandbox and missing
 * headers; and for internal endpoints, which service tokens they take.
 */
public final class AuthContract {

    private AuthContract() {
    }

    /** Checks a GET endpoint that needs {@code group}; {@code okStatus} is what a correct call answers. */
    public static void checkGet(String path, String group, int okStatus) {
        Set<String> groups = Set.of(group);
        unauthenticated(tenant(given()).when().get(path).then()).header("WWW-Authenticate", startsWith("Bearer"));
        for (String bad : new String[] {TestTokens.expired(groups), TestTokens.wrongIssuer(groups), TestTokens.wrongAudience(groups),
                TestTokens.longLived(groups), TestTokens.issuedInTheFuture(groups), TestTokens.foreignKey(groups), TestTokens.tampered(groups),
                TestTokens.serviceKeyAsUser(groups), "not-a-jwt"}) {
            unauthenticated(tenant(given()).auth().oauth2(bad).when().get(path).then());
        }
        Set<String> otherGroups = new HashSet<>(TestTokens.ALL_USER_GROUPS);
        otherGroups.remove(group);
        otherGroups.add("service-lookalike");
        forbidden(tenant(given()).auth().oauth2(TestTokens.user(otherGroups)).when().get(path).then())
                .body("detail", containsString(group));
        tenant(given()).auth().oauth2(TestTokens.user("another-org", groups)).when().get(path)
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("ORG_MISMATCH"));
        tenant(given()).auth().oauth2(TestTokens.userInSandboxes(TestTokens.ORG, groups, "dev", "stage")).when().get(path)
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("SANDBOX_FORBIDDEN"));
        given().auth().oauth2(TestTokens.user(groups)).header(TenantHeaders.ORG, TestTokens.ORG).when().get(path)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400)).body("errorCode", equalTo("TENANT_HEADERS_MISSING"));
        given().auth().oauth2(TestTokens.user(groups)).header(TenantHeaders.SANDBOX, TestTokens.SANDBOX).when().get(path)
                .then().statusCode(400);
        for (String token : new String[] {TestTokens.user(groups),
                TestTokens.userInSandboxes(TestTokens.ORG, groups, "dev", TestTokens.SANDBOX),
                TestTokens.userInSandboxes(TestTokens.ORG, groups, "*")}) {
            int status = tenant(given()).auth().oauth2(token).when().get(path).then().extract().statusCode();
            assertTrue(status == okStatus, "a correct call to " + path + " answered " + status + ", expected " + okStatus);
        }
    }

    /** {@link #checkServiceCall} for a GET endpoint. */
    public static void checkServiceGet(String path, String caller, String audience, int okStatus) {
        checkServiceCall("GET", path, caller, audience, okStatus);
    }

    /**
     * Checks an internal endpoint that serves {@code caller} (a service name) when it is {@code audience}: users'
     * tokens, whatever groups they claim, other callers, other audiences and forged service tokens are refused.
     */
    public static void checkServiceCall(String method, String path, String caller, String audience, int okStatus) {
        unauthenticated(tenant(given()).when().request(method, path).then());
        for (String bad : new String[] {TestTokens.service(caller, "another-service", TestTokens.ORG, TestTokens.SANDBOX),
                TestTokens.userKeyAsService(caller, audience, TestTokens.ORG, "service"),
                TestTokens.userKeyAsService(caller, audience, TestTokens.ORG, "user"),
                TestTokens.longLivedService(caller, audience, TestTokens.ORG),
                TestTokens.serviceIssuedInTheFuture(caller, audience, TestTokens.ORG)}) {
            unauthenticated(tenant(given()).auth().oauth2(bad).when().request(method, path).then());
        }
        for (String userToken : new String[] {TestTokens.user(TestTokens.ALL_USER_GROUPS), TestTokens.userKeyClaimingService(TestTokens.ORG),
                TestTokens.service("some-other-service", audience, TestTokens.ORG, TestTokens.SANDBOX)}) {
            forbidden(tenant(given()).auth().oauth2(userToken).when().request(method, path).then())
                    .body("detail", containsString("service:" + caller));
        }
        tenant(given()).auth().oauth2(TestTokens.service(caller, audience, "another-org", TestTokens.SANDBOX)).when().request(method, path)
                .then().statusCode(403).body("errorCode", equalTo("ORG_MISMATCH"));
        tenant(given()).auth().oauth2(TestTokens.service(caller, audience, TestTokens.ORG, "another-sandbox")).when().request(method, path)
                .then().statusCode(403).body("errorCode", equalTo("SANDBOX_FORBIDDEN"));
        int status = tenant(given()).auth().oauth2(TestTokens.service(caller, audience, TestTokens.ORG, TestTokens.SANDBOX))
                .when().request(method, path).then().extract().statusCode();
        assertTrue(status == okStatus, "a correct call to " + path + " answered " + status + ", expected " + okStatus);
    }

    public static RequestSpecification tenant(RequestSpecification request) {
        return request.header(TenantHeaders.ORG, TestTokens.ORG).header(TenantHeaders.SANDBOX, TestTokens.SANDBOX);
    }

    private static ValidatableResponse unauthenticated(ValidatableResponse response) {
        return response.statusCode(401).contentType(startsWith("application/problem+json"))
                .body("errorCode", equalTo("UNAUTHENTICATED")).header("WWW-Authenticate", startsWith("Bearer"));
    }

    private static ValidatableResponse forbidden(ValidatableResponse response) {
        return response.statusCode(403).contentType(startsWith("application/problem+json")).body("errorCode", equalTo("FORBIDDEN"));
    }
}
