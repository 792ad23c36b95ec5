package io.s3flow.common.aws;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Each request still follows a redirect by itself: going alone only saves redirects, it is not what makes them right.
 */
public final class RegionFollowingS3Client extends DelegatingS3Client {

    static final String BUCKET_REGION_HEADER = "x-amz-bucket-region";
    private static final Pattern REGION_ELEMENT = Pattern.compile("<Region>([a-z0-9-]{1,32})</Region>");
    /** A client with an answer younger than this is in use: the bucket has not moved meanwhile, or it was followed. */
    private static final long IN_USE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Region initial;
    private final Consumer<String> onRegion;
    private final AtomicReference<Region> current;
    private final Object firstRequest = new Object();
    private volatile boolean answered;
    private volatile long lastAnswer = System.nanoTime() - IN_USE_NANOS;

    public RegionFollowingS3Client(S3Client delegate, Region initial, Consumer<String> onRegion) {
        super(delegate);
        this.initial = initial;
        this.current = new AtomicReference<>(initial);
        this.onRegion = onRegion;
    }

    /**
     * The next request about the bucket goes alone again and the others wait for its answer, as at the start: for a
     * client kept across batches, whose bucket may have moved since its last one. Not while the client is in use (an
     * answer within the last seconds): the batches of a connection's many streams would otherwise each make every
     * request of the others wait for one of theirs, one PUT at a time.
     */
    public void firstRequestAgain() {
        if (System.nanoTime() - lastAnswer > IN_USE_NANOS) {
            answered = false;
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
            ReturnT answer = operation.apply(signedFor.equals(initial) ? request : inRegion(request, signedFor));
            lastAnswer = System.nanoTime();
            return answer;
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
