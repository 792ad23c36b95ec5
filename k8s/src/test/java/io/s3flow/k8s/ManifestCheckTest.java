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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
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

    /** The Ingress is the gateway: it routes exactly the route table, under both prefixes, and nothing internal. */
    @Test
    void ingressRoutesExactlyTheGatewayRouteTable() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("gateway/routes"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] route = line.trim().split("\\s+");
            expected.add(route[0] + " -> " + route[1]);
            expected.add(FLOWSERVICE + route[0] + " -> " + route[1]);
        }
        Set<String> actual = new TreeSet<>();
        for (JsonNode doc : ManifestChecker.documents(render("dev"))) {
            if (doc.path("kind").asText().equals("Ingress")) {
                doc.at("/spec/rules/0/http/paths").forEach(p -> actual.add(p.path("path").asText() + " -> "
                        + p.at("/backend/service/name").asText()));
            }
        }
        assertEquals(expected, actual);
        assertTrue(actual.stream().noneMatch(r -> r.contains("/internal") || r.endsWith("credential-service")), actual.toString());
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
