package io.s3flow.k8s.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.k8s.ManifestCheckTest;
import io.s3flow.k8s.Manifests;
import io.s3flow.k8s.podman.PodmanPlayConverter.Options;
import io.s3flow.k8s.podman.PodmanPlayConverter.Play;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The images ./suite builds, run from the dev overlay as `kubectl kustomize` renders it, through the converter and
 * `podman kube play`, on free ports: the services start from the manifests' env, Secrets and ConfigMaps, as uid 1001
 * with a read-only root, reach each other, PostgreSQL and moto, and a connection + stream + export round trip lands
 * files in the bucket. ./suite test runs it after building the images (system properties s3flow.e2e.*).
 */
class DevOverlayInContainersIT {

    private static final String[] SERVICES = {"connection-service", "credential-service", "export-service"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ORG = "e2e-org";

    private static String pod;
    private static Path files;
    private static Play play;
    private static List<JsonNode> rendered;

    @BeforeAll
    static void playTheDevOverlay() throws Exception {
        pod = required("s3flow.e2e.pod");
        files = Path.of(required("s3flow.e2e.files"));
        Map<String, String> images = new LinkedHashMap<>();
        for (String pair : required("s3flow.e2e.images").split(",")) {
            images.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        rendered = Manifests.documents(ManifestCheckTest.render("dev"));
        Map<String, Integer> publish = new LinkedHashMap<>();
        for (String service : PodmanPlayConverter.serviceNames(rendered)) {
            publish.put(service, freePort());
        }
        play = PodmanPlayConverter.convert(rendered, new Options(pod, publish, images, files.resolve("files"), "default"));
        Path podFile = files.resolve("pod.yaml");
        Files.createDirectories(files);
        PodmanPlay.write(play, files.resolve("files"), podFile);
        run("podman", "kube", "play", podFile.toString());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        for (String service : SERVICES) {
            while (status(get(service, "/q/health/ready")) != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(service + " not ready in 4 minutes; its log:\n"
                            + run(false, "podman", "logs", "--tail", "40", container(service)));
                }
                Thread.sleep(500);
            }
        }
    }

    @AfterAll
    static void removeThePlay() throws Exception {
        if (pod == null) {
            return;
        }
        run(false, "podman", "pod", "rm", "-f", "-t", "5", pod);
        for (String claim : play == null ? List.<String>of() : play.claims()) {
            run(false, "podman", "volume", "rm", "-f", claim);
        }
    }

    @Test
    void servicesRunAsUid1001WithAReadOnlyRootFromTheManifestsEnvAndSecrets() throws Exception {
        Map<String, String> dbSecret = Map.of("connection-service", "s3flow-db-connections", "export-service", "s3flow-db-exports");
        for (String service : SERVICES) {
            JsonNode inspect = JSON.readTree(run("podman", "inspect", container(service))).get(0);
            assertTrue(inspect.at("/HostConfig/ReadonlyRootfs").asBoolean(), service + " root is writable");
            int pid = inspect.at("/State/Pid").asInt();
            // the process itself, as the kernel sees it (rootful podman: container uids are host uids)
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            Matcher uid = Pattern.compile("(?m)^Uid:\\s+(\\d+)\\s+(\\d+)").matcher(status);
            assertTrue(uid.find());
            assertEquals("1001", uid.group(1), service + " real uid");
            assertEquals("1001", uid.group(2), service + " effective uid");
            String root = Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")).stream()
                    .filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow();
            assertTrue(root.split(" ")[5].startsWith("ro"), service + " root mount: " + root);
            List<String> env = new ArrayList<>();
            inspect.at("/Config/Env").forEach(e -> env.add(e.asText()));
            // from the s3flow-config ConfigMap, the moto Service's URL as the overlay gives it
            assertTrue(env.contains("S3FLOW_AWS_ENDPOINT_OVERRIDE=http://moto:5000"), service + " env: " + env);
            // the external-id secret reaches credential-service alone; the service signing key all but it
            assertEquals(service.equals("credential-service"), env.stream().anyMatch(e -> e.startsWith("S3FLOW_EXTERNAL_ID_SECRET=")),
                    service + " and the external-id secret");
            assertEquals(!service.equals("credential-service"),
                    Files.exists(Path.of("/proc/" + pid + "/root/etc/s3flow/service-key/service-private.pem")),
                    service + " and the service signing key");
            if (dbSecret.containsKey(service)) {
                // its own database user, from its own Secret (PostgreSQL's init script made it; the service is ready,
                // so it has connected with it)
                assertTrue(env.contains("S3FLOW_DB_HOST=postgres"), service + " env: " + env);
                assertTrue(env.contains("QUARKUS_DATASOURCE_USERNAME=" + secret(dbSecret.get(service), "QUARKUS_DATASOURCE_USERNAME")),
                        service + " env: " + env);
                assertTrue(env.contains("QUARKUS_DATASOURCE_PASSWORD=" + secret(dbSecret.get(service), "QUARKUS_DATASOURCE_PASSWORD")),
                        service + " has its Secret's password");
            } else {
                assertTrue(env.stream().noneMatch(e -> e.startsWith("QUARKUS_DATASOURCE_PASSWORD=")), service + " has no database");
            }
        }
    }

    /** A key of a rendered Secret (kustomize appends a hash to its name). */
    private static String secret(String name, String key) {
        for (JsonNode doc : rendered) {
            if (doc.path("kind").asText().equals("Secret") && doc.at("/metadata/name").asText().startsWith(name + "-")) {
                return new String(Base64.getMimeDecoder().decode(doc.at("/data/" + key).asText()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no Secret " + name + " rendered");
    }

    @Test
    void aConnectionAStreamAndAnExportRoundTripThroughTheContainers() throws Exception {
        String bucket = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        S3.get().createBucket(b -> b.bucket(bucket));

        // connection-service stores it in PostgreSQL; the serviceUrl is moto's Service, as seen from inside the pod
        HttpResponse<String> created = post("connection-service", "/connections", """
                {"name": "e2e", "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIAIOSFODNN7EXAMPLE",
                 "s3SecretKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "serviceUrl": "http://moto:5000",
                 "bucketName": "%s", "folderPath": "landing"}},
                 "connectionSpec": {"id": "ecadc60c-7455-4d87-84dc-2a0e293d997b", "version": "1.0"}}""".formatted(bucket));
        assertEquals(201, created.statusCode(), created.body());
        String connection = JSON.readTree(created.body()).path("id").asText();
        assertEquals(200, status(get("connection-service", "/connections/" + connection)));

        // a stream is only created once the connection passes its test: export -> connection -> credential -> moto
        HttpResponse<String> stream = post("export-service", "/streams", """
                {"name": "e2e stream", "connectionId": "%s", "folderPath": "currents", "format": "jsonl",
                 "compression": "none", "flush": {"maxSeconds": 1}}""".formatted(connection));
        assertEquals(201, stream.statusCode(), stream.body());
        String streamId = JSON.readTree(stream.body()).path("id").asText();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> events = post("export-service", "/events", """
                [{"id": "%1$s-1", "type": "e2e.Sent", "userId": "u-1", "properties": {"campaign": "welcome"}},
                 {"id": "%1$s-2", "type": "e2e.Sent", "userId": "u-2"},
                 {"id": "%1$s-3", "type": "e2e.Opened", "userId": "u-1"}]""".formatted(batch));
        assertEquals(202, events.statusCode(), events.body());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (JSON.readTree(get("export-service", "/streams/" + streamId).body()).at("/status/deliveredEvents").asInt() < 3) {
            assertTrue(Instant.now().isBefore(deadline), "stream not delivered: " + get("export-service", "/streams/" + streamId).body());
            Thread.sleep(500);
        }
        StringBuilder delivered = new StringBuilder();
        for (String key : keys(bucket, "landing/currents/")) {
            delivered.append(object(bucket, key));
        }
        for (int i = 1; i <= 3; i++) {
            assertEquals(1, count(delivered.toString(), "\"" + batch + "-" + i + "\""), "event " + i + " in " + delivered);
        }

        // an export run writes the same events as CSV, with a manifest
        HttpResponse<String> export = post("export-service", "/exports", """
                {"name": "e2e export", "connectionId": "%s", "select": {"fields": ["id", "type", "userId"]},
                 "format": "csv", "manifest": true, "folderPath": "exports"}""".formatted(connection));
        assertEquals(201, export.statusCode(), export.body());
        String exportId = JSON.readTree(export.body()).path("id").asText();
        HttpResponse<String> started = post("export-service", "/exports/" + exportId + "/runs", "");
        assertEquals(202, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        JsonNode runStatus;
        deadline = Instant.now().plus(Duration.ofMinutes(1));
        do {
            Thread.sleep(500);
            runStatus = JSON.readTree(get("export-service", "/exports/" + exportId + "/runs/" + runId).body());
            assertTrue(Instant.now().isBefore(deadline), "run not finished: " + runStatus);
        } while (List.of("QUEUED", "IN_PROGRESS").contains(runStatus.path("status").asText()));
        assertEquals("SUCCESS", runStatus.path("status").asText(), runStatus.toString());
        String csv = object(bucket, runStatus.at("/files/0/key").asText());
        assertTrue(csv.startsWith("id,type,userId"), csv);
        for (int i = 1; i <= 3; i++) {
            assertEquals(1, count(csv, batch + "-" + i + ","), "event " + i + " in " + csv);
        }
        assertTrue(keys(bucket, "landing/exports/").stream().anyMatch(k -> k.contains("manifest-" + exportId + "-" + runId)));
    }

    private static HttpResponse<String> get(String service, String path) throws IOException, InterruptedException {
        try {
            return HTTP.send(request(service, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (path.startsWith("/q/health")) {
                return null; // not listening yet
            }
            throw e;
        }
    }

    private static HttpResponse<String> post(String service, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(request(service, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String service, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + play.published().get(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN.get())
                .header("x-gw-ims-org-id", ORG)
                .header("x-sandbox-name", "prod");
    }

    private static int status(HttpResponse<String> response) {
        return response == null ? 0 : response.statusCode();
    }

    /** moto, as published on loopback, through the SDK (signed requests: moto refuses anonymous object reads). */
    private static final java.util.function.Supplier<S3Client> S3 = new java.util.function.Supplier<>() {
        private S3Client client;

        @Override
        public synchronized S3Client get() {
            if (client == null) {
                client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                        .endpointOverride(URI.create("http://127.0.0.1:" + play.published().get("moto")))
                        .region(Region.US_EAST_1).forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e")))
                        .build();
            }
            return client;
        }
    };

    private static List<String> keys(String bucket, String prefix) {
        List<String> keys = S3.get().listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
        assertTrue(!keys.isEmpty(), "nothing under " + prefix);
        return keys;
    }

    private static String object(String bucket, String key) {
        return S3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * A user token as ./suite token signs it (RS256, kid "user", issuer and audience s3flow), with the key whose public
     * half the overlay's JWKS holds.
     */
    private static final java.util.function.Supplier<String> TOKEN = new java.util.function.Supplier<>() {
        private String token;

        @Override
        public synchronized String get() {
            if (token == null) {
                try {
                    String pem = Files.readString(Path.of(required("s3flow.e2e.user-key")));
                    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                    long now = Instant.now().getEpochSecond();
                    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"user\"}");
                    String payload = b64(("{\"iss\":\"s3flow\",\"aud\":\"s3flow\",\"sub\":\"e2e\",\"upn\":\"e2e\",\"org\":\"%s\",\"groups\":"
                            + "[\"connections:read\",\"connections:write\",\"exports:read\",\"exports:write\",\"events:write\"],"
                            + "\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}").formatted(ORG, now, now + 1800, UUID.randomUUID()));
                    Signature rs256 = Signature.getInstance("SHA256withRSA");
                    rs256.initSign(key);
                    rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
                    token = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
                } catch (IOException | java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("cannot sign a user token", e);
                }
            }
            return token;
        }

        private static String b64(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }
    };

    private static String container(String service) {
        return pod + "-" + service;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set: ./suite test runs this test with the images it built");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(true, command);
    }

    private static String run(boolean check, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 && check) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
