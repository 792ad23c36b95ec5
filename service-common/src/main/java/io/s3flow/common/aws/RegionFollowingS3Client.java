package io.s3flow.common.aws;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * An S3 client for one connection that follows its bucket to the right region. When S3 answers that the request was
 * signed for the wrong region ({@code 301 PermanentRedirect}, {@code 307}, {@code 400 AuthorizationHeaderMalformed},
 * or any error naming another region in {@code x-amz-bucket-region}), the region is taken from that answer (its
 * header, else the {@code <Region>} of the error, else {@code GetBucketLocation}), the request is repeated once signed
 * for it, every later request of this client goes there at once, and {@code onRegion} hears of it so that the
 * connection remembers it (one redirect per connection, not per request). Until the first request about a bucket has
 * been answered, the others wait for it: writers sending files or parts at once would otherwise all be redirected.
 * A client kept across batches gives each batch a view of its own ({@link #forBatch()}): the batch's first request
 * goes alone among the batch's requests only, so the batches of a connection's many streams never wait for each other.
 */
public final class RegionFollowingS3Client extends DelegatingS3Client {

    static final String BUCKET_REGION_HEADER = "x-amz-bucket-region";
    private static final Pattern REGION_ELEMENT = Pattern.compile("<Region>([a-z0-9-]{1,32})</Region>");

    private final Region initial;
    private final Consumer<String> onRegion;
    /** The region the bucket is in as far as this client knows, shared by its batches' views. */
    private final AtomicReference<Region> current;
    private final Object firstRequest = new Object();
    private volatile boolean answered;
    /** A batch's view, whose close leaves the shared SDK client open. */
    private final boolean view;

    public RegionFollowingS3Client(S3Client delegate, Region initial, Consumer<String> onRegion) {
        this(delegate, initial, onRegion, new AtomicReference<>(initial), false);
    }

    private RegionFollowingS3Client(S3Client delegate, Region initial, Consumer<String> onRegion, AtomicReference<Region> current,
            boolean view) {
        super(delegate);
        this.initial = initial;
        this.current = current;
        this.onRegion = onRegion;
        this.view = view;
    }

    /**
     * This client for one batch of a client kept across batches, whose bucket may have moved since its last one: the
     * batch's first request about the bucket goes alone and the batch's others wait for its answer, as at the start;
     * the region found is this client's, for every batch. Closing the view leaves the SDK client it shares open: this
     * client closes it.
     */
    public RegionFollowingS3Client forBatch() {
        return new RegionFollowingS3Client((S3Client) delegate(), initial, onRegion, current, true);
    }

    @Override
    public void close() {
        if (!view) {
            super.close();
        }
    }

    /** The region requests are signed for now: the initial one, or the one the bucket turned out to be in. */
    public String region() {
        return current.get().id();
    }

    @Override
    protected <T extends S3Request, ReturnT> ReturnT invokeOperation(T request, Function<T, ReturnT> operation) {
        Optional<String> bucket = request.getValueForField("Bucket", String.class);
        if (bucket.isEmpty()) {
            return operation.apply(request);
        }
        if (!answered) {
            synchronized (firstRequest) {
                if (!answered) {
                    try {
                        return follow(request, operation, bucket.get());
                    } finally {
                        answered = true;
                    }
                }
            }
        }
        return follow(request, operation, bucket.get());
    }

    private <T extends S3Request, ReturnT> ReturnT follow(T request, Function<T, ReturnT> operation, String bucket) {
        Region signedFor = current.get();
        try {
            return operation.apply(signedFor.equals(initial) ? request : inRegion(request, signedFor));
        } catch (S3Exception e) {
            Optional<String> moved = movedTo(e, signedFor.id(), bucket);
            if (moved.isEmpty()) {
                throw e;
            }
            Region region = Region.of(moved.get());
            if (!region.equals(current.getAndSet(region))) {
                // parts in flight may all be redirected at once: the region is told once
                onRegion.accept(region.id());
            }
            return operation.apply(inRegion(request, region));
        }
    }

    /** The region S3 says the bucket is in, when that is not the one the request was signed for. */
    private Optional<String> movedTo(S3Exception e, String signedFor, String bucket) {
        Optional<String> named = regionIn(e);
        if (named.isPresent()) {
            return named.filter(region -> !region.equals(signedFor));
        }
        if (!isRegionError(e)) {
            return Optional.empty();
        }
        try {
            String location = ((S3Client) delegate()).getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString();
            return Optional.of(locationToRegion(location)).filter(region -> !region.equals(signedFor));
        } catch (S3Exception unknown) {
            return Optional.empty();
        }
    }

    /** The bucket's region as an error names it: the {@code x-amz-bucket-region} header or the error's {@code <Region>}. */
    public static Optional<String> regionIn(S3Exception e) {
        if (e.awsErrorDetails() == null) {
            return Optional.empty();
        }
        Optional<String> header = e.awsErrorDetails().sdkHttpResponse() == null ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(BUCKET_REGION_HEADER);
        if (header.isPresent() || e.awsErrorDetails().rawResponse() == null) {
            return header.filter(RegionFollowingS3Client::isRegionName);
        }
        Matcher element = REGION_ELEMENT.matcher(e.awsErrorDetails().rawResponse().asUtf8String());
        return element.find() ? Optional.of(element.group(1)) : Optional.empty();
    }

    /** Whether S3 refused the request because it was signed for, or sent to, another region than the bucket's. */
    public static boolean isRegionError(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 301 || e.statusCode() == 307 || "PermanentRedirect".equals(code)
                || "AuthorizationHeaderMalformed".equals(code) || "IllegalLocationConstraintException".equals(code);
    }

    /** GetBucketLocation's answer as a region: none is us-east-1, {@code EU} the old name of eu-west-1. */
    public static String locationToRegion(String locationConstraint) {
        if (locationConstraint == null || locationConstraint.isEmpty() || "null".equals(locationConstraint)) {
            return "us-east-1";
        }
        return "EU".equals(locationConstraint) ? "eu-west-1" : locationConstraint;
    }

    /** A header is the server's word, not ours: only a plain region name (a host label) is believed. */
    private static boolean isRegionName(String region) {
        return region.length() <= 32 && region.matches("^[a-z0-9]+(-[a-z0-9]+)*$");
    }

    @SuppressWarnings("unchecked")
    private <T extends S3Request> T inRegion(T request, Region region) {
        S3EndpointProvider base = (S3EndpointProvider) serviceClientConfiguration().endpointProvider()
                .orElseGet(S3EndpointProvider::defaultProvider);
        S3EndpointProvider regional = params -> base.resolveEndpoint(params.toBuilder().region(region).build());
        AwsRequestOverrideConfiguration overrides = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder)
                .endpointProvider(regional).build();
        return (T) request.toBuilder().overrideConfiguration(overrides).build();
    }
}
