package io.s3flow.export.faults;

import io.s3flow.common.testing.IamMoto;
import io.s3flow.common.testing.ServiceJar;
import io.s3flow.export.ConnectionServices;
import io.s3flow.export.TcpForwarder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fault tests break: a PostgreSQL of their own (both services' databases), the test moto behind a forwarder
 * they can cut, and the real connection- and credential-service (assuming roles through an STS of its own);
 * export-service replicas run beside it as processes.
 */
final class FaultStack implements AutoCloseable {

    final TestPostgres postgres;
    /** S3 as export-service reaches it (the test moto); connection checks go to moto directly. */
    final TcpForwarder s3;
    /** The STS credential-service assumes roles with: a moto of its own, whose record of them a test can read. */
    final IamMoto sts;
    final ConnectionServices services;
    /** The S3 endpoints connections here name (plain http on loopback), allowed in connection- and export-service alike. */
    private final List<String> serviceUrls;

    private FaultStack(TestPostgres postgres, TcpForwarder s3, IamMoto sts, List<String> serviceUrls, ConnectionServices services) {
        this.postgres = postgres;
        this.s3 = s3;
        this.sts = sts;
        this.serviceUrls = serviceUrls;
        this.services = services;
    }

    static FaultStack start() {
        OwnServers servers = OwnServers.start();   // the moto is the STS credential-service assumes roles with
        TcpForwarder s3 = null;
        try {
            s3 = new TcpForwarder(URI.create(ServiceJar.MOTO_URL).getPort());
            List<String> serviceUrls = List.of(ServiceJar.MOTO_URL, s3.url());
            return new FaultStack(servers.postgres(), s3, servers.moto(), serviceUrls,
                    ConnectionServices.start(String.valueOf(servers.postgres().port()), serviceUrls, null, servers.moto().url()));
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            servers.close();
            throw e;
        }
    }

    /**
     * An export-service replica on this stack: its own S3 endpoint (for connections without a serviceUrl, Role ARN
     * ones) is the forwarder; leases of seconds, so a dead or stalled replica's work moves on within the test.
     */
    ExportReplica replica(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of(
                "S3FLOW_DB_HOST", "127.0.0.1",
                "S3FLOW_DB_PORT", String.valueOf(postgres.port()),
                "S3FLOW_CONNECTION_SERVICE_URL", services.connectionUrl(),
                "S3FLOW_AWS_ENDPOINT_OVERRIDE", s3.url(),
                "S3FLOW_SERVICE_URL_ALLOW_LIST", String.join(",", serviceUrls),
                "S3FLOW_DELIVERY_BACKOFF_BASE", "PT0.5S",
                "S3FLOW_DELIVERY_BACKOFF_CAP", "PT4S",
                "S3FLOW_EXPORTS_PROGRESS_INTERVAL", "PT0.5S"));
        env.putAll(settings);
        return new ExportReplica(env);
    }

    @Override
    public void close() {
        services.close();
        sts.close();
        s3.close();
        postgres.close();
    }
}
