package io.s3flow.connection.credential;

import io.s3flow.common.auth.ServiceTokens;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.remote.Refused;
import io.s3flow.common.remote.RemoteCall;
import io.s3flow.common.remote.ServiceUnavailable;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The calls connection-service makes to credential-service, with a service token for the tenant's org, a timeout,
 * retries of transient failures and a circuit breaker, so that a slow credential-service cannot pile up requests here.
 */
@ApplicationScoped
public class CredentialClient {

    private static final String SERVICE = "credential-service";

    private final CredentialRestClient client;
    private final ServiceTokens tokens;

    CredentialClient(@RestClient CredentialRestClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, retryOn = ServiceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public CredentialRestClient.PlatformIdentity platformIdentity(Tenant tenant) {
        return RemoteCall.call(SERVICE, () -> client.platformIdentity(bearer(tenant), tenant.org(), tenant.sandbox()),
                ProblemException::new);
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, retryOn = ServiceUnavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public String externalId(Tenant tenant) {
        return RemoteCall.call(SERVICE, () -> client.externalId(bearer(tenant), tenant.org(), tenant.sandbox()).externalId(),
                ProblemException::new);
    }

    /**
     * Credentials for one connection and scope. A refusal (bad keys, a role that cannot be assumed) comes back as a
     * {@link Refused} with credential-service's stable error code.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = ServiceUnavailable.class)
    public CredentialRestClient.ResolvedCredentials resolve(Tenant tenant, CredentialRestClient.ResolveRequest request) {
        return RemoteCall.call(SERVICE, () -> client.resolve(bearer(tenant), tenant.org(), tenant.sandbox(), request),
                Refused::new);
    }

    private String bearer(Tenant tenant) {
        return "Bearer " + tokens.mint(tenant, SERVICE);
    }
}
