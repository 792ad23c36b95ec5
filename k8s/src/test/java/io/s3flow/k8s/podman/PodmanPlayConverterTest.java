package io.s3flow.k8s.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.k8s.ManifestCheckTest;
import io.s3flow.k8s.Manifests;
import io.s3flow.k8s.podman.PodmanPlayConverter.Options;
import io.s3flow.k8s.podman.PodmanPlayConverter.Play;
import io.s3flow.k8s.podman.PodmanPlayConverter.VolumeFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PodmanPlayConverterTest {

    private static final Path FILES = Path.of("/var/tmp/play-files");

    private static Options options(Map<String, Integer> publish) {
        return new Options("s3flow-test", publish, Map.of("docker.io/library/postgres:15.8", "localhost/s3flow/postgres:15"),
                FILES, "default");
    }

    private static Play devOverlay() {
        return PodmanPlayConverter.convert(Manifests.documents(ManifestCheckTest.render("dev")),
                options(Map.of("connection-service", 18081, "postgres", 15432)));
    }

    private static JsonNode container(Play play, String name) {
        for (JsonNode c : play.pod().at("/spec/containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + play.pod());
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private static String secretValue(String secretPrefix, String key) {
        for (JsonNode doc : Manifests.documents(ManifestCheckTest.render("dev"))) {
            if (doc.path("kind").asText().equals("Secret") && doc.at("/metadata/name").asText().startsWith(secretPrefix)) {
                return new String(java.util.Base64.getMimeDecoder().decode(doc.at("/data/" + key).asText()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no Secret " + secretPrefix);
    }

    @Test
    void theDevOverlayBecomesOnePodWithEveryWorkload() {
        Play play = devOverlay();
        assertEquals("Pod", play.pod().path("kind").asText());
        assertEquals("s3flow-test", play.pod().at("/metadata/name").asText());
        List<String> names = new ArrayList<>();
        play.pod().at("/spec/containers").forEach(c -> names.add(c.path("name").asText()));
        assertEquals(new TreeSet<>(List.of("connection-service", "credential-service", "export-service", "postgres", "moto")),
                new TreeSet<>(names));
        // Services are host aliases of the shared loopback
        List<String> aliases = new ArrayList<>();
        play.pod().at("/spec/hostAliases/0/hostnames").forEach(h -> aliases.add(h.asText()));
        assertEquals(List.of("connection-service", "credential-service", "export-service", "moto", "postgres"), aliases);
        assertEquals("127.0.0.1", play.pod().at("/spec/hostAliases/0/ip").asText());
        // nothing the single host has no use for is played, and it says so
        assertTrue(play.ignored().contains("Ingress/s3flow-gateway"), play.ignored().toString());
        assertTrue(play.ignored().stream().anyMatch(o -> o.startsWith("NetworkPolicy/")), play.ignored().toString());
        assertTrue(play.ignored().stream().anyMatch(o -> o.startsWith("HorizontalPodAutoscaler/")), play.ignored().toString());
    }

    @Test
    void envComesFromTheConfigMapsAndSecretsWithServiceUrlsAtTheirTargetPorts() {
        Play play = devOverlay();
        Map<String, String> connection = env(container(play, "connection-service"));
        assertEquals("http://credential-service:8082", connection.get("S3FLOW_CREDENTIAL_SERVICE_URL"));
        assertEquals("postgres", connection.get("S3FLOW_DB_HOST"));
        assertEquals("5432", connection.get("S3FLOW_DB_PORT"));
        assertEquals("http://moto:5000", connection.get("S3FLOW_AWS_ENDPOINT_OVERRIDE"));
        // each service under its own database user, from its own Secret
        assertEquals("connection_service", connection.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(secretValue("s3flow-db-connections", "QUARKUS_DATASOURCE_PASSWORD"), connection.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("default", connection.get("KUBERNETES_NAMESPACE"));
        Map<String, String> export = env(container(play, "export-service"));
        assertEquals("http://connection-service:8081", export.get("S3FLOW_CONNECTION_SERVICE_URL"));
        assertEquals("export_service", export.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(secretValue("s3flow-db-exports", "QUARKUS_DATASOURCE_PASSWORD"), export.get("QUARKUS_DATASOURCE_PASSWORD"));
        // the external-id secret reaches credential-service alone, and no database password reaches it
        Map<String, String> credential = env(container(play, "credential-service"));
        assertEquals(secretValue("s3flow-external-id", "S3FLOW_EXTERNAL_ID_SECRET"), credential.get("S3FLOW_EXTERNAL_ID_SECRET"));
        assertNull(connection.get("S3FLOW_EXTERNAL_ID_SECRET"));
        assertNull(export.get("S3FLOW_EXTERNAL_ID_SECRET"));
        assertNull(credential.get("QUARKUS_DATASOURCE_PASSWORD"));
        // PostgreSQL gets its superuser and the services' passwords for its init script
        Map<String, String> postgres = env(container(play, "postgres"));
        assertEquals("postgres", postgres.get("POSTGRES_USER"));
        assertEquals(secretValue("s3flow-db-admin", "POSTGRES_PASSWORD"), postgres.get("POSTGRES_PASSWORD"));
        assertEquals(connection.get("QUARKUS_DATASOURCE_PASSWORD"), postgres.get("CONNECTIONS_DB_PASSWORD"));
        assertEquals(export.get("QUARKUS_DATASOURCE_PASSWORD"), postgres.get("EXPORTS_DB_PASSWORD"));
    }

    @Test
    void onlyTheServicesAskedForArePublishedAndOnlyOnLoopback() {
        Play play = devOverlay();
        assertEquals(Map.of("connection-service", 18081, "postgres", 15432), play.published());
        JsonNode port = container(play, "connection-service").at("/ports/0");
        assertEquals(8081, port.path("containerPort").asInt());
        assertEquals(18081, port.path("hostPort").asInt());
        assertEquals("127.0.0.1", port.path("hostIP").asText());
        assertEquals(15432, container(play, "postgres").at("/ports/0/hostPort").asInt());
        assertTrue(container(play, "credential-service").path("ports").isMissingNode(), "credential-service is internal");
    }

    @Test
    void containersKeepTheirHardeningAndLoseWhatPodmanCannotRun() {
        Play play = devOverlay();
        JsonNode credential = container(play, "credential-service");
        assertEquals(1001, credential.at("/securityContext/runAsUser").asInt());
        assertEquals(1001, credential.at("/securityContext/runAsGroup").asInt());
        assertTrue(credential.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(credential.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", credential.at("/securityContext/capabilities/drop/0").asText());
        assertEquals("512Mi", credential.at("/resources/limits/memory").asText());
        assertEquals(999, container(play, "postgres").at("/securityContext/runAsUser").asInt());
        for (JsonNode c : play.pod().at("/spec/containers")) {
            assertEquals("Never", c.path("imagePullPolicy").asText(), "no registry is reachable");
            assertNull(c.get("livenessProbe"));
            assertNull(c.get("readinessProbe"));
            assertNull(c.get("startupProbe"));
        }
        assertEquals("localhost/s3flow/postgres:15", container(play, "postgres").path("image").asText());
        assertEquals("docker.io/s3flow/credential-service:0.1.0-SNAPSHOT", credential.path("image").asText());
    }

    @Test
    void volumesBecomeFoldersFilesAndClaimsOfThePlay() {
        Play play = devOverlay();
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        play.pod().at("/spec/volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        // an emptyDir is a fresh folder of this play, one per container: never a named volume other pods share
        assertEquals(FILES.resolve("export-service-tmp").toString(), volumes.get("export-service-tmp").at("/hostPath/path").asText());
        assertEquals(FILES.resolve("postgres-run").toString(), volumes.get("postgres-run").at("/hostPath/path").asText());
        assertTrue(play.directories().containsAll(List.of("connection-service-tmp", "export-service-tmp", "postgres-run", "postgres-tmp")),
                play.directories().toString());
        assertEquals(FILES.resolve("connection-service-jwt").toString(), volumes.get("connection-service-jwt").at("/hostPath/path").asText());
        assertEquals("s3flow-test-data-postgres-0", volumes.get("postgres-data").at("/persistentVolumeClaim/claimName").asText());
        assertEquals(List.of("s3flow-test-data-postgres-0"), play.claims());

        Map<String, VolumeFile> files = new TreeMap<>();
        play.files().forEach(f -> files.put(f.path(), f));
        VolumeFile key = files.get("connection-service-master-key/master-key");
        assertEquals(0640, key.mode(), "defaultMode 0600, group-readable for the pod's fsGroup");
        assertEquals(1001L, key.group());
        assertEquals(secretValue("s3flow-master-key", "master-key"), new String(key.content(), StandardCharsets.UTF_8));
        assertTrue(files.containsKey("connection-service-jwt/jwks.json"));
        // the service signing key: a file of the services that mint service tokens, not of credential-service
        VolumeFile signingKey = files.get("export-service-service-key/service-private.pem");
        assertEquals(0640, signingKey.mode());
        assertEquals(secretValue("s3flow-service-key", "service-private.pem"), new String(signingKey.content(), StandardCharsets.UTF_8));
        assertTrue(files.containsKey("connection-service-service-key/service-private.pem"));
        assertTrue(files.keySet().stream().noneMatch(f -> f.startsWith("credential-service-") && f.endsWith(".pem")), files.keySet().toString());
        assertTrue(files.containsKey("postgres-init/init.sh"));
        assertEquals(0644, files.get("postgres-init/init.sh").mode());
        JsonNode mounts = container(play, "connection-service").path("volumeMounts");
        mounts.forEach(m -> {
            if (m.path("name").asText().endsWith("-jwt")) {
                assertTrue(m.path("readOnly").asBoolean());
            }
        });
    }

    @Test
    void urlsNamingAServicePortAreRewrittenAndNothingElse() {
        String yaml = workload("api", 8080, """
                - {name: PLAIN, value: "http://api"}
                - {name: WITH_PORT, value: "http://api:80/v1?x=1"}
                - {name: LIST, value: "http://api,http://other:80,http://127.0.0.1:5000"}
                - {name: OTHER_PORT, value: "http://api:9999"}
                - {name: HOST_ONLY, value: "api"}
                - {name: PREFIXED, value: "http://api-gateway"}
                """) + service("api", 80, "8080");
        Map<String, String> env = env(container(PodmanPlayConverter.convert(Manifests.documents(yaml), options(Map.of())), "api"));
        assertEquals("http://api:8080", env.get("PLAIN"));
        assertEquals("http://api:8080/v1?x=1", env.get("WITH_PORT"));
        assertEquals("http://api:8080,http://other:80,http://127.0.0.1:5000", env.get("LIST"));
        assertEquals("http://api:9999", env.get("OTHER_PORT"), "not a port of the Service: left as it is");
        assertEquals("api", env.get("HOST_ONLY"), "the host alias resolves it");
        assertEquals("http://api-gateway", env.get("PREFIXED"));
    }

    @Test
    void explicitEnvWinsOverEnvFromAsInKubernetes() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {MODE: from-config-map, ONLY_HERE: kept}
                ---
                """ + workload("api", 8080, """
                - {name: MODE, value: explicit}
                - name: NS
                  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
                """).replace("        env:", "        envFrom:\n        - configMapRef: {name: settings}\n        env:");
        Map<String, String> env = env(container(PodmanPlayConverter.convert(Manifests.documents(yaml), options(Map.of())), "api"));
        assertEquals("explicit", env.get("MODE"));
        assertEquals("kept", env.get("ONLY_HERE"));
        assertEquals("default", env.get("NS"));
    }

    @Test
    void whatAPlayCannotHonourIsRefusedWithItsName() {
        refused("cannot play CronJob/nightly", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec: {}
                """);
        refused("Service lonely selects 0 workloads", service("lonely", 80, "8080"));
        refused("both listen on 8080", workload("a", 8080, "") + "---\n" + workload("b", 8080, ""));
        refused("api container api: SECRET refers to missing/key, which is not rendered", workload("api", 8080, """
                - name: SECRET
                  valueFrom: {secretKeyRef: {name: missing, key: key}}
                """));
        refused("cannot publish nowhere: no such Service", workload("api", 8080, ""), Map.of("nowhere", 1));
        refused("type a play does not support: hostPath", workload("api", 8080, "").replace("        env:",
                "        volumeMounts: [{name: host, mountPath: /host}]\n        env:") + "      volumes: [{name: host, hostPath: {path: /etc}}]\n");
    }

    @Test
    void filesAreWrittenWithTheirModeAndGroup() throws IOException {
        Path dir = Files.createTempDirectory("play");
        try {
            Play play = new Play(Manifests.documents("kind: Pod\nmetadata: {name: p}\n").get(0).deepCopy(),
                    List.of(new VolumeFile("v/secret.pem", "k".getBytes(StandardCharsets.UTF_8), 0640, null)),
                    List.of("scratch"), Map.of(), List.of(), List.of());
            PodmanPlay.write(play, dir.resolve("files"), dir.resolve("pod.yaml"));
            Path secret = dir.resolve("files/v/secret.pem");
            assertEquals("k", Files.readString(secret));
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
            assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("files/scratch"))));
            assertEquals(01777, (int) Files.getAttribute(dir.resolve("files/scratch"), "unix:mode") & 07777);
            assertTrue(Files.readString(dir.resolve("pod.yaml")).contains("kind: \"Pod\""));
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void refused(String message, String yaml) {
        refused(message, yaml, Map.of());
    }

    private static void refused(String message, String yaml, Map<String, Integer> publish) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PodmanPlayConverter.convert(Manifests.documents(yaml), options(publish)));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "', got: " + e.getMessage());
    }

    private static String workload(String name, int port, String env) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                      containers:
                      - name: %1$s
                        image: example/%1$s:1
                        ports: [{name: http, containerPort: %2$d}]
                        env:
                %3$s
                """.formatted(name, port, env.indent(8).stripTrailing());
    }

    private static String service(String name, int port, String targetPort) {
        return """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  selector: {app: %s}
                  ports: [{port: %d, targetPort: %s}]
                """.formatted(name, name, port, targetPort);
    }
}
