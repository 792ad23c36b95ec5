package io.s3flow.export.faults;

import io.s3flow.common.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, from Debian's binaries as {@code ./suite} runs them (as the {@code postgres}
 * user when the test runs as root), so the test may crash and restart it without pulling the shared test database
 * from under other tests. It holds the {@code exports} and {@code connections} databases, each owned by its
 * service's own user ({@code export_service}, {@code connection_service}) as {@code ./suite} makes them.
 */
public final class TestPostgres implements AutoCloseable {

    private static final Path BIN = Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /** export-service's database user, whose password is its name. */
    static final String EXPORTS_USER = "export_service";

    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    /** Stops the cluster when the JVM is stopped before {@link #close()} (pg_ctl detaches the server from the JVM's
     * process group, so a TERM of the group does not reach it). */
    private final Thread stopAtExit = new Thread(this::stop, "stop test PostgreSQL");

    private TestPostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
    }

    public static TestPostgres start() {
        try {
            Path dir = Files.createTempDirectory("s3flow-test-pg");
            if (ROOT) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            run("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
            // PostgreSQL cannot be told to take any free port: a port found free is tried, another one if it was taken
            for (int attempt = 1; ; attempt++) {
                @SuppressWarnings("deprecation")
                TestPostgres pg = new TestPostgres(dir, TestProcess.freePort());
                try {
                    pg.startServer();
                    Runtime.getRuntime().addShutdownHook(pg.stopAtExit);
                    pg.createDatabases();
                    return pg;
                } catch (IllegalStateException e) {
                    if (attempt == 5 || !pg.output().contains("could not bind")) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** An immediate stop (no checkpoint, clients cut off, as a crash) and a start: crash recovery on the same port. */
    void crashAndRestart() {
        run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        startServer();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran
        }
        stop();
    }

    private void stop() {
        if (!Files.exists(dir)) {
            return;   // stopped before, by close() or the hook
        }
        try {
            run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IllegalStateException alreadyDown) {
            // stopped before
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        run("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + " -c fsync=off -c max_connections=100", "start");
    }

    /** The services' users and databases; a user's password is its name, as in the local stack. */
    private void createDatabases() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement sql = c.createStatement()) {
            for (String[] owned : new String[][] {{EXPORTS_USER, "exports"}, {"connection_service", "connections"}}) {
                sql.execute("CREATE ROLE " + owned[0] + " LOGIN PASSWORD '" + owned[0] + "'");
                sql.execute("CREATE DATABASE " + owned[1] + " OWNER " + owned[0]);
                sql.execute("REVOKE ALL ON DATABASE " + owned[1] + " FROM PUBLIC");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of PostgreSQL's programs (as the postgres user when root) and waits for it. */
    private static void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
