package io.s3flow.k8s;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.s3flow.common.testing.ContractFilter;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.common.testing.TestProcess;
import io.s3flow.common.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway as a client meets it: nginx with the configuration {@code ./suite nginx-conf} renders, in front of the
 * three services run from their jars (the test PostgreSQL and moto). The client follows every link it is given
 * (Location, {@code _links.next}, {@code Link: rel="next"}), with and without Flow Service's prefix, and each
 * exchange is checked against the joined OpenAPI document the gateway serves at {@code /openapi.json} (made and linted
 * by {@code ./suite openapi}: Redocly's recommended rules, no error). Conditional GETs answer 304; the caller's
 * {@code x-request-id} comes back, is in problem bodies, and is in the log lines of every service the request passed.
 */
class GatewayFlowTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String FLOW_SERVICE = "/data/foundation/flowservice";
    private static final String ORG = TestTokens.ORG;
    private static final String SANDBOX = "gateway-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ContractFilter CONTRACT = new ContractFilter(origin -> origin + "/openapi.json");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceJar.Running credential;
    private static ServiceJar.Running connection;
    private static ServiceJar.Running export;
    private static TestProcess nginx;
    private static String gateway;
    private static String bucket;

    @BeforeAll
    static void start() throws Exception {
        String pgPort = System.getenv().getOrDefault("S3FLOW_TEST_PG_PORT", "55433");
        // the services log the request id of every request they handle (DEBUG of io.s3flow.common.trace)
        Map<String, String> traced = Map.of("QUARKUS_LOG_CATEGORY__IO_S3FLOW_COMMON_TRACE__LEVEL", "DEBUG");
        credential = ServiceJar.start("credential-service", with(traced, Map.of(
                "S3FLOW_PLATFORM_ROLE_ARN", "arn:aws:iam::123456789012:role/s3flow-platform",
                "S3FLOW_EXTERNAL_ID_SECRET", "gateway-tests-external-id-secret")));
        connection = ServiceJar.start("connection-service", with(traced, Map.of("S3FLOW_DB_HOST", "127.0.0.1", "S3FLOW_DB_PORT", pgPort,
                "S3FLOW_MASTER_KEY_FILE", masterKey().toString(), "S3FLOW_CREDENTIAL_SERVICE_URL", credential.url(),
                "S3FLOW_SERVICE_URL_ALLOW_LIST", ServiceJar.MOTO_URL)));
        export = ServiceJar.start("export-service", with(traced, Map.of("S3FLOW_DB_HOST", "127.0.0.1", "S3FLOW_DB_PORT", pgPort,
                "S3FLOW_CONNECTION_SERVICE_URL", connection.url(), "S3FLOW_SERVICE_URL_ALLOW_LIST", ServiceJar.MOTO_URL)));
        int port = TestProcess.freePort();
        gateway = "http://127.0.0.1:" + port;
        // readable by nginx's workers, which run as nobody when the master is root: they serve openapi.json from it
        Path dir = Files.createTempDirectory("gateway-flow", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Map<String, String> ports = Map.of("S3FLOW_GATEWAY_PORT", String.valueOf(port),
                "S3FLOW_CONNECTION_SERVICE_PORT", portOf(connection), "S3FLOW_EXPORT_SERVICE_PORT", portOf(export),
                "S3FLOW_CREDENTIAL_SERVICE_PORT", portOf(credential));
        suite(dir, ports, dir.resolve("nginx.conf"), "nginx-conf", dir.toString());
        // every service's document linted with Redocly's recommended rules, the routed ones joined for the gateway
        suite(dir, ports, dir.resolve("openapi.log"), "openapi", dir.toString());
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        nginx = TestProcess.start(new ProcessBuilder(binary, "-e", dir.resolve("error.log").toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-p", dir.toString(), "-g", "daemon off;"), gateway + "/openapi.json",
                Duration.ofSeconds(20));
        bucket = "gateway-" + UUID.randomUUID().toString().substring(0, 8);
        moto("/" + bucket, HttpRequest.BodyPublishers.noBody());
        for (String file : List.of("a.csv", "b.csv", "c.csv")) {
            moto("/" + bucket + "/landing/" + file, HttpRequest.BodyPublishers.ofString("id\n1\n"));
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable process : new AutoCloseable[] {nginx, export, connection, credential}) {
            try {
                if (process != null) {
                    process.close();
                }
            } catch (Exception e) {
                // stopping the rest matters more
            }
        }
    }

    /** A client that came through the gateway, with or without Flow Service's prefix, follows every link it gets. */
    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"", FLOW_SERVICE})
    void everyLinkTheGatewayHandsOutCanBeFollowed(String prefix) {
        String base = gateway + prefix;
        String connectionId = follow(created(api().contentType(ContentType.JSON).body(connectionBody("through " + prefix))
                .post(base + "/connections"), base + "/connections/"), "items[0].id");
        // a second one, so that a page of one has a next page
        created(api().contentType(ContentType.JSON).body(connectionBody("second")).post(base + "/connections"), base + "/connections/");
        String next = api().get(base + "/connections?limit=1&orderby=name").then().statusCode(200).extract().path("_links.next.href");
        assertTrue(next.startsWith(base + "/connections?"), next);
        api().urlEncodingEnabled(false).get(next).then().statusCode(200).body("items.size()", equalTo(1));

        String folder = api().get(base + "/connections/" + connectionId + "/explore?objectType=folder&object=/" + bucket + "/landing/&limit=2")
                .then().statusCode(200).body("size()", equalTo(2)).extract().header("Link");
        String more = nextLink(folder);
        assertTrue(more.startsWith(base + "/connections/" + connectionId + "/explore?"), more);
        // the link as given, already encoded (REST Assured would encode its %2F again)
        api().urlEncodingEnabled(false).get(more).then().statusCode(200).body("name", equalTo(List.of("c.csv")));

        String streamId = follow(created(api().contentType(ContentType.JSON)
                .body(Map.of("name", "stream " + prefix, "connectionId", connectionId, "folderPath", "currents" + prefix.length()))
                .post(base + "/streams"), base + "/streams/"), "id");
        String exportId = follow(created(api().contentType(ContentType.JSON).body(Map.of("name", "export " + prefix,
                "connectionId", connectionId, "select", Map.of("fields", List.of("id", "type"))))
                .post(base + "/exports"), base + "/exports/"), "id");
        Response run = api().post(base + "/exports/" + exportId + "/runs").then().statusCode(202).extract().response();
        String runLocation = run.header("Location");
        assertEquals(base + "/exports/" + exportId + "/runs/" + run.path("runId"), runLocation);
        api().get(runLocation).then().statusCode(200).body("status", not(emptyString()));
        api().delete(base + "/streams/" + streamId).then().statusCode(204);
        assertTrue(CONTRACT.checkedExchanges() >= 15, "exchanges compared with the document: " + CONTRACT.checkedExchanges());
    }

    /** The caller's request id comes back, names the problem, and is in the logs of export-, connection- and credential-service. */
    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"", FLOW_SERVICE})
    void theRequestIdTravelsWithTheRequest(String prefix) {
        String base = gateway + prefix;
        String connectionId = created(api().contentType(ContentType.JSON).body(connectionBody("traced"))
                .post(base + "/connections"), base + "/connections/").path("id");
        String requestId = "client-" + UUID.randomUUID();
        api().header("x-request-id", requestId).contentType(ContentType.JSON)
                .body(Map.of("name", "traced", "connectionId", connectionId, "folderPath", "traced" + prefix.length()))
                .post(base + "/streams").then().statusCode(201).header("x-request-id", requestId);
        // creating a stream runs the stream test: export -> connection -> credential
        for (ServiceJar.Running service : List.of(export, connection, credential)) {
            assertTrue(service.process().output().contains("[" + requestId + "]"), service.url() + " never logged " + requestId);
        }
        String missing = "problem-" + UUID.randomUUID();
        api().header("x-request-id", missing).get(base + "/connections/" + UUID.randomUUID()).then().statusCode(404)
                .header("x-request-id", missing).body("requestId", equalTo(missing)).body("errorCode", equalTo("NOT_FOUND"));
        // none sent, or one that could forge a header or a log line: a new one
        String made = api().get(base + "/connections/" + UUID.randomUUID()).then().statusCode(404).extract().header("x-request-id");
        assertNotNull(made);
        String forged = api().header("x-request-id", "a b\"c").get(base + "/connectionSpecs").then().statusCode(200)
                .extract().header("x-request-id");
        assertTrue(forged.matches("[0-9a-f]{32}"), forged);
        // the gateway's own problems carry it too
        given().header("x-request-id", missing).get(gateway + "/no-such-route").then().statusCode(404)
                .header("x-request-id", missing).body("requestId", equalTo(missing));
    }

    /** Swagger UI at /docs over the joined document, which holds what the gateway routes and nothing internal. */
    @org.junit.jupiter.api.Test
    void theGatewayServesItsApiDocuments() {
        given().get(gateway + "/docs/").then().statusCode(200).body(containsString("swagger-ui"));
        given().get(gateway + "/docs/swagger-initializer.js").then().statusCode(200).body(containsString("/openapi.json"));
        given().redirects().follow(false).get(gateway + "/docs").then().statusCode(301).header("Location", "/docs/");
        given().get(gateway + "/openapi.json").then().statusCode(200)
                .body("paths", hasKey("/connections"))
                .body("paths", hasKey("/streams/{id}"))
                .body("paths", hasKey("/connections/{id}/explore"))
                .body("paths", not(hasKey("/internal/connections/{id}")))
                .body("servers.url", equalTo(List.of("/", FLOW_SERVICE)))
                .body("components.schemas.Problem.properties", hasKey("errorCode"));
    }

    /** 201 with Location (absolute, through the gateway) and ETag; the location answers, and answers 304 to its etag. */
    private static Response created(Response response, String locationPrefix) {
        response.then().statusCode(201);
        String location = response.header("Location");
        String id = response.path("id");
        assertEquals(locationPrefix + id, location);
        assertEquals(response.path("etag").toString(), response.header("ETag"));
        return response;
    }

    /** GETs the Location, then again with its ETag as If-None-Match: 304, no body. Returns {@code path} of the body. */
    private static String follow(Response created, String path) {
        Response read = api().get(created.header("Location")).then().statusCode(200).extract().response();
        String etag = read.header("ETag");
        assertNotNull(etag, "no ETag on " + created.header("Location"));
        api().header("If-None-Match", etag).get(created.header("Location")).then().statusCode(304).header("ETag", etag)
                .body(emptyString());
        return read.path(path).toString();
    }

    private static RequestSpecification api() {
        return given().filter(CONTRACT).auth().oauth2(TestTokens.user(ORG, TestTokens.ALL_USER_GROUPS))
                .header("x-gw-ims-org-id", ORG).header("x-sandbox-name", SANDBOX);
    }

    private static Map<String, Object> connectionBody(String name) {
        return Map.of("name", name, "auth", Map.of("specName", "Access Key", "params", Map.of("s3AccessKey", "AKIAIOSFODNN7EXAMPLE",
                        "s3SecretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "serviceUrl", ServiceJar.MOTO_URL,
                        "bucketName", bucket, "folderPath", "landing")),
                "connectionSpec", Map.of("id", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version", "1.0"));
    }

    private static String nextLink(String link) {
        assertNotNull(link, "no Link header");
        Matcher m = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(link);
        assertTrue(m.find(), link);
        return m.group(1);
    }

    private static void suite(Path dir, Map<String, String> env, Path output, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("suite").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(dir.resolve(args[0] + ".err").toFile());
        builder.environment().putAll(env);
        int status = builder.start().waitFor();
        assertEquals(0, status, "./suite " + String.join(" ", args) + " failed:\n" + Files.readString(output) + "\n"
                + Files.readString(dir.resolve(args[0] + ".err")));
    }

    /** moto in its open mode takes unsigned requests: enough to make a bucket and empty files to list. */
    private static void moto(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ServiceJar.MOTO_URL + path)).PUT(body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "PUT " + path + ": " + answer.body());
    }

    private static String portOf(ServiceJar.Running service) {
        return String.valueOf(URI.create(service.url()).getPort());
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new java.util.HashMap<>(a);
        both.putAll(b);
        return both;
    }

    private static Path masterKey() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = Files.createTempFile("master-key", "");
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.UTF_8);
        return file;
    }
}
