package io.s3flow.export.connection;

import io.s3flow.common.auth.ServiceTokens;
import io.s3flow.common.aws.Encryption;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.remote.Refused;
import io.s3flow.common.remote.RemoteCall;
import io.s3flow.common.remote.ServiceUnavailable;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The calls export-service makes to connection-service: acting for a user with the user's token, in the background
 * with a service token. A refusal (unknown connection, rejected credentials) keeps connection-service's error code;
 * an unreachable or failing connection-service is {@link ServiceUnavailable}, worth another try.
 */
@ApplicationScoped
public class ConnectionClient {

    public static final String SERVICE = "connection-service";
    private static final Logger LOG = Logger.getLogger(ConnectionClient.class);

    private final ConnectionRestClient client;
    private final ServiceTokens tokens;

    ConnectionClient(@RestClient ConnectionRestClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    /** The connection's {@code stream} or {@code export} credentials test, run as the user, writing with {@code encryption}. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ServiceUnavailable.class)
    public ConnectionRestClient.TestReport test(String userToken, Tenant tenant, UUID connectionId, String purpose, Encryption encryption) {
        return RemoteCall.call(SERVICE, () -> client.test("Bearer " + userToken, tenant.org(), tenant.sandbox(), connectionId, purpose,
                new ConnectionRestClient.TestOptions(encryption.toRequest())), Refused::new);
    }

    /**
     * The connection's target, once it passes the test for {@code purpose} ({@code stream} or {@code export}) writing
     * as the stream or export will ({@code encryption}): 422 naming each failing permission otherwise, and a 400 on
     * {@code connectionId} for a connection this tenant does not have.
     */
    public ConnectionRestClient.Target requirePassing(String userToken, Tenant tenant, UUID connectionId, String purpose,
            Encryption encryption) {
        ConnectionRestClient.TestReport report;
        try {
            report = test(userToken, tenant, connectionId, purpose, encryption);
        } catch (Refused refused) {
            if (refused.problem().status() == 404) {
                throw ProblemException.invalid("connectionId", "no such connection in this org and sandbox");
            }
            throw refused;
        }
        if (!report.result()) {
            List<Problem.Violation> failed = report.checks().stream().filter(c -> !c.ok())
                    .map(c -> new Problem.Violation(c.permission(), c.errorCode() + (c.hint() == null ? "" : ": " + c.hint())))
                    .toList();
            throw new ProblemException(new Problem("urn:s3flow:problem:CONNECTION_TEST_FAILED", "Unprocessable Content", 422,
                    "The connection does not pass the " + purpose + " test; fix these permissions and try again.",
                    "CONNECTION_TEST_FAILED", failed, null));
        }
        return target(tenant, connectionId);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = ServiceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public ConnectionRestClient.Target target(Tenant tenant, UUID connectionId) {
        return RemoteCall.call(SERVICE,
                () -> client.target(bearer(tenant), tenant.org(), tenant.sandbox(), connectionId), Refused::new);
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = ServiceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    /** Credentials to write into the connection's folder, allowed to use the KMS key of {@code encryption} through S3. */
    public ConnectionRestClient.Access writeAccess(Tenant tenant, UUID connectionId, Encryption encryption) {
        return RemoteCall.call(SERVICE, () -> client.access(bearer(tenant), tenant.org(), tenant.sandbox(), connectionId, "write",
                encryption.kmsKeyId()), Refused::new);
    }

    /**
     * What a storage client of the connection calls when S3 redirects it to another region: connection-service finds
     * the region out again, so that the next batch signs for it at once. Best effort: the client follows the redirect
     * anyway, and a failure here costs one more redirect next time, nothing else.
     */
    public Consumer<String> regionMoved(Tenant tenant, UUID connectionId) {
        return region -> {
            try {
                rediscoverRegion(tenant, connectionId, region);
            } catch (RuntimeException e) {
                LOG.warnf("connection %s: its bucket's new region %s could not be remembered: %s", connectionId, region, e.getMessage());
            }
        };
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, retryOn = ServiceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public ConnectionRestClient.Target rediscoverRegion(Tenant tenant, UUID connectionId, String observed) {
        return RemoteCall.call(SERVICE,
                () -> client.rediscoverRegion(bearer(tenant), tenant.org(), tenant.sandbox(), connectionId, observed), Refused::new);
    }

    private String bearer(Tenant tenant) {
        return "Bearer " + tokens.mint(tenant, SERVICE);
    }
}
