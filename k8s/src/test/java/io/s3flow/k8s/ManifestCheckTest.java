package io.s3flow.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders both overlays with kubectl kustomize (no cluster needed) and checks every object offline. */
public class ManifestCheckTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String FLOWSERVICE = "/data/foundation/flowservice";

    public static String render(String overlay) {
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString())
                    .redirectErrorStream(true).start();
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, kubectl.waitFor(), "kubectl kustomize k8s/overlays/" + overlay + " failed:\n" + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the overlays (./suite installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlaysRenderAndPass(String overlay) {
        List<JsonNode> docs = ManifestChecker.documents(render(overlay));
        assertTrue(docs.size() > 15, "rendered " + docs.size() + " objects");
        assertEquals(List.of(), ManifestChecker.check(docs));
    }

    @Test
    void prodRunsTwoReplicasOfPinnedImages() {
        for (JsonNode doc : ManifestChecker.documents(render("prod"))) {
            if (doc.path("kind").asText().equals("Deployment")) {
                assertTrue(doc.at("/spec/replicas").asInt() >= 2, doc.at("/metadata/name").asText());
                String image = doc.at("/spec/template/spec/containers/0/image").asText();
                assertTrue(image.matches(".*:\\d+\\.\\d+\\.\\d+$"), "not pinned: " + image);
            }
        }
    }

    /** Only the services that mint service tokens hold the key that signs them; credential-service never does. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServiceSigningKeyIsMountedOnlyWhereTokensAreMinted(String overlay) {
        Map<String, Boolean> mounts = perDeployment(overlay, deployment -> {
            boolean signingKey = false;
            for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
                signingKey |= volume.at("/secret/secretName").asText().startsWith("s3flow-service-key");
            }
            return signingKey;
        });
        assertEquals(withEmulator(overlay, Map.of("connection-service", true, "credential-service", false, "export-service", true)),
                mounts);
    }

    /** The key every org's external id and bucket-ownership token derive from is credential-service's alone. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theExternalIdSecretReachesCredentialServiceOnly(String overlay) {
        assertEquals(withEmulator(overlay, Map.of("connection-service", false, "credential-service", true, "export-service", false)),
                perDeployment(overlay, deployment -> deployment.toString().contains("s3flow-external-id")));
    }

    /** The answers for the services, and in dev also for moto (the AWS emulator it deploys), which holds no secret. */
    private static Map<String, Boolean> withEmulator(String overlay, Map<String, Boolean> services) {
        Map<String, Boolean> expected = new TreeMap<>(services);
        if (overlay.equals("dev")) {
            expected.put("moto", false);
        }
        return expected;
    }

    /** Whether each Deployment of the overlay (by name) has {@code property}. */
    private static Map<String, Boolean> perDeployment(String overlay, Predicate<JsonNode> property) {
        Map<String, Boolean> answers = new TreeMap<>();
        for (JsonNode doc : ManifestChecker.documents(render(overlay))) {
            if (doc.path("kind").asText().equals("Deployment")) {
                answers.put(doc.at("/metadata/name").asText(), property.test(doc));
            }
        }
        return answers;
    }

    /** Both Ingresses (the routes, and the routes under Flow Service's prefix) serve TLS only, with one certificate. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayServesTlsOnly(String overlay) {
        List<JsonNode> ingresses = ManifestChecker.documents(render(overlay)).stream()
                .filter(d -> d.path("kind").asText().equals("Ingress")).toList();
        assertEquals(2, ingresses.size(), ingresses.toString());
        for (JsonNode ingress : ingresses) {
            assertTrue(ingress.at("/spec/tls/0/secretName").asText().startsWith("s3flow-gateway-tls"), ingress.toString());
            assertTrue(ingress.at("/spec/tls/0/hosts/0").isTextual(), "cert-manager needs the host: " + ingress);
            assertEquals("true", ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1force-ssl-redirect").asText());
        }
    }

    /** Each service reaches PostgreSQL as a user of its own. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasADatabaseUserOfItsOwn(String overlay) {
        Map<String, List<String>> secrets = new TreeMap<>();
        for (JsonNode doc : ManifestChecker.documents(render(overlay))) {
            if (doc.path("kind").asText().equals("Deployment")) {
                List<String> names = new ArrayList<>();
                doc.at("/spec/template/spec/containers/0/envFrom").forEach(e -> names.add(e.at("/secretRef/name").asText()));
                secrets.put(doc.at("/metadata/name").asText(), names);
            }
        }
        assertTrue(secrets.get("connection-service").stream().anyMatch(n -> n.startsWith("s3flow-db-connections")), secrets.toString());
        assertTrue(secrets.get("export-service").stream().anyMatch(n -> n.startsWith("s3flow-db-exports")), secrets.toString());
        assertTrue(secrets.get("credential-service").stream().noneMatch(n -> n.startsWith("s3flow-db")), secrets.toString());
    }

    /** HTTPS leaves the namespace for public addresses only: never private ranges or the cloud metadata endpoint. */
    @Test
    void httpsEgressReachesOnlyThePublicInternet() {
        JsonNode policy = ManifestChecker.documents(render("prod")).stream()
                .filter(d -> d.path("kind").asText().equals("NetworkPolicy") && d.at("/metadata/name").asText().equals("s3flow-egress-common"))
                .findFirst().orElseThrow();
        boolean https = false;
        for (JsonNode rule : policy.at("/spec/egress")) {
            boolean port443 = false;
            for (JsonNode port : rule.path("ports")) {
                port443 |= port.path("port").asInt() == 443;
            }
            if (!port443) {
                continue;
            }
            https = true;
            assertTrue(rule.path("to").size() > 0, "443 to anywhere: " + rule);
            for (JsonNode to : rule.path("to")) {
                List<String> except = new ArrayList<>();
                to.at("/ipBlock/except").forEach(c -> except.add(c.asText()));
                String cidr = to.at("/ipBlock/cidr").asText();
                List<String> required = cidr.contains(":") ? List.of("fc00::/7", "fe80::/10", "::1/128")
                        : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "127.0.0.0/8");
                assertTrue(except.containsAll(required), cidr + " except " + except);
            }
        }
        assertTrue(https, "no rule for 443");
    }

    /** Each way of breaking a manifest the issue names, applied to the rendered dev overlay, must be caught. */
    @Test
    void brokenManifestsFail() {
        expectProblem("unknown field 'replicass'", deployment("connection-service", d -> {
            ObjectNode spec = (ObjectNode) d.get("spec");
            spec.set("replicass", spec.remove("replicas"));
        }));
        expectProblem("does not bind to its API type", deployment("connection-service", d -> ((ObjectNode) d.get("spec")).put("replicas", "many")));
        expectProblem("needs a liveness and a readiness probe", deployment("export-service",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("livenessProbe")));
        expectProblem("needs cpu and memory limits", deployment("export-service",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/resources")).remove("limits")));
        expectProblem("may run as root", deployment("credential-service", d -> {
            ((ObjectNode) d.at("/spec/template/spec/securityContext")).put("runAsUser", 0);
            ((ObjectNode) d.at("/spec/template/spec/containers/0/securityContext")).remove("runAsNonRoot");
            ((ObjectNode) d.at("/spec/template/spec/securityContext")).remove("runAsNonRoot");
        }));
        expectProblem("routes to Service credential-service-typo, which does not exist", ingress(i ->
                ((ObjectNode) i.at("/spec/rules/0/http/paths/0/backend/service")).put("name", "credential-service-typo")));
        expectProblem("routes to a port Service", ingress(i ->
                ((ObjectNode) i.at("/spec/rules/0/http/paths/0/backend/service/port")).put("name", "https")));
    }

    /**
     * The Ingresses are the gateway: they route exactly the route table, under both prefixes, and nothing internal.
     * Under Flow Service's prefix the controller strips the prefix (rewrite-target) and names it in X-Forwarded-Prefix,
     * as the local nginx gateway does, so that the services' links keep it: each path, read as the regular expression
     * ingress-nginx makes of it, sends {@code <prefix>/connections/x} to {@code /connections/x} and nothing else there.
     */
    @Test
    void ingressRoutesExactlyTheGatewayRouteTable() throws IOException {
        Map<String, String> routes = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("gateway/routes"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] route = line.trim().split("\\s+");
                routes.put(route[0], route[1]);
            }
        }
        Map<String, String> plain = new TreeMap<>();
        Map<Pattern, String> prefixed = new java.util.LinkedHashMap<>();
        for (JsonNode doc : ManifestChecker.documents(render("dev"))) {
            if (!doc.path("kind").asText().equals("Ingress")) {
                continue;
            }
            JsonNode annotations = doc.at("/metadata/annotations");
            boolean flowService = doc.at("/metadata/name").asText().endsWith("-flowservice");
            if (flowService) {
                assertEquals("/$1", annotations.path("nginx.ingress.kubernetes.io/rewrite-target").asText(), doc.toString());
                assertEquals(FLOWSERVICE, annotations.path("nginx.ingress.kubernetes.io/x-forwarded-prefix").asText(), doc.toString());
                assertEquals("true", annotations.path("nginx.ingress.kubernetes.io/use-regex").asText(), doc.toString());
            }
            doc.at("/spec/rules/0/http/paths").forEach(p -> {
                String service = p.at("/backend/service/name").asText();
                if (flowService) {
                    prefixed.put(Pattern.compile("^" + p.path("path").asText(), Pattern.CASE_INSENSITIVE), service);
                } else {
                    plain.put(p.path("path").asText(), service);
                }
            });
        }
        assertEquals(routes, plain);
        assertEquals(routes.size(), prefixed.size(), prefixed.toString());
        routes.forEach((prefix, service) -> {
            for (String rest : List.of("", "/", "/x/y")) {
                String rewritten = prefixed.entrySet().stream().filter(e -> service.equals(e.getValue()))
                        .map(e -> e.getKey().matcher(FLOWSERVICE + prefix + rest)).filter(java.util.regex.Matcher::matches)
                        .map(m -> "/" + m.group(1)).findFirst().orElse(null);
                assertEquals(prefix + rest, rewritten, FLOWSERVICE + prefix + rest);
            }
        });
        for (String unrouted : List.of("/internal/connections/x", "/credentials/resolve", "/connectionsX", "/q/openapi")) {
            assertTrue(prefixed.keySet().stream().noneMatch(p -> p.matcher(FLOWSERVICE + unrouted).matches()), unrouted);
        }
        assertTrue(plain.keySet().stream().noneMatch(p -> p.contains("/internal")) && !plain.containsValue("credential-service"),
                plain.toString());
    }

    /** k8s/base holds what the build generates: a stale copy fails here until ./suite k8s refreshes it. */
    @ParameterizedTest
    @ValueSource(strings = {"connection-service", "credential-service", "export-service"})
    void committedManifestsAreWhatTheBuildGenerates(String service) throws IOException {
        Path generated = ROOT.resolve(service + "/target/kubernetes/kubernetes.yml");
        assertTrue(Files.exists(generated), generated + " is missing: build " + service + " first");
        List<String> committed = Files.readAllLines(ROOT.resolve("k8s/base/" + service + ".yml"));
        assertTrue(committed.get(0).startsWith("# GENERATED by ./suite k8s"), "no generated-file header");
        // compared as YAML, not text: the generator does not keep the order of label maps from one build to the next
        assertEquals(ManifestChecker.documents(Files.readString(generated)),
                ManifestChecker.documents(String.join("\n", committed.subList(1, committed.size()))),
                "k8s/base/" + service + ".yml is stale: run ./suite k8s");
    }

    private static void expectProblem(String fragment, List<JsonNode> docs) {
        List<String> problems = ManifestChecker.check(docs);
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)), "expected a problem with '" + fragment + "', got " + problems);
    }

    private static List<JsonNode> deployment(String name, Consumer<JsonNode> breakIt) {
        return mutate(d -> d.path("kind").asText().equals("Deployment") && d.at("/metadata/name").asText().equals(name), breakIt);
    }

    private static List<JsonNode> ingress(Consumer<JsonNode> breakIt) {
        return mutate(d -> d.path("kind").asText().equals("Ingress"), breakIt);
    }

    private static List<JsonNode> mutate(java.util.function.Predicate<JsonNode> which, Consumer<JsonNode> breakIt) {
        List<JsonNode> docs = new ArrayList<>(ManifestChecker.documents(DEV.get()));
        docs.stream().filter(which).findFirst().ifPresentOrElse(breakIt, () -> {
            throw new AssertionError("no such object to break");
        });
        return docs;
    }

    private static final java.util.function.Supplier<String> DEV = new java.util.function.Supplier<>() {
        private String rendered;

        @Override
        public synchronized String get() {
            if (rendered == null) {
                rendered = render("dev");
            }
            return rendered;
        }
    };
}
