package io.s3flow.credential.sts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.credential.platform.PlatformConfig;
import io.s3flow.credential.resolve.ResolvedCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/** Assumes customers' roles with the platform identity, one STS call per (role, external id, policy) and validity. */
@ApplicationScoped
public class RoleAssumer {

    private static final Logger LOG = Logger.getLogger(RoleAssumer.class);

    /** What makes two assumptions interchangeable: the session name only labels CloudTrail entries. */
    record Key(String roleArn, String externalId, String policy, Map<String, String> tags) {
    }

    private final PlatformAws platform;
    private final PlatformConfig platformConfig;
    private final StsConfig config;
    private final CredentialCache<Key, ResolvedCredentials> cache;
    private final Counter stsCalls;

    RoleAssumer(PlatformAws platform, PlatformConfig platformConfig, StsConfig config, MeterRegistry registry) {
        this.platform = platform;
        this.platformConfig = platformConfig;
        this.config = config;
        this.cache = new CredentialCache<>(ResolvedCredentials::expiration, config.refreshMargin(), Clock.systemUTC());
        this.stsCalls = Counter.builder("s3flow.sts.assume.role.calls").description("AssumeRole calls made to STS").register(registry);
    }

    /** A customer's role, assumed with the org's external id. */
    public ResolvedCredentials assume(String roleArn, String externalId, String sessionName, String policy) {
        return cache.get(new Key(roleArn, externalId, policy, Map.of()), () -> call(roleArn, externalId, sessionName, policy, Map.of()));
    }

    /** s3flow's own platform role, as one org: its session tags name the org, so bucket policies can tell orgs apart. */
    public ResolvedCredentials assumeTagged(String roleArn, String sessionName, String policy, Map<String, String> tags) {
        return cache.get(new Key(roleArn, null, policy, Map.copyOf(tags)), () -> call(roleArn, null, sessionName, policy, tags));
    }

    private ResolvedCredentials call(String roleArn, String externalId, String sessionName, String policy, Map<String, String> tags) {
        stsCalls.increment();
        List<Tag> sessionTags = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        try {
            AssumeRoleResponse response = platform.sts().assumeRole(b -> b.roleArn(roleArn).externalId(externalId)
                    .roleSessionName(sessionName).policy(policy).tags(sessionTags.isEmpty() ? null : sessionTags)
                    .durationSeconds((int) config.assumeRoleDuration().toSeconds()));
            Credentials c = response.credentials();
            return new ResolvedCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(),
                    ResolvedCredentials.ASSUMED_ROLE);
        } catch (SdkException e) {
            LOG.warnf("AssumeRole of %s failed: %s", roleArn, e.getClass().getSimpleName());
            throw StsErrors.of(e, roleArn, platformConfig.roleArn());
        }
    }
}
