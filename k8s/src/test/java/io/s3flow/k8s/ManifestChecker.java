package io.s3flow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates rendered manifests offline, as an API server and a careful reviewer would: every object must bind to
 * its Kubernetes API type with no unknown field and no wrong type, every workload must have probes and limits and
 * run as non-root, and every Ingress route must name a Service and port that exist.
 */
public final class ManifestChecker {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private ManifestChecker() {
    }

    public static List<JsonNode> documents(String yaml) {
        return Manifests.documents(yaml);
    }

    /** Every problem found; an empty list means the manifests pass. */
    public static List<String> check(List<JsonNode> documents) {
        List<String> problems = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : documents) {
            String id = doc.path("kind").asText("?") + "/" + doc.path("metadata").path("name").asText("?");
            HasMetadata object;
            try {
                object = KUBERNETES.unmarshal(YAML.writeValueAsString(doc), HasMetadata.class);
            } catch (RuntimeException | IOException e) {
                problems.add(id + ": does not bind to its API type: " + firstLine(e));
                continue;
            }
            if (object instanceof GenericKubernetesResource) {
                problems.add(id + ": unknown kind " + doc.path("apiVersion").asText() + "/" + doc.path("kind").asText());
                continue;
            }
            unknownFields(object, id, problems, new IdentityHashMap<>());
            objects.add(object);
        }
        for (HasMetadata object : objects) {
            String id = object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof Deployment d) {
                workload(id, d.getSpec().getTemplate().getSpec(), problems);
            } else if (object instanceof StatefulSet s) {
                workload(id, s.getSpec().getTemplate().getSpec(), problems);
            } else if (object instanceof Ingress ingress) {
                routes(id, ingress, objects, problems);
            }
        }
        return problems;
    }

    private static void workload(String id, PodSpec pod, List<String> problems) {
        PodSecurityContext podSecurity = pod.getSecurityContext();
        for (Container c : pod.getContainers()) {
            String where = id + " container " + c.getName();
            if (c.getLivenessProbe() == null || c.getReadinessProbe() == null) {
                problems.add(where + ": needs a liveness and a readiness probe");
            }
            if (c.getResources() == null || c.getResources().getLimits() == null
                    || !c.getResources().getLimits().keySet().containsAll(Set.of("cpu", "memory"))) {
                problems.add(where + ": needs cpu and memory limits");
            }
            SecurityContext security = c.getSecurityContext();
            boolean nonRoot = Boolean.TRUE.equals(security != null ? security.getRunAsNonRoot() : null)
                    || (security == null || security.getRunAsNonRoot() == null) && podSecurity != null
                            && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
            Long user = security != null && security.getRunAsUser() != null ? security.getRunAsUser()
                    : podSecurity != null ? podSecurity.getRunAsUser() : null;
            if (!nonRoot || Long.valueOf(0).equals(user)) {
                problems.add(where + ": may run as root (needs runAsNonRoot: true and a non-zero runAsUser)");
            }
            if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                    || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                problems.add(where + ": needs readOnlyRootFilesystem: true and allowPrivilegeEscalation: false");
            }
        }
    }

    private static void routes(String id, Ingress ingress, List<HasMetadata> objects, List<String> problems) {
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            IngressServiceBackend backend = path.getBackend().getService();
            String where = id + " path " + path.getPath();
            Service service = objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().equals(backend.getName()))
                    .map(Service.class::cast).findFirst().orElse(null);
            if (service == null) {
                problems.add(where + ": routes to Service " + backend.getName() + ", which does not exist");
                return;
            }
            boolean portExists = service.getSpec().getPorts().stream().anyMatch(p -> backend.getPort().getName() != null
                    ? backend.getPort().getName().equals(p.getName()) : backend.getPort().getNumber().equals(p.getPort()));
            if (!portExists) {
                problems.add(where + ": routes to a port Service " + backend.getName() + " does not have");
            }
        }));
    }

    /** fabric8's models keep fields they do not know in additionalProperties: any there is a misspelling. */
    private static void unknownFields(Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            if (node instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknownFields(item, path + "[" + i++ + "]", problems, seen);
                }
            } else if (node instanceof Map<?, ?> map && !(node instanceof ObjectNode)) {
                map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            }
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> problems.add(path + ": unknown field '" + k + "'"));
            } else {
                unknownFields(value, path + "." + decapitalize(getter.getName().substring(3)), problems, seen);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
