package io.s3flow.k8s.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what `kubectl kustomize` renders into one Pod that `podman kube play` runs, bending what podman reads less
 * well than a cluster (README, "The dev overlay in containers", lists every bend):
 * <ul>
 * <li>every Deployment and StatefulSet becomes a container of one Pod, so they share a network namespace; a Service
 * is a host alias for 127.0.0.1, and URLs naming a Service's port are rewritten to its target port;</li>
 * <li>ConfigMaps and Secrets are resolved into plain env values, and their volumes into files (owned as a kubelet
 * would with the pod's fsGroup) mounted read-only from the host;</li>
 * <li>emptyDirs become fresh folders of the play, claims become named podman volumes, probes are dropped, and only
 * the Services asked for are published, on 127.0.0.1;</li>
 * <li>Ingresses, NetworkPolicies, autoscalers, disruption budgets and ServiceAccounts are not played (listed as
 * ignored); any other kind is refused.</li>
 * </ul>
 */
public final class PodmanPlayConverter {

    /** Kinds a single-host play has nothing to do with; anything else unknown is an error, never silently dropped. */
    static final Set<String> IGNORED_KINDS = Set.of("Ingress", "NetworkPolicy", "HorizontalPodAutoscaler",
            "PodDisruptionBudget", "ServiceAccount");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * @param podName the Pod (and prefix of its claims' volumes); unique per play, so plays can run side by side
     * @param publish Service name to the 127.0.0.1 port its first port is published on
     * @param images image names as the manifests give them to the local image podman should run instead
     * @param filesDir the host folder the Secret and ConfigMap files will be written to (absolute)
     * @param namespace what {@code fieldRef: metadata.namespace} resolves to
     */
    public record Options(String podName, Map<String, Integer> publish, Map<String, String> images, Path filesDir,
            String namespace) {
    }

    /** A file of a Secret or ConfigMap volume, relative to {@link Options#filesDir()}, owned by root and the group. */
    public record VolumeFile(String path, byte[] content, int mode, Long group) {
    }

    /**
     * @param pod the Pod to play
     * @param files the files its hostPath volumes expect
     * @param directories the empty folders (emptyDirs) its hostPath volumes expect, relative to the files folder
     * @param published Service name to its host port
     * @param claims the named volumes the play creates (they outlive the Pod, as claims do)
     * @param ignored Kind/name of every object not played
     */
    public record Play(ObjectNode pod, List<VolumeFile> files, List<String> directories, Map<String, Integer> published,
            List<String> claims, List<String> ignored) {
    }

    private record Workload(String kind, String name, ObjectNode template, List<String> claimTemplates) {
    }

    private record ServicePorts(String name, Map<Integer, Integer> targetByPort, int firstTarget) {
    }

    private final Options options;
    private final Map<String, Map<String, byte[]>> configMaps = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
    private final List<JsonNode> services = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<VolumeFile> files = new ArrayList<>();
    private final List<String> directories = new ArrayList<>();
    private final List<String> claims = new ArrayList<>();

    private PodmanPlayConverter(Options options) {
        this.options = options;
    }

    public static Play convert(List<JsonNode> documents, Options options) {
        return new PodmanPlayConverter(options).run(documents);
    }

    private Play run(List<JsonNode> documents) {
        for (JsonNode doc : documents) {
            index(doc);
        }
        Map<String, ServicePorts> servicePorts = new TreeMap<>();
        Map<Integer, String> publishedTargets = new LinkedHashMap<>();
        Map<String, Integer> published = new TreeMap<>();
        for (JsonNode service : services) {
            ServicePorts ports = servicePorts(service);
            servicePorts.put(ports.name(), ports);
        }
        options.publish().forEach((service, hostPort) -> {
            ServicePorts ports = servicePorts.get(service);
            if (ports == null) {
                throw new IllegalArgumentException("cannot publish " + service + ": no such Service");
            }
            publishedTargets.put(ports.firstTarget(), service);
            published.put(service, hostPort);
        });

        ObjectNode pod = JSON.objectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.putObject("metadata").put("name", options.podName())
                .putObject("labels").put("app.kubernetes.io/part-of", "s3flow");
        ObjectNode spec = pod.putObject("spec");
        spec.put("restartPolicy", "Always");
        ArrayNode aliases = spec.putArray("hostAliases");
        ObjectNode alias = aliases.addObject().put("ip", LOOPBACK);
        servicePorts.keySet().forEach(alias.withArray("hostnames")::add);
        ArrayNode containers = spec.putArray("containers");
        ArrayNode volumes = spec.putArray("volumes");
        Map<Integer, String> portOwners = new TreeMap<>();
        int grace = 0;
        for (Workload workload : workloads) {
            JsonNode podSpec = workload.template().path("spec");
            if (podSpec.has("initContainers")) {
                throw new IllegalArgumentException(workload.kind() + "/" + workload.name() + ": init containers are not played");
            }
            grace = Math.max(grace, podSpec.path("terminationGracePeriodSeconds").asInt(30));
            for (JsonNode container : podSpec.path("containers")) {
                containers.add(container(workload, container, podSpec.path("securityContext"), servicePorts,
                        publishedTargets, published, portOwners));
            }
            volumes(workload, podSpec, volumes);
        }
        spec.put("terminationGracePeriodSeconds", grace);
        return new Play(pod, List.copyOf(files), List.copyOf(directories), published, List.copyOf(claims), List.copyOf(ignored));
    }

    private void index(JsonNode doc) {
        String kind = doc.path("kind").asText();
        String name = doc.at("/metadata/name").asText();
        switch (kind) {
            case "ConfigMap" -> {
                Map<String, byte[]> data = new TreeMap<>();
                doc.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), utf8(e.getValue().asText())));
                doc.path("binaryData").fields().forEachRemaining(e -> data.put(e.getKey(), base64(e.getValue().asText())));
                configMaps.put(name, data);
            }
            case "Secret" -> {
                Map<String, byte[]> data = new TreeMap<>();
                doc.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), base64(e.getValue().asText())));
                doc.path("stringData").fields().forEachRemaining(e -> data.put(e.getKey(), utf8(e.getValue().asText())));
                secrets.put(name, data);
            }
            case "Service" -> services.add(doc);
            case "Deployment", "StatefulSet" -> {
                List<String> claimTemplates = new ArrayList<>();
                doc.at("/spec/volumeClaimTemplates").forEach(t -> claimTemplates.add(t.at("/metadata/name").asText()));
                workloads.add(new Workload(kind, name, (ObjectNode) doc.at("/spec/template"), claimTemplates));
            }
            default -> {
                if (!IGNORED_KINDS.contains(kind)) {
                    throw new IllegalArgumentException("cannot play " + kind + "/" + name + " with podman");
                }
                ignored.add(kind + "/" + name);
            }
        }
    }

    /** A Service's ports, each to the container port it targets (named target ports looked up in its workload). */
    private ServicePorts servicePorts(JsonNode service) {
        String name = service.at("/metadata/name").asText();
        JsonNode selector = service.at("/spec/selector");
        List<Workload> selected = workloads.stream().filter(w -> selects(selector, w.template().at("/metadata/labels"))).toList();
        if (selected.size() != 1) {
            throw new IllegalArgumentException("Service " + name + " selects " + selected.size()
                    + " workloads; a play needs exactly one");
        }
        Map<Integer, Integer> targets = new LinkedHashMap<>();
        for (JsonNode port : service.at("/spec/ports")) {
            JsonNode target = port.path("targetPort");
            int targetPort = target.isMissingNode() ? port.path("port").asInt()
                    : target.isInt() || target.asText().matches("\\d+") ? target.asInt()
                    : namedPort(selected.get(0), target.asText(), name);
            targets.put(port.path("port").asInt(), targetPort);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("Service " + name + " has no ports");
        }
        return new ServicePorts(name, targets, targets.values().iterator().next());
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static int namedPort(Workload workload, String portName, String service) {
        for (JsonNode container : workload.template().at("/spec/containers")) {
            for (JsonNode port : container.path("ports")) {
                if (portName.equals(port.path("name").asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        throw new IllegalArgumentException("Service " + service + " targets port '" + portName + "', which "
                + workload.name() + " does not declare");
    }

    private ObjectNode container(Workload workload, JsonNode source, JsonNode podSecurity,
            Map<String, ServicePorts> servicePorts, Map<Integer, String> publishedTargets,
            Map<String, Integer> published, Map<Integer, String> portOwners) {
        String name = source.path("name").asText();
        ObjectNode out = JSON.objectNode();
        out.put("name", workload.name().equals(name) ? name : workload.name() + "-" + name);
        String image = source.path("image").asText();
        out.put("image", options.images().getOrDefault(image, image));
        // every image is built here; none may be pulled (no registry is reachable)
        out.put("imagePullPolicy", "Never");
        copy(source, out, "command", "args", "workingDir", "resources");
        ArrayNode env = out.putArray("env");
        resolveEnv(workload, source, servicePorts).forEach((key, value) -> env.addObject().put("name", key).put("value", value));

        ArrayNode ports = JSON.arrayNode();
        for (JsonNode port : source.path("ports")) {
            int containerPort = port.path("containerPort").asInt();
            String owner = portOwners.putIfAbsent(containerPort, out.path("name").asText());
            if (owner != null) {
                throw new IllegalArgumentException(out.path("name").asText() + " and " + owner + " both listen on "
                        + containerPort + ": one network namespace cannot hold both");
            }
            String service = publishedTargets.get(containerPort);
            if (service != null) {
                // published on loopback only; a port without hostPort would be published on every address
                ports.addObject().put("containerPort", containerPort).put("hostPort", published.get(service))
                        .put("hostIP", LOOPBACK).put("protocol", port.path("protocol").asText("TCP"));
            }
        }
        if (!ports.isEmpty()) {
            out.set("ports", ports);
        }
        out.set("securityContext", securityContext(podSecurity, source.path("securityContext")));
        ArrayNode mounts = JSON.arrayNode();
        for (JsonNode mount : source.path("volumeMounts")) {
            ObjectNode m = mount.deepCopy();
            m.put("name", workload.name() + "-" + mount.path("name").asText());
            if (isFileVolume(workload, mount.path("name").asText())) {
                m.put("readOnly", true);
            }
            mounts.add(m);
        }
        if (!mounts.isEmpty()) {
            out.set("volumeMounts", mounts);
        }
        return out;
    }

    /** Pod-level security settings a container inherits, applied to the container (its pod is shared now). */
    private static ObjectNode securityContext(JsonNode pod, JsonNode container) {
        ObjectNode merged = JSON.objectNode();
        for (String field : List.of("runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile", "seLinuxOptions")) {
            if (pod.has(field)) {
                merged.set(field, pod.get(field).deepCopy());
            }
        }
        container.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
        return merged;
    }

    private Map<String, String> resolveEnv(Workload workload, JsonNode container, Map<String, ServicePorts> servicePorts) {
        String where = workload.name() + " container " + container.path("name").asText();
        // envFrom first, in order, then env: an explicit variable wins, as in Kubernetes (podman does it the other way)
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            JsonNode ref = from.has("configMapRef") ? from.get("configMapRef") : from.get("secretRef");
            Map<String, byte[]> source = from.has("configMapRef") ? configMaps.get(ref.path("name").asText())
                    : secrets.get(ref.path("name").asText());
            if (source == null) {
                if (ref.path("optional").asBoolean(false)) {
                    continue;
                }
                throw new IllegalArgumentException(where + ": envFrom names " + ref.path("name").asText() + ", which is not rendered");
            }
            source.forEach((key, value) -> env.put(prefix + key, new String(value, StandardCharsets.UTF_8)));
        }
        for (JsonNode var : container.path("env")) {
            String key = var.path("name").asText();
            if (var.has("value")) {
                env.put(key, var.get("value").asText());
                continue;
            }
            JsonNode from = var.path("valueFrom");
            String value;
            if (from.has("configMapKeyRef") || from.has("secretKeyRef")) {
                boolean configMap = from.has("configMapKeyRef");
                JsonNode ref = configMap ? from.get("configMapKeyRef") : from.get("secretKeyRef");
                Map<String, byte[]> source = configMap ? configMaps.get(ref.path("name").asText()) : secrets.get(ref.path("name").asText());
                byte[] bytes = source == null ? null : source.get(ref.path("key").asText());
                if (bytes == null) {
                    if (ref.path("optional").asBoolean(false)) {
                        continue;
                    }
                    throw new IllegalArgumentException(where + ": " + key + " refers to " + ref.path("name").asText() + "/"
                            + ref.path("key").asText() + ", which is not rendered");
                }
                value = new String(bytes, StandardCharsets.UTF_8);
            } else if (from.has("fieldRef")) {
                value = switch (from.at("/fieldRef/fieldPath").asText()) {
                    case "metadata.namespace" -> options.namespace();
                    case "metadata.name", "spec.nodeName" -> options.podName();
                    case "status.podIP", "status.hostIP" -> LOOPBACK;
                    default -> throw new IllegalArgumentException(where + ": " + key + " reads "
                            + from.at("/fieldRef/fieldPath").asText() + ", which a play cannot give");
                };
            } else {
                throw new IllegalArgumentException(where + ": " + key + " has a value source a play cannot give: " + from);
            }
            env.put(key, value);
        }
        env.replaceAll((key, value) -> serviceUrls(value, servicePorts));
        return env;
    }

    private static final Pattern URL = Pattern.compile("(https?)://([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\\d+))?(?=[/?#,;\\s\"']|$)");

    /** http://service[:port] to http://service:targetPort: what kube-proxy does for a Service's cluster address. */
    private static String serviceUrls(String value, Map<String, ServicePorts> servicePorts) {
        Matcher m = URL.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            ServicePorts service = servicePorts.get(m.group(2));
            int port = m.group(4) != null ? Integer.parseInt(m.group(4)) : m.group(1).equals("https") ? 443 : 80;
            Integer target = service == null ? null : service.targetByPort().get(port);
            m.appendReplacement(out, Matcher.quoteReplacement(target == null ? m.group()
                    : m.group(1) + "://" + m.group(2) + ":" + target));
        }
        return m.appendTail(out).toString();
    }

    private boolean isFileVolume(Workload workload, String volume) {
        for (JsonNode v : workload.template().at("/spec/volumes")) {
            if (volume.equals(v.path("name").asText())) {
                return v.has("secret") || v.has("configMap");
            }
        }
        return false;
    }

    private void volumes(Workload workload, JsonNode podSpec, ArrayNode volumes) {
        JsonNode fsGroup = podSpec.at("/securityContext/fsGroup");
        Long group = fsGroup.isMissingNode() ? null : fsGroup.asLong();
        for (JsonNode volume : podSpec.path("volumes")) {
            String name = workload.name() + "-" + volume.path("name").asText();
            ObjectNode out = volumes.addObject().put("name", name);
            if (volume.has("emptyDir")) {
                // a fresh world-writable folder of this play, as a kubelet makes one: podman would make a named
                // volume of an emptyDir, shared by every pod that uses the name and kept after the pod is gone
                directories.add(name);
                out.putObject("hostPath").put("path", options.filesDir().resolve(name).toString()).put("type", "Directory");
            } else if (volume.has("secret")) {
                JsonNode secret = volume.get("secret");
                fileVolume(name, secrets.get(secret.path("secretName").asText()), secret, 0644, group, out,
                        "Secret " + secret.path("secretName").asText());
            } else if (volume.has("configMap")) {
                JsonNode configMap = volume.get("configMap");
                fileVolume(name, configMaps.get(configMap.path("name").asText()), configMap, 0644, group, out,
                        "ConfigMap " + configMap.path("name").asText());
            } else if (volume.has("persistentVolumeClaim")) {
                claim(out, options.podName() + "-" + volume.at("/persistentVolumeClaim/claimName").asText());
            } else {
                List<String> type = new ArrayList<>();
                volume.fieldNames().forEachRemaining(type::add);
                type.remove("name");
                throw new IllegalArgumentException(workload.name() + ": volume " + volume.path("name").asText()
                        + " is of a type a play does not support: " + String.join(", ", type));
            }
        }
        for (String template : workload.claimTemplates()) {
            // a StatefulSet's claim for its one replica, as the cluster would name it: <template>-<set>-0
            claim(volumes.addObject().put("name", workload.name() + "-" + template),
                    options.podName() + "-" + template + "-" + workload.name() + "-0");
        }
    }

    private void claim(ObjectNode volume, String claimName) {
        volume.putObject("persistentVolumeClaim").put("claimName", claimName);
        claims.add(claimName);
    }

    /** The files of a Secret or ConfigMap volume, written as a kubelet would: 0644 or defaultMode, fsGroup-readable. */
    private void fileVolume(String name, Map<String, byte[]> data, JsonNode source, int defaultMode, Long group,
            ObjectNode out, String what) {
        if (data == null) {
            if (source.path("optional").asBoolean(false)) {
                data = Map.of();
            } else {
                throw new IllegalArgumentException("volume " + name + " needs " + what + ", which is not rendered");
            }
        }
        int mode = source.path("defaultMode").asInt(defaultMode);
        Map<String, byte[]> chosen = new TreeMap<>();
        Map<String, Integer> modes = new TreeMap<>();
        if (source.has("items")) {
            for (JsonNode item : source.get("items")) {
                byte[] content = data.get(item.path("key").asText());
                if (content == null) {
                    throw new IllegalArgumentException("volume " + name + ": " + what + " has no key " + item.path("key").asText());
                }
                chosen.put(item.path("path").asText(), content);
                modes.put(item.path("path").asText(), item.path("mode").asInt(mode));
            }
        } else {
            data.forEach((key, content) -> {
                chosen.put(key, content);
                modes.put(key, mode);
            });
        }
        chosen.forEach((path, content) -> {
            if (path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
                throw new IllegalArgumentException("volume " + name + ": file path " + path + " leaves the volume");
            }
            // with an fsGroup the kubelet gives the group read access; without one, root-owned files stay as they are
            int fileMode = group == null ? modes.get(path) : modes.get(path) | ((modes.get(path) & 0400) >> 3);
            files.add(new VolumeFile(name + "/" + path, content, fileMode, group));
        });
        out.putObject("hostPath").put("path", options.filesDir().resolve(name).toString()).put("type", "Directory");
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] base64(String text) {
        return Base64.getMimeDecoder().decode(text);
    }

    /** Every Service's name, for callers that publish them all. */
    public static Set<String> serviceNames(List<JsonNode> documents) {
        Set<String> names = new TreeSet<>();
        documents.stream().filter(d -> d.path("kind").asText().equals("Service"))
                .forEach(d -> names.add(d.at("/metadata/name").asText()));
        return names;
    }
}
