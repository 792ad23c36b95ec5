package io.s3flow.connection.check;

import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.bucket.S3ClientFactory;
import io.s3flow.connection.credential.CredentialService;
import io.s3flow.connection.credential.CredentialServiceClient;
import io.s3flow.connection.credential.CredentialsRejected;
import io.s3flow.connection.spec.ConnectionSpecCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Tests a connection's auth for a purpose: credentials from credential-service, then real calls into the bucket. */
@ApplicationScoped
public class ConnectionTester {

    private final CredentialService credentials;
    private final S3ClientFactory s3Clients;

    ConnectionTester(CredentialService credentials, S3ClientFactory s3Clients) {
        this.credentials = credentials;
        this.s3Clients = s3Clients;
    }

    public TestReport test(Tenant tenant, String connectionId, String specName, Map<String, String> params, Purpose purpose) {
        BucketLocation location = BucketLocation.of(params);
        CredentialServiceClient.ResolvedCredentials resolved;
        try {
            resolved = credentials.resolve(tenant,
                    CredentialServiceClient.ResolveRequest.of(specName, params, location, purpose.access(), connectionId));
        } catch (CredentialsRejected e) {
            String permission = "BUCKET_OWNERSHIP_UNPROVEN".equals(e.errorCode()) ? "bucket ownership"
                    : ConnectionSpecCatalog.ACCESS_KEY.equals(specName) ? "credentials" : "sts:AssumeRole";
            return TestReport.of(List.of(new CheckResult(permission, false, true, e.errorCode(), e.problem().detail())));
        }
        try (S3Client s3 = s3Clients.create(params, resolved)) {
            return TestReport.of(location.bucket()
                    .map(bucket -> new BucketChecks(s3, bucket, location.prefix()).run(purpose))
                    .orElseGet(() -> BucketChecks.listBuckets(s3)));
        }
    }
}
