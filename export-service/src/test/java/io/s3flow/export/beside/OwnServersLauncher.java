package io.s3flow.export.beside;

import io.s3flow.common.testing.BackgroundStart;
import io.s3flow.common.testing.IamMoto;
import io.s3flow.export.faults.TestPostgres;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.platform.console.ConsoleLauncher;

/**
 * JUnit's console launcher on a PostgreSQL and a moto of this JVM's own, for test classes that run beside surefire's
 * (src/test/sh/tests-beside.sh): each Quarkus start wipes its database (Flyway's clean-at-start), so two test JVMs
 * cannot share surefire's. The servers are handed to the tests the way {@code ./suite test} hands its own, under the
 * names {@code S3FLOW_TEST_PG_PORT} and {@code S3FLOW_TEST_MOTO_URL}, as system properties (which Quarkus's
 * configuration and {@code ServiceJar.setting} read before the environment). The arguments are the launcher's; the
 * exit status is its.
 */
public final class OwnServersLauncher {

    private OwnServersLauncher() {
    }

    public static void main(String... args) {
        System.exit(run(args));
    }

    private static int run(String... args) {
        // moto starts while PostgreSQL makes its cluster
        CompletableFuture<IamMoto> startingMoto = CompletableFuture.supplyAsync(IamMoto::start);
        TestPostgres postgres;
        try {
            postgres = TestPostgres.start();
        } catch (RuntimeException e) {
            BackgroundStart.closeWhenStarted(startingMoto, IamMoto::close, e);
            throw e;
        }
        try (postgres; IamMoto moto = startingMoto.join()) {
            System.setProperty("S3FLOW_TEST_PG_PORT", String.valueOf(postgres.port()));
            System.setProperty("S3FLOW_TEST_MOTO_URL", moto.url());
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            return ConsoleLauncher.run(out, err, args).getExitCode();
        }
    }
}
