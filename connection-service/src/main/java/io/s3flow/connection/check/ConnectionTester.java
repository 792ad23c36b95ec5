package io.s3flow.connection.check;

import io.s3flow.common.aws.Encryption;
import io.s3flow.common.remote.Refused;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.access.BucketAccess;
import io.s3flow.connection.access.BucketAccess.OpenBucket;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.spec.ConnectionSpecCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests a connection's auth for a purpose: credentials from credential-service, then real calls into the bucket,
 * written as the stream or export will write (its encryption). The stream and export tests also read what the bucket
 * is set to (default encryption, Object Lock) and warn about what follows from it.
 */
@ApplicationScoped
public class ConnectionTester {

    @Inject
    BucketAccess buckets;

    public TestReport test(Tenant tenant, BucketAccess.Subject subject, Purpose purpose, Encryption encryption) {
        OpenBucket open;
        try {
            open = buckets.open(tenant, subject, purpose.access(), encryption.kmsKeyId());
        } catch (Refused e) {
            String permission = "BUCKET_OWNERSHIP_UNPROVEN".equals(e.errorCode()) ? "bucket ownership"
                    : ConnectionSpecCatalog.ACCESS_KEY.equals(subject.specName()) ? "credentials" : "sts:AssumeRole";
            return TestReport.of(List.of(new CheckResult(permission, false, true, e.errorCode(), e.problem().detail())));
        }
        try (open) {
            BucketLocation location = open.location();
            if (location.bucket().isEmpty()) {
                return TestReport.of(BucketChecks.listBuckets(open.s3()));
            }
            String bucket = location.bucket().get();
            BucketSettings settings = purpose.writes() ? BucketSettings.read(open.s3(), bucket, open.region()) : null;
            boolean locked = settings != null && settings.objectLocked();
            List<CheckResult> checks = new BucketChecks(open.s3(), bucket, location.prefix(), encryption, locked).run(purpose);
            return TestReport.of(checks, settings, warnings(settings, checks, location.prefix()));
        }
    }

    private static List<String> warnings(BucketSettings settings, List<CheckResult> checks, String prefix) {
        List<String> warnings = new ArrayList<>();
        if (settings != null && settings.objectLocked()) {
            boolean deleted = checks.stream().anyMatch(c -> c.permission().equals("s3:DeleteObject") && c.ok());
            warnings.add("The bucket has Object Lock: every version s3flow writes stays until its retention ends, so the test's probe "
                    + "objects (" + prefix + BucketChecks.PROBE_NAME + "*) " + (deleted ? "remain as noncurrent versions" : "could not be deleted")
                    + ", and a failed export's partial files cannot be removed either. s3flow sends a checksum with every upload, as "
                    + "Object Lock requires.");
        }
        return warnings;
    }
}
