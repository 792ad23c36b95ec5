package io.s3flow.export;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3flow.common.testing.BackgroundStart;
import io.s3flow.common.testing.IamMoto;
import io.s3flow.common.testing.ServiceJar;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The real connection-service and credential-service, from their built jars, beside export-service's tests:
 * export → connection → credential, as in production, against the test PostgreSQL and moto.
 */
public class ConnectionStack implements QuarkusTestResourceLifecycleManager {

    /** The bucket in {@link #iamMoto} that {@link #currents} may write (Braze's Currents policy). */
    public static final String IAM_BUCKET = "currents-iam";

    /** connection-service's URL, for tests that create connections directly. */
    public static volatile String connectionServiceUrl;
    /** A moto that enforces IAM, with a user holding the Braze Currents policy on {@link #IAM_BUCKET}. */
    public static volatile IamMoto iamMoto;
    public static volatile IamMoto.Keys currents;
    /** An S3 server that refuses unknown access keys. */
    public static volatile S3ProxyServer s3proxy;
    /** The test moto behind a forwarder a test can cut, as if S3 were down. */
    public static volatile TcpForwarder flakyMoto;

    /** The test PostgreSQL, where connection-service keeps its connections. */
    static final String POSTGRES_PORT = ServiceJar.setting("S3FLOW_TEST_PG_PORT", "55433");

    private ConnectionServices services;

    @Override
    public Map<String, String> start() {
        // credential-service and S3Proxy (two JVMs) start while the IAM moto is set up: each mostly waits on its own start
        ExecutorService starting = Executors.newFixedThreadPool(2);
        Future<ServiceJar.Running> credential = starting.submit(() -> ConnectionServices.startCredential(null, null));
        Future<S3ProxyServer> proxy = starting.submit(S3ProxyServer::start);
        starting.shutdown();
        try {
            iamMoto = IamMoto.start();
            iamMoto.createBucket(IAM_BUCKET);
            currents = iamMoto.createUser("currents", IamMoto.policy("iam/braze-currents-policy.json", IAM_BUCKET));
            iamMoto.enforce();
            s3proxy = proxy.get();
            flakyMoto = new TcpForwarder(URI.create(ServiceJar.MOTO_URL).getPort());
            List<String> allowList = List.of(ServiceJar.MOTO_URL, iamMoto.url(), flakyMoto.url(), s3proxy.url());
            services = ConnectionServices.startConnection(POSTGRES_PORT, allowList, null, credential.get());
            connectionServiceUrl = services.connectionUrl();
            return Map.of("quarkus.rest-client.connection-service.url", services.connectionUrl(),
                    "s3flow.service-urls.allow-list", String.join(",", allowList));
        } catch (Exception e) {
            // whatever did start stops (closing a process twice does no harm)
            BackgroundStart.closeWhenStarted(credential, ServiceJar.Running::close, e);
            BackgroundStart.closeWhenStarted(proxy, S3ProxyServer::close, e);
            stop();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("the connection stack did not start", e);
        }
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
        if (iamMoto != null) {
            iamMoto.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
        if (flakyMoto != null) {
            flakyMoto.close();
        }
    }
}
