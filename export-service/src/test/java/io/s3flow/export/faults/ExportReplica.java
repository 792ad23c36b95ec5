package io.s3flow.export.faults;

import io.s3flow.common.testing.ServiceJar;
import io.s3flow.common.testing.TestProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * export-service as a process of its own, from its built jar: a replica a test can SIGKILL and start again (on
 * whatever port the new process binds), SIGSTOP and SIGCONT, and read the metrics of.
 */
final class ExportReplica implements AutoCloseable {

    private final Map<String, String> env;
    private volatile ServiceJar.Running running;

    ExportReplica(Map<String, String> env) {
        this.env = env;
        start();
    }

    String url() {
        return running.url();
    }

    TestProcess process() {
        return running.process();
    }

    /** SIGKILL: nothing of this replica runs after it; its leases run out by themselves. */
    void kill() {
        running.process().kill();
    }

    void start() {
        running = ServiceJar.start("export-service", env);
    }

    /** A counter of this replica (Prometheus text at /q/metrics), or 0 before it first counts. */
    double counter(String name) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name.replace('.', '_') + "_total") + "(\\{[^}]*\\})? (\\S+)$")
                .matcher(metrics.body());
        double total = 0;
        while (value.find()) {
            total += Double.parseDouble(value.group(2));
        }
        return total;
    }

    @Override
    public void close() {
        if (running != null) {
            running.close();
        }
    }
}
