package io.s3flow.connection.access;

import io.s3flow.common.aws.ConnectionS3Clients;
import io.s3flow.common.aws.RegionFollowingS3Client;
import io.s3flow.common.aws.S3Endpoint;
import io.s3flow.common.remote.Refused;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.bucket.BucketRegions;
import io.s3flow.connection.bucket.S3ClientFactory;
import io.s3flow.connection.registry.Connection;
import io.s3flow.connection.registry.ConnectionService;
import io.s3flow.connection.credential.CredentialClient;
import io.s3flow.connection.credential.CredentialRestClient.ResolveRequest;
import io.s3flow.connection.credential.CredentialRestClient.ResolvedCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A connection's bucket, opened for one use (a test, an explore, credentials for a delivery): credentials from
 * credential-service for the access it needs, then an S3 client signed for the bucket's region. A region the
 * connection does not name is found out the first time (HeadBucket) and remembered with the connection, as is a new
 * one S3 redirects to later, so that the next clients sign for it at once.
 */
@ApplicationScoped
public class BucketAccess {

    /** What is opened: a saved connection (whose region is remembered) or one being tested before it is saved. */
    public record Subject(UUID connectionId, String specName, Map<String, String> params, String rememberedRegion) {

        public static Subject of(Connection connection, Map<String, String> params) {
            return new Subject(connection.id, connection.authSpecName, params, connection.region);
        }

        public static Subject unsaved(String specName, Map<String, String> params) {
            return new Subject(null, specName, params, null);
        }
    }

    /** The opened bucket: close it after the calls. */
    public record OpenBucket(RegionFollowingS3Client s3, BucketLocation location, ResolvedCredentials credentials) implements AutoCloseable {

        /** The region the client signs for now. */
        public String region() {
            return s3.region();
        }

        @Override
        public void close() {
            s3.close();
        }
    }

    @Inject
    CredentialClient credentials;
    @Inject
    S3ClientFactory s3Clients;
    @Inject
    ConnectionService connections;

    /** The bucket's region as far as it is known without a call: the endpoint's, or the one remembered (null if neither). */
    public String knownRegion(Subject subject) {
        return s3Clients.endpoint(subject.params()).namedRegion().orElse(subject.rememberedRegion());
    }

    /**
     * Opens the subject's bucket with credentials for {@code access} ({@code read} or {@code write}), for writes
     * encrypted with {@code kmsKeyId} when not null. A refusal of credential-service is a {@code Refused}.
     */
    public OpenBucket open(Tenant tenant, Subject subject, String access, String kmsKeyId) {
        S3Endpoint endpoint = s3Clients.endpoint(subject.params());
        String remembered = subject.rememberedRegion();
        return open(tenant, subject, endpoint, access, kmsKeyId, endpoint.namedRegion().orElse(remembered),
                s3Clients.region(endpoint, remembered), endpoint.discoverable() && remembered == null);
    }

    /**
     * As {@link #open} for reading, but the remembered region is not trusted: the bucket's region is found out again,
     * asking first in {@code observed} (where S3 redirected a writer, when it is a region name), which S3 confirms or not.
     */
    public OpenBucket rediscover(Tenant tenant, Subject subject, String observed) {
        S3Endpoint endpoint = s3Clients.endpoint(subject.params());
        String first = observed != null && S3Endpoint.AWS_REGION.matcher(observed).matches() ? observed
                : s3Clients.region(endpoint, null);
        // an S3-compatible server that redirected is asked too: its word is what the next clients sign for
        return open(tenant, subject, endpoint, "read", null, endpoint.namedRegion().orElse(null),
                endpoint.namedRegion().orElse(first), endpoint.namedRegion().isEmpty());
    }

    private OpenBucket open(Tenant tenant, Subject subject, S3Endpoint endpoint, String access, String kmsKeyId, String knownRegion,
            String signFor, boolean discover) {
        BucketLocation location = BucketLocation.of(subject.params());
        ResolvedCredentials resolved = credentials.resolve(tenant, ResolveRequest.of(subject.specName(), subject.params(), location,
                access, subject.connectionId() == null ? null : subject.connectionId().toString(), knownRegion, kmsKeyId));
        Consumer<String> remember = region -> location.bucket().filter(bucket -> subject.connectionId() != null)
                .ifPresent(bucket -> connections.rememberRegion(subject.connectionId(), bucket, region));
        AwsCredentials keys = ConnectionS3Clients.credentials(resolved.accessKeyId(), resolved.secretAccessKey(), resolved.sessionToken());
        RegionFollowingS3Client s3 = s3Clients.create(endpoint, signFor, keys, remember);
        if (discover && location.bucket().isPresent()) {
            Optional<String> found = BucketRegions.discover(s3, location.bucket().get());
            found.ifPresent(remember);
            if (found.isPresent() && !found.get().equals(s3.region())) {
                // S3 named the region without redirecting (a 403 of HeadBucket): sign for it from the first call
                s3.close();
                s3 = s3Clients.create(endpoint, found.get(), keys, remember);
            }
        }
        return new OpenBucket(s3, location, resolved);
    }
}
