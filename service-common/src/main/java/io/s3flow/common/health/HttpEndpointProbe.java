package io.s3flow.common.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness of a remote HTTP endpoint (S3, STS): any HTTP answer, even 403, proves it is reachable; only a
 * connection failure or a timeout makes the check DOWN.
 */
public final class HttpEndpointProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private HttpEndpointProbe() {
    }

    public static HealthCheckResponse probe(String name, URI endpoint) {
        var response = HealthCheckResponse.named(name).withData("endpoint", endpoint.toString());
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return response.withData("status", status).up().build();
        } catch (IOException e) {
            return response.withData("error", "unreachable").down().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.withData("error", "interrupted").down().build();
        }
    }
}
