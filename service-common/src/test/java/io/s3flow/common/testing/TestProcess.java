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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real server a test runs beside itself (moto, another s3flow service): started, awaited until it answers, stopped. */
public final class TestProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Path log;
    private volatile String url;

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
        TestProcess started = launch(builder);
        started.url = readyUrl;
        started.awaitReady(readyUrl, Instant.now().plus(timeout), ready);
        return started;
    }

    /**
     * Starts a server told to listen on port 0: it binds a free port itself and announces it in its output, where
     * {@code announcement}'s first group finds it. Nothing can take the port between a test choosing it and the server
     * binding it, as with a port found free beforehand. Waits until {@code readyPath} on that port satisfies {@code ready}.
     */
    public static TestProcess listening(ProcessBuilder builder, Pattern announcement, String readyPath, Duration timeout,
            IntPredicate ready) {
        TestProcess started = launch(builder);
        Instant deadline = Instant.now().plus(timeout);
        started.url = "http://127.0.0.1:" + started.awaitAnnounced(announcement, deadline);
        started.awaitReady(started.url + readyPath, deadline, ready);
        return started;
    }

    /**
     * A port that was free a moment ago. Racy: another process may bind it before the child does; prefer
     * {@link #listening} (the child binds port 0 and says which port it got).
     */
    @Deprecated
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} of a server started with {@link #listening}, or the ready URL it was started with. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** Runs {@code then} once the process has exited, however it ended. */
    public void onExit(Runnable then) {
        process.onExit().thenRun(then);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The process's output so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as when a machine or container dies: nothing runs after it; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, …) with {@code kill}, which Java cannot send itself. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** SIGTERM, and SIGKILL if the process is still there after {@code grace}. */
    public void close(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static TestProcess launch(ProcessBuilder builder) {
        try {
            Path log = Files.createTempFile("test-process", ".log");
            return new TestProcess(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + builder.command(), e);
        }
    }

    private int awaitAnnounced(Pattern announcement, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            Matcher found = announcement.matcher(output());
            if (found.find()) {
                return Integer.parseInt(found.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited: " + output());
            }
            pause();
        }
        close();
        throw new IllegalStateException("no port announced (" + announcement + ") in time: " + output());
    }

    private void awaitReady(String url, Instant deadline, IntPredicate ready) {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited: " + output());
            }
            try {
                if (ready.test(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        close();
        throw new IllegalStateException("not ready at " + url + " in time: " + output());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
