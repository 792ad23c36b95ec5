package io.s3flow.connection.check;

import io.s3flow.common.aws.Encryption;
import io.s3flow.common.net.ForbiddenAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Tries, with real calls, each permission a purpose needs, inside the connection's folder. Each run writes its own
 * probe object ({@code .s3flow-permission-check-<run>}), so tests of one connection running at the same time never
 * read or delete each other's; a principal that may write but not delete leaves that one small object behind (and a
 * bucket with Object Lock keeps it until its retention ends: see {@link ConnectionTester}). Writes go as the stream's
 * or export's will: with its server-side encryption and a CRC32 checksum S3 verifies.
 */
public final class BucketChecks {

    static final String PROBE_NAME = ".s3flow-permission-check";
    static final String NOT_CHECKED = "NOT_CHECKED";
    private static final Map<String, String> CREDENTIAL_HINTS = Map.of(
            "InvalidAccessKeyId", "the access key id is not known to AWS: check s3AccessKey",
            "SignatureDoesNotMatch", "the secret key does not match the access key: check s3SecretKey",
            "ExpiredToken", "the session token has expired: PATCH /auth/params/s3SessionToken with a fresh one",
            "InvalidToken", "the session token is not valid: check s3SessionToken",
            "NoSuchBucket", "the bucket does not exist: check bucketName",
            "PermanentRedirect", "the bucket is in another region than s3flow could find out: set the connection's region param",
            "AuthorizationHeaderMalformed", "the bucket is in another region than s3flow could find out: set the connection's region param");
    /** A denial S3 passes on from KMS: {@code … not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:…}. */
    private static final Pattern KMS_DENIAL = Pattern.compile("(kms:[A-Za-z]+) on resource: (arn:aws[a-z-]*:kms:\\S+?)(\\s|$)");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String probeKey;
    private final Encryption encryption;
    private final boolean objectLocked;

    /** {@code objectLocked}: the bucket has Object Lock, so a probe that cannot be deleted is no failure of an export. */
    public BucketChecks(S3Client s3, String bucket, String prefix, Encryption encryption, boolean objectLocked) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.probeKey = prefix + PROBE_NAME + "-" + UUID.randomUUID();
        this.encryption = encryption;
        this.objectLocked = objectLocked;
    }

    /** For an Access Key connection without a bucket: the keys can at least list buckets. */
    public static List<CheckResult> listBuckets(S3Client s3) {
        return List.of(attempt("s3:ListAllMyBuckets", "arn:aws:s3:::*", true, s3::listBuckets));
    }

    public List<CheckResult> run(Purpose purpose) {
        List<CheckResult> results = new ArrayList<>();
        String bucketArn = "arn:aws:s3:::" + bucket;
        String objectArn = bucketArn + "/" + prefix + "*";
        CheckResult list = attempt("s3:ListBucket", bucketArn, true,
                () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)));
        results.add(list);
        if (purpose == Purpose.SOURCE) {
            results.add(attempt("s3:GetObject", objectArn, true, this::readSomeObject));
            return results;
        }
        results.add(attempt("s3:GetBucketLocation", bucketArn, true, () -> s3.getBucketLocation(b -> b.bucket(bucket))));
        CheckResult put = withEncryptionHint(attempt("s3:PutObject", objectArn, true,
                () -> s3.putObject(encryption.applyTo(PutObjectRequest.builder().bucket(bucket).key(probeKey)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32)).build(), RequestBody.fromString("s3flow permission check"))));
        results.add(put);
        results.add(put.ok()
                ? attempt("s3:GetObject", objectArn, true, () -> read(probeKey))
                : attempt("s3:GetObject", objectArn, true, this::readSomeObject));
        CheckResult delete = attempt("s3:DeleteObject", objectArn, purpose == Purpose.EXPORT && !objectLocked,
                () -> s3.deleteObject(b -> b.bucket(bucket).key(probeKey)));
        if (purpose == Purpose.EXPORT) {
            results.add(delete);
            results.addAll(multipart(objectArn));
        }
        return results;
    }

    private List<CheckResult> multipart(String objectArn) {
        String key = probeKey + "-multipart";
        List<CheckResult> results = new ArrayList<>();
        String[] uploadId = new String[1];
        CheckResult create = withEncryptionHint(attempt("s3:PutObject (multipart upload)", objectArn, true, () -> {
            uploadId[0] = s3.createMultipartUpload(encryption.applyTo(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)).build()).uploadId();
            s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId[0]).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromString("part"));
        }));
        results.add(create);
        if (uploadId[0] == null) {
            results.add(notChecked("s3:ListMultipartUploadParts"));
            results.add(notChecked("s3:AbortMultipartUpload"));
            return results;
        }
        results.add(attempt("s3:ListMultipartUploadParts", objectArn, false,
                () -> s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId[0]))));
        CheckResult abort = attempt("s3:AbortMultipartUpload", objectArn, false,
                () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId[0])));
        results.add(abort.ok() ? abort : new CheckResult(abort.permission(), false, false, abort.errorCode(),
                abort.hint() + "; without it a failed export leaves its upload open until a lifecycle rule "
                        + "(AbortIncompleteMultipartUpload) removes it"));
        return results;
    }

    /** GetObject on an object of the folder, or on a missing key when the folder is empty. */
    private void readSomeObject() {
        Optional<S3Object> any = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).contents().stream().findFirst();
        read(any.map(S3Object::key).orElse(probeKey + "-absent"));
    }

    /**
     * Reads the first byte of {@code key}. S3 answers a reader without s3:GetObject 403 whatever the key, so an object
     * that is not there (NoSuchKey: removed meanwhile, or never there) or has no first byte (InvalidRange: an empty
     * object, such as a bucket-ownership proof) proves the permission as well as a byte would.
     */
    private void read(String key) {
        try {
            s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-0")).abort();
        } catch (NoSuchKeyException absent) {
            // allowed to read, nothing there
        } catch (S3Exception e) {
            if (e.statusCode() != 416) {
                throw e;
            }
        }
    }

    /**
     * A write refused although the permission may be there: a bucket policy that requires encryption (AWS's guides
     * suggest one) denies every upload without it, so a test without the stream's or export's encryption says so.
     */
    private CheckResult withEncryptionHint(CheckResult result) {
        if (result.ok() || !"AccessDenied".equals(result.errorCode()) || result.permission().startsWith("kms:")
                || encryption.algorithm() != null) {
            return result;
        }
        return new CheckResult(result.permission(), false, result.required(), result.errorCode(), result.hint()
                + "; if the bucket policy requires server-side encryption, test with the serverSideEncryption the stream or export "
                + "will use (POST /connections/{id}/test?purpose=... with {\"serverSideEncryption\": \"AES256\" or {\"kms\": \"<key>\"}})");
    }

    private static CheckResult notChecked(String permission) {
        return new CheckResult(permission, false, false, NOT_CHECKED, "not checked: the upload could not be created");
    }

    static CheckResult attempt(String permission, String resource, boolean required, Runnable call) {
        try {
            call.run();
            return CheckResult.passed(permission, required);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : "HTTP_" + e.statusCode();
            String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null ? e.awsErrorDetails().errorMessage() : "";
            Matcher kms = KMS_DENIAL.matcher(message);
            if (kms.find()) {
                // S3 was willing; KMS refused the key: the permission that is missing is KMS's
                String what = permission.replaceFirst("^\\S+", ""); // " (multipart upload)", if the check has one
                return new CheckResult(kms.group(1) + what, false, required, code, "s3flow may not use the KMS key " + kms.group(2)
                        + ": allow kms:GenerateDataKey and kms:Decrypt on it to s3flow's credentials, in their IAM policy and in the key "
                        + "policy (for IAMRole Based: to the platform role)");
            }
            if (code.startsWith("KMS.")) {
                return new CheckResult(permission, false, required, code, "S3 could not use the KMS key (" + code + "): it must exist, "
                        + "be enabled and be in the bucket's region; check serverSideEncryption (or the bucket's default encryption)");
            }
            String hint = CREDENTIAL_HINTS.getOrDefault(code, "add " + permission.replaceAll(" \\(.*\\)$", "") + " on " + resource);
            return new CheckResult(permission, false, required, code, hint);
        } catch (SdkClientException e) {
            return ForbiddenAddressException.in(e)
                    .map(forbidden -> new CheckResult(permission, false, required, ForbiddenAddressException.ERROR_CODE,
                            forbidden.getMessage() + ": point serviceUrl at a public S3 endpoint"))
                    .orElseGet(() -> new CheckResult(permission, false, required, "ENDPOINT_UNREACHABLE",
                            "the S3 endpoint could not be reached"));
        }
    }
}
