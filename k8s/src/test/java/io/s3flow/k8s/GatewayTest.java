package io.s3flow.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's own errors, from nginx running the configuration ./suite generates (the services behind it down):
 * whatever a hostile request makes nginx answer itself, it answers with problem+json and an errorCode.
 */
class GatewayTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Process nginx;
    private static int port;

    @BeforeAll
    static void startNginx() throws Exception {
        Path dir = Files.createTempDirectory("gateway");
        port = freePort();
        ProcessBuilder render = new ProcessBuilder(ROOT.resolve("suite").toString(), "nginx-conf", dir.toString())
                .redirectOutput(dir.resolve("nginx.conf").toFile()).redirectErrorStream(false);
        render.environment().put("S3FLOW_GATEWAY_PORT", String.valueOf(port));
        render.environment().put("S3FLOW_CONNECTION_SERVICE_PORT", String.valueOf(freePort()));
        render.environment().put("S3FLOW_EXPORT_SERVICE_PORT", String.valueOf(freePort()));
        assertEquals(0, render.start().waitFor(), "./suite nginx-conf failed");
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        nginx = new ProcessBuilder(binary, "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-p", dir.toString(), "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                assertTrue(nginx.isAlive(), "nginx exited: " + Files.readString(dir.resolve("out.log")));
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown path              | 404 | NOT_FOUND
            routed, service down      | 502 | SERVICE_UNAVAILABLE
            malformed request line    | 400 | BAD_REQUEST
            bad percent-encoding      | 400 | BAD_REQUEST
            20,000-character URI      | 414 | URI_TOO_LONG
            20,000-character header   | 400 | HEADERS_TOO_LARGE
            11 MiB body announced     | 413 | BODY_TOO_LARGE
            TRACE                     | 405 | METHOD_NOT_ALLOWED
            """)
    void gatewayErrorsAreProblems(String what, int status, String errorCode) throws IOException {
        String request = switch (what) {
            case "unknown path" -> get("/no-such-route", "");
            case "routed, service down" -> get("/data/foundation/flowservice/connections", "");
            case "malformed request line" -> "HELLO\r\n\r\n";
            case "bad percent-encoding" -> get("/connections/%zz%", "");
            case "20,000-character URI" -> get("/connections/" + "x".repeat(20_000), "");
            case "20,000-character header" -> get("/connections", "X-Big: " + "y".repeat(20_000) + "\r\n");
            case "11 MiB body announced" -> "POST /events HTTP/1.1\r\nHost: s3flow\r\nContent-Type: application/json\r\nContent-Length: "
                    + (11 * 1024 * 1024) + "\r\nConnection: close\r\n\r\n";
            default -> "TRACE /connections HTTP/1.1\r\nHost: s3flow\r\nConnection: close\r\n\r\n";
        };
        String response = exchange(request);
        Matcher statusLine = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(response);
        assertTrue(statusLine.find(), response);
        assertEquals(status, Integer.parseInt(statusLine.group(1)), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"errorCode\":\"" + errorCode + "\""), response);
    }

    private static String get(String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: s3flow\r\n" + headers + "Connection: close\r\n\r\n";
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
