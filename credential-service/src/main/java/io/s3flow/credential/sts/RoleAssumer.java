package io.s3flow.credential.sts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.credential.cache.ExpiringCache;
import io.s3flow.credential.platform.PlatformConfig;
import io.s3flow.credential.grant.ResolvedCredentials;
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
    record Key(String roleArn, String externalId, String policy, Map<String, String> tags, String region) {
    }

    private final PlatformAws platform;
    private final PlatformConfig platformConfig;
    private final StsConfig config;
    private final ExpiringCache<Key, ResolvedCredentials> cache;
    private final Counter stsCalls;

    RoleAssumer(PlatformAws platform, PlatformConfig platformConfig, StsConfig config, MeterRegistry registry) {
        this.platform = platform;
        this.platformConfig = platformConfig;
        this.config = config;
        this.cache = new ExpiringCache<>(ResolvedCredentials::expiration, config.refreshMargin(), Clock.systemUTC());
        this.stsCalls = Counter.builder("s3flow.sts.assume.role.calls").description("AssumeRole calls made to STS").register(registry);
    }

    /** A customer's role, assumed with the org's external id, at STS in {@code region} (the bucket's, when known). */
    public ResolvedCredentials assume(String roleArn, String externalId, String sessionName, String policy, String region) {
        return cache.get(new Key(roleArn, externalId, policy, Map.of(), region),
                () -> call(roleArn, externalId, sessionName, policy, Map.of(), region));
    }

    /** s3flow's own platform role, as one org: its session tags name the org, so bucket policies can tell orgs apart. */
    public ResolvedCredentials assumeTagged(String roleArn, String sessionName, String policy, Map<String, String> tags, String region) {
        return cache.get(new Key(roleArn, null, policy, Map.copyOf(tags), region),
                () -> call(roleArn, null, sessionName, policy, tags, region));
    }

    /**
     * AssumeRole at STS in the bucket's region; if STS cannot be used there (a region the platform's account has not
     * enabled answers InvalidClientTokenId, an unknown one does not answer), once more in the home region, whose
     * regional session tokens are valid everywhere.
     */
    private ResolvedCredentials call(String roleArn, String externalId, String sessionName, String policy, Map<String, String> tags,
            String region) {
        try {
            return assumeAt(region, roleArn, externalId, sessionName, policy, tags);
        } catch (SdkException e) {
            if (region != null && !region.equals(platform.homeRegion()) && StsErrors.regionMayBeUnusable(e)) {
                LOG.warnf("AssumeRole of %s at STS in %s failed (%s); trying %s", roleArn, region, e.getClass().getSimpleName(),
                        platform.homeRegion());
                try {
                    return assumeAt(platform.homeRegion(), roleArn, externalId, sessionName, policy, tags);
                } catch (SdkException again) {
                    e = again;
                }
            }
            LOG.warnf("AssumeRole of %s failed: %s", roleArn, e.getClass().getSimpleName());
            throw StsErrors.of(e, roleArn, platformConfig.roleArn());
        }
    }

    private ResolvedCredentials assumeAt(String region, String roleArn, String externalId, String sessionName, String policy,
            Map<String, String> tags) {
        stsCalls.increment();
        List<Tag> sessionTags = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        AssumeRoleResponse response = platform.sts(region).assumeRole(b -> b.roleArn(roleArn).externalId(externalId)
                .roleSessionName(sessionName).policy(policy).tags(sessionTags.isEmpty() ? null : sessionTags)
                .durationSeconds((int) config.assumeRoleDuration().toSeconds()));
        Credentials c = response.credentials();
        return new ResolvedCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration(),
                ResolvedCredentials.ASSUMED_ROLE);
    }
}
