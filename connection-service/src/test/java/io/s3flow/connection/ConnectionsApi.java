package io.s3flow.connection;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Calls to the connections API as a client of one tenant; each test class takes a sandbox of its own. */
final class ConnectionsApi {

    static final String S3_SPEC = "ecadc60c-7455-4d87-84dc-2a0e293d997b";
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String TEMP_ACCESS_KEY = "ASIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SESSION_TOKEN = "FwoGZXIvYXdzEJr//////////wEaDSessionTokenSecretPart42";

    final String org;
    final String sandbox;

    ConnectionsApi(String sandbox) {
        this(TestTokens.ORG, sandbox);
    }

    ConnectionsApi(String org, String sandbox) {
        this.org = org;
        this.sandbox = sandbox;
    }

    static ConnectionsApi freshSandbox() {
        return new ConnectionsApi("sbx-" + UUID.randomUUID().toString().substring(0, 8));
    }

    RequestSpecification request() {
        return given().auth().oauth2(TestTokens.user(org, TestTokens.ALL_USER_GROUPS))
                .header(TenantHeaders.ORG, org).header(TenantHeaders.SANDBOX, sandbox);
    }

    Response create(Object body) {
        return request().contentType(ContentType.JSON).body(body).when().post("/connections");
    }

    String createId(String name) {
        return create(accessKeyBody(name, Map.of("bucketName", "my-bucket"))).then().statusCode(201).extract().path("id");
    }

    Response get(String id) {
        return request().when().get("/connections/" + id);
    }

    Response patch(String id, String ifMatch, Object body) {
        RequestSpecification r = request().contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            r = r.header("If-Match", ifMatch);
        }
        return r.when().patch("/connections/" + id);
    }

    String etag(String id) {
        return get(id).then().statusCode(200).extract().path("items[0].etag");
    }

    /** An S3 client of the test moto (open: any keys work), for putting buckets and files in place. */
    static S3Client moto(String motoUrl) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(motoUrl)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    static Map<String, Object> accessKeyBody(String name, Map<String, String> extraParams) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("s3AccessKey", ACCESS_KEY, "s3SecretKey", SECRET_KEY));
        params.putAll(extraParams);
        return body(name, "Access Key", params);
    }

    static Map<String, Object> body(String name, String specName, Map<String, ?> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("auth", Map.of("specName", specName, "params", params));
        body.put("connectionSpec", Map.of("id", S3_SPEC, "version", "1.0"));
        return body;
    }

    /** A request body of the Flow Service tutorial, its placeholders filled in. */
    static String fixture(String name, Map<String, String> placeholders) {
        try (InputStream in = ConnectionsApi.class.getResourceAsStream("/flowservice/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : placeholders.entrySet()) {
                text = text.replace("{" + e.getKey() + "}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
