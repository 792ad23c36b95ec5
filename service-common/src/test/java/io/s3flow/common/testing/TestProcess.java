package io.s3flow.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/** A real server a test runs beside itself (moto, another s3flow service): started, awaited until it answers, stopped. */
public final class TestProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Path log;

    private TestProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the process, its output in a temporary log, and waits until {@code readyUrl} answers 200. */
    public static TestProcess start(ProcessBuilder builder, String readyUrl, Duration timeout) {
        return start(builder, readyUrl, timeout, status -> status == 200);
    }

    /** As {@link #start(ProcessBuilder, String, Duration)}, ready once {@code ready} accepts the HTTP status. */
    public static TestProcess start(ProcessBuilder builder, String readyUrl, Duration timeout, IntPredicate ready) {
        try {
            Path log = Files.createTempFile("test-process", ".log");
            TestProcess started = new TestProcess(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
            started.awaitReady(readyUrl, timeout, ready);
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + builder.command(), e);
        }
    }

    /** What the process has written so far (standard output and error). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady(String url, Duration timeout, IntPredicate ready) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited: " + Files.readString(log));
            }
            try {
                if (ready.test(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException notYet) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("not ready within " + timeout + ": " + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
