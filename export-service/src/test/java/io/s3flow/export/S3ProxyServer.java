package io.s3flow.export;

import io.s3flow.common.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * S3Proxy on a filesystem backend: a real S3 server that checks the access key and signature of every request
 * (moto's IAM mode cannot: it rejects SigV4 for keys with '=' or '+', which every Currents key has).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIAS3PROXYTESTKEY01";
    public static final String SECRET_KEY = "s3proxy-test-secret-00000000000000000000";

    /** Jetty's line once its connector listens: {@code Started …ServerConnector@…{HTTP/1.1, (http/1.1)}{127.0.0.1:40211}}. */
    private static final Pattern STARTED = Pattern.compile("Started \\S*ServerConnector@[^{]*\\{[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

    private final TestProcess process;
    private final String url;

    private S3ProxyServer(TestProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static S3ProxyServer start() {
        Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
        try {
            Path dir = Files.createTempDirectory("s3proxy");
            Files.createDirectories(dir.resolve("data"));
            // port 0: Jetty binds a free port itself and names it when it starts
            Path properties = Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:0",
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data")));
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString());
            // any HTTP answer (403 to an unsigned request) means it is up
            TestProcess server = TestProcess.listening(builder, STARTED, "/", Duration.ofSeconds(60), status -> status > 0);
            return new S3ProxyServer(server, server.url());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.close();
    }
}
