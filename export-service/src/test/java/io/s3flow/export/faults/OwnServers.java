package io.s3flow.export.faults;

import io.s3flow.common.testing.BackgroundStart;
import io.s3flow.common.testing.IamMoto;
import java.util.concurrent.CompletableFuture;

/** A PostgreSQL cluster (both services' databases) and a moto of a test's own; moto starts while PostgreSQL makes its cluster. */
public record OwnServers(TestPostgres postgres, IamMoto moto) implements AutoCloseable {

    public static OwnServers start() {
        CompletableFuture<IamMoto> startingMoto = CompletableFuture.supplyAsync(IamMoto::start);
        TestPostgres postgres;
        try {
            postgres = TestPostgres.start();
        } catch (RuntimeException e) {
            BackgroundStart.closeWhenStarted(startingMoto, IamMoto::close, e);
            throw e;
        }
        try {
            return new OwnServers(postgres, startingMoto.join());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try (postgres; moto) {
            // both closed, the moto first
        }
    }
}
