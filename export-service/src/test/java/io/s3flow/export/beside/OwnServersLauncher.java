package io.s3flow.export.beside;

import io.s3flow.common.testing.ServiceJar;
import io.s3flow.export.faults.OwnServers;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        try (OwnServers servers = OwnServers.start()) {
            System.setProperty("S3FLOW_TEST_PG_PORT", String.valueOf(servers.postgres().port()));
            System.setProperty("S3FLOW_TEST_MOTO_URL", servers.moto().url());
            // read once, when first loaded: a class that loaded ServiceJar before this would leave the tests on surefire's moto
            if (!ServiceJar.MOTO_URL.equals(servers.moto().url())) {
                throw new IllegalStateException("ServiceJar.MOTO_URL was read before this JVM's moto was set: " + ServiceJar.MOTO_URL);
            }
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            return ConsoleLauncher.run(out, err, args).getExitCode();
        }
    }
}
