package io.s3flow.credential.resolve;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.s3flow.common.testing.AuthContract;
import io.s3flow.common.testing.TestTokens;
import io.s3flow.credential.StsMoto;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@QuarkusTest
@QuarkusTestResource(StsMoto.class)
class ResolveTest {

    private static Response resolve(String org, Map<String, Object> auth, Map<String, Object> scope) {
        return asService(org).contentType(ContentType.JSON)
                .body(Map.of("auth", auth, "scope", scope, "connectionId", "conn-1")).when().post("/credentials/resolve");
    }

    private static io.restassured.specification.RequestSpecification asService(String org) {
        return io.restassured.RestAssured.given().auth().oauth2(TestTokens.service(org))
                .header("x-gw-ims-org-id", org).header("x-sandbox-name", TestTokens.SANDBOX);
    }

    private static Map<String, Object> roleArn(String arn) {
        return Map.of("specName", "Role ARN", "params", Map.of("roleArn", arn, "bucketName", StsMoto.BUCKET));
    }

    private static Map<String, Object> scope(String prefix, String access) {
        return Map.of("bucket", StsMoto.BUCKET, "prefix", prefix, "access", access);
    }

    private static S3Client s3(Response credentials) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(StsMoto.moto.url())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.path("accessKeyId"),
                        credentials.path("secretAccessKey"), credentials.path("sessionToken")))).build();
    }

    private static List<JsonNode> assumptionsOf(String roleArn) {
        return StsMoto.moto.assumedRoles().stream().filter(r -> r.get("role_arn").asText().equals(roleArn)).toList();
    }

    @Test
    void accessKeysComeBackAsGiven() {
        resolve(TestTokens.ORG, Map.of("specName", "Access Key", "params", Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE",
                "s3SecretKey", "secret-secret")), scope("", "read")).then().statusCode(200)
                .body("accessKeyId", equalTo("AKIAIOSFODNN7EXAMPLE")).body("secretAccessKey", equalTo("secret-secret"))
                .body("sessionToken", nullValue()).body("source", equalTo("static"));
        resolve(TestTokens.ORG, Map.of("specName", "Access Key", "params", Map.of("s3AccessKey", "ASIAIOSFODNN7EXAMPLE",
                "s3SecretKey", "secret-secret", "s3SessionToken", "token")), scope("", "read")).then().statusCode(200)
                .body("sessionToken", equalTo("token")).body("source", equalTo("session"));
    }

    @Test
    void assumedRoleCredentialsWriteInsideTheConnectionsFolder() {
        Response creds = resolve("org-writer", roleArn(StsMoto.writerRole), scope("landing/", "write"));
        creds.then().statusCode(200).body("source", equalTo("assumed-role")).body("sessionToken", notNullValue())
                .body("expiration", notNullValue());
        try (S3Client s3 = s3(creds)) {
            s3.putObject(b -> b.bucket(StsMoto.BUCKET).key("landing/file.txt"), RequestBody.fromString("hello"));
            assertEquals("hello", s3.getObjectAsBytes(b -> b.bucket(StsMoto.BUCKET).key("landing/file.txt")).asUtf8String());
        }
    }

    @Test
    void sessionPolicyAndExternalIdSent_motoEnforcesNeitherSoTheRecordedCallIsChecked() throws Exception {
        resolve("org-policy", roleArn(StsMoto.writerRole), scope("exports/team-a/", "read")).then().statusCode(200);
        String externalId = asService("org-policy").when().get("/credentials/external-id").then().statusCode(200)
                .extract().path("externalId");
        JsonNode call = assumptionsOf(StsMoto.writerRole).stream()
                .filter(r -> r.get("external_id").asText().equals(externalId)).findFirst().orElseThrow();
        assertTrue(call.get("session_name").asText().startsWith("s3flow-org-policy-conn-1"), call.toString());
        String policy = call.get("policy").asText();
        assertTrue(policy.contains("arn:aws:s3:::customer-bucket/exports/team-a/*"), policy);
        assertFalse(policy.contains("s3:PutObject"), "a read scope must not allow writes: " + policy);
    }

    @Test
    void aRoleThePlatformMayNotAssumeIsDenied() {
        resolve(TestTokens.ORG, roleArn(StsMoto.foreignRole), scope("", "read")).then().statusCode(403)
                .body("errorCode", equalTo("ASSUME_ROLE_DENIED"));
    }

    @Test
    void fiftyConcurrentResolvesMakeOneStsCallAndRepeatsMakeNone() throws Exception {
        String org = "org-concurrent";
        int before = assumptionsOf(StsMoto.writerRole).size();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return resolve(org, roleArn(StsMoto.writerRole), scope("burst/", "write")).statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> answer : answers) {
            assertEquals(200, answer.get());
        }
        pool.shutdown();
        assertEquals(before + 1, assumptionsOf(StsMoto.writerRole).size(), "STS calls for 50 concurrent resolves");
        resolve(org, roleArn(StsMoto.writerRole), scope("burst/", "write")).then().statusCode(200);
        assertEquals(before + 1, assumptionsOf(StsMoto.writerRole).size(), "a resolve within the validity calls STS again");
    }

    @Test
    void noSecretInAnyLogLine() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        String secret;
        try {
            secret = resolve("org-logs", roleArn(StsMoto.writerRole), scope("logs/", "write")).then().statusCode(200)
                    .extract().path("secretAccessKey");
            resolve("org-logs", roleArn(StsMoto.foreignRole), scope("logs/", "write")).then().statusCode(403);
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("AssumeRole of")), "the denied call was not logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(secret), line);
        }
    }

    @Test
    void resolveAndExternalIdAreForServicesOnly() {
        AuthContract.checkServiceGet("/credentials/external-id", "connection-service", "credential-service", 200);
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.user(TestTokens.ALL_USER_GROUPS))
                .header("x-gw-ims-org-id", TestTokens.ORG).header("x-sandbox-name", TestTokens.SANDBOX)
                .contentType(ContentType.JSON).body("{}").when().post("/credentials/resolve").then().statusCode(403);
    }

    @Test
    void badRequestsAreClientErrors() {
        resolve(TestTokens.ORG, Map.of("specName", "Password", "params", Map.of()), scope("", "read")).then().statusCode(400);
        resolve(TestTokens.ORG, Map.of("specName", "Role ARN", "params", Map.of()), scope("", "read")).then().statusCode(400)
                .body("violations[0].field", equalTo("auth.params.roleArn"));
        resolve(TestTokens.ORG, roleArn(StsMoto.writerRole), Map.of("bucket", "b", "access", "delete")).then().statusCode(400);
    }
}
