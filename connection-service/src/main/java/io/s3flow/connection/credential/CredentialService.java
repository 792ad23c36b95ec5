package io.s3flow.connection.credential;

import io.s3flow.common.auth.ServiceTokens;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The calls connection-service makes to credential-service, with a service token for the tenant's org, a timeout,
 * retries of transient failures and a circuit breaker, so that a slow credential-service cannot pile up requests here.
 */
@ApplicationScoped
public class CredentialService {

    static final String UNAVAILABLE = "CREDENTIAL_SERVICE_UNAVAILABLE";

    /** credential-service could not be reached or failed: worth another try. */
    static final class Unavailable extends ProblemException {
        Unavailable(String detail) {
            super(Problem.of(503, "Service Unavailable", detail, UNAVAILABLE));
        }
    }

    private final CredentialServiceClient client;
    private final ServiceTokens tokens;

    CredentialService(@RestClient CredentialServiceClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, retryOn = Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public String platformRoleArn(Tenant tenant) {
        return call(() -> client.platformIdentity(bearer(tenant), tenant.org(), tenant.sandbox()).roleArn());
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, retryOn = Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public String externalId(Tenant tenant) {
        return call(() -> client.externalId(bearer(tenant), tenant.org(), tenant.sandbox()).externalId());
    }

    /**
     * Credentials for one connection and scope. A refusal (bad keys, a role that cannot be assumed) comes back as a
     * {@link CredentialsRejected} with credential-service's stable error code.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = Unavailable.class)
    public CredentialServiceClient.ResolvedCredentials resolve(Tenant tenant, CredentialServiceClient.ResolveRequest request) {
        try {
            return client.resolve(bearer(tenant), tenant.org(), tenant.sandbox(), request);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Problem problem = readProblem(e);
            if (status >= 400 && status < 500 && problem != null && problem.errorCode() != null) {
                throw new CredentialsRejected(problem);
            }
            throw new Unavailable("credential-service answered " + status + "; try again later.");
        } catch (ProcessingException e) {
            throw new Unavailable("credential-service cannot be reached; try again later.");
        }
    }

    private static Problem readProblem(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private String bearer(Tenant tenant) {
        return "Bearer " + tokens.mint(tenant.org());
    }

    /** A failure of credential-service is ours, not the client's: 503, never its body or a stack trace. */
    private static String call(Supplier<String> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw new Unavailable("credential-service answered " + e.getResponse().getStatus() + "; try again later.");
        } catch (ProcessingException e) {
            throw new Unavailable("credential-service cannot be reached; try again later.");
        }
    }
}
