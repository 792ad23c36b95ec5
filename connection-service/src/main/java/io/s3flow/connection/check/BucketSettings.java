package io.s3flow.connection.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * What a bucket is set to that decides how s3flow's writes land, as far as the connection's credentials may read it:
 * its region, its default encryption (GetBucketEncryption: what objects written without encryption of their own get,
 * and a KMS key there needs KMS permissions too) and Object Lock (GetObjectLockConfiguration: uploads need a
 * checksum, which s3flow always sends, and nothing written can be removed before its retention ends). Settings the
 * credentials may not read are listed in {@code notRead}, never a failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketSettings(String region, DefaultEncryption defaultEncryption, ObjectLock objectLock, List<NotRead> notRead) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefaultEncryption(String sseAlgorithm, String kmsKeyId, Boolean bucketKeyEnabled) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectLock(boolean enabled, String mode, Integer days, Integer years) {
    }

    /** A setting s3flow could not read, and why. */
    public record NotRead(String permission, String errorCode) {
    }

    public static BucketSettings read(S3Client s3, String bucket, String region) {
        List<NotRead> notRead = new ArrayList<>();
        DefaultEncryption encryption = null;
        try {
            List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules();
            ServerSideEncryptionRule rule = rules.isEmpty() ? null : rules.get(0);
            ServerSideEncryptionByDefault byDefault = rule == null ? null : rule.applyServerSideEncryptionByDefault();
            if (byDefault != null) {
                encryption = new DefaultEncryption(byDefault.sseAlgorithmAsString(), byDefault.kmsMasterKeyID(), rule.bucketKeyEnabled());
            }
        } catch (S3Exception e) {
            if (!"ServerSideEncryptionConfigurationNotFoundError".equals(code(e))) {
                notRead.add(new NotRead("s3:GetEncryptionConfiguration", code(e)));
            }
        } catch (SdkClientException e) {
            notRead.add(new NotRead("s3:GetEncryptionConfiguration", "ENDPOINT_UNREACHABLE"));
        }
        ObjectLock lock = null;
        try {
            var config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
            DefaultRetention retention = config.rule() == null ? null : config.rule().defaultRetention();
            lock = new ObjectLock("Enabled".equals(config.objectLockEnabledAsString()),
                    retention == null ? null : retention.modeAsString(), retention == null ? null : retention.days(),
                    retention == null ? null : retention.years());
        } catch (S3Exception e) {
            if ("ObjectLockConfigurationNotFoundError".equals(code(e))) {
                lock = new ObjectLock(false, null, null, null);
            } else {
                notRead.add(new NotRead("s3:GetBucketObjectLockConfiguration", code(e)));
            }
        } catch (SdkClientException e) {
            notRead.add(new NotRead("s3:GetBucketObjectLockConfiguration", "ENDPOINT_UNREACHABLE"));
        }
        return new BucketSettings(region, encryption, lock, notRead.isEmpty() ? null : notRead);
    }

    public boolean objectLocked() {
        return objectLock != null && objectLock.enabled();
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "HTTP_" + e.statusCode();
    }
}
