package io.s3flow.k8s.podman;

import io.s3flow.k8s.Manifests;
import io.s3flow.k8s.podman.PodmanPlayConverter.Options;
import io.s3flow.k8s.podman.PodmanPlayConverter.Play;
import io.s3flow.k8s.podman.PodmanPlayConverter.VolumeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The converter on the command line, for {@code ./suite kube up}: reads {@code kubectl kustomize} output on stdin,
 * writes the Pod for {@code podman kube play} and the files of its volumes, and prints what it did, one fact a line:
 * {@code published <service> <port>}, {@code claim <volume>}, {@code ignored <Kind/name>}.
 * <pre>
 * kubectl kustomize k8s/overlays/dev | java io.s3flow.k8s.podman.PodmanPlay --pod s3flow-dev --files DIR --out pod.yaml \
 *     [--publish SERVICE=PORT]... [--image NAME=LOCAL-NAME]...
 * </pre>
 */
public final class PodmanPlay {

    private PodmanPlay() {
    }

    public static void main(String[] args) throws IOException {
        String pod = null;
        Path files = null;
        Path out = null;
        Map<String, Integer> publish = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : usage("missing value after " + args[i]);
            switch (args[i++]) {
                case "--pod" -> pod = value;
                case "--files" -> files = Path.of(value).toAbsolutePath();
                case "--out" -> out = Path.of(value);
                case "--publish" -> publish.put(before(value), Integer.parseInt(after(value)));
                case "--image" -> images.put(before(value), after(value));
                default -> usage("unknown option " + args[i - 1]);
            }
        }
        if (pod == null || files == null || out == null) {
            usage("--pod, --files and --out are required");
        }
        String rendered = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        Play play = PodmanPlayConverter.convert(Manifests.documents(rendered), new Options(pod, publish, images, files, "default"));
        write(play, files, out);
        play.published().forEach((service, port) -> System.out.println("published " + service + " " + port));
        play.claims().forEach(claim -> System.out.println("claim " + claim));
        play.ignored().forEach(object -> System.out.println("ignored " + object));
    }

    /**
     * Writes the Pod and, afresh, the files and empty folders of its volumes: files root-owned, in the group and with
     * the mode the play gives (so a non-root container reads its secrets as it would in a cluster, and no other user
     * can); folders writable by every uid, as a kubelet's emptyDir.
     */
    public static void write(Play play, Path filesDir, Path podFile) {
        try {
            deleteTree(filesDir);
            Files.createDirectories(filesDir);
            Files.setPosixFilePermissions(filesDir, permissions(0755));
            for (String directory : play.directories()) {
                // sticky, as /tmp: every uid may write, and delete only its own files
                Files.setAttribute(Files.createDirectories(filesDir.resolve(directory)), "unix:mode", 01777);
            }
            for (VolumeFile file : play.files()) {
                Path target = filesDir.resolve(file.path());
                Path volume = filesDir.resolve(Path.of(file.path()).getName(0));
                Files.createDirectories(target.getParent());
                Files.setPosixFilePermissions(volume, permissions(file.group() == null ? 0755 : 0750));
                Files.write(target, file.content());
                Files.setPosixFilePermissions(target, permissions(file.mode()));
                if (file.group() != null) {
                    Files.setAttribute(volume, "unix:gid", file.group().intValue());
                    Files.setAttribute(target, "unix:gid", file.group().intValue());
                }
            }
            Files.writeString(podFile, Manifests.yaml(play.pod()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String before(String assignment) {
        int eq = assignment.indexOf('=');
        return eq > 0 ? assignment.substring(0, eq) : usage("expected NAME=VALUE, got " + assignment);
    }

    private static String after(String assignment) {
        return assignment.substring(assignment.indexOf('=') + 1);
    }

    private static String usage(String problem) {
        System.err.println("PodmanPlay: " + problem);
        System.err.println("usage: kubectl kustomize OVERLAY | PodmanPlay --pod NAME --files DIR --out POD.yaml"
                + " [--publish SERVICE=PORT]... [--image NAME=LOCAL-NAME]...");
        System.exit(2);
        return null;
    }
}
