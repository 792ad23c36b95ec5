package io.s3flow.common.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the S3 calls of one connection go and which region they are signed for, before anything is discovered.
 * <ul>
 * <li>No {@code serviceUrl}: AWS itself (or the operator's endpoint override: moto in dev and test). The bucket's
 * region is the {@code region} param, else the one remembered with the connection, else discovered.</li>
 * <li>A {@code serviceUrl} naming an AWS S3 endpoint ({@code s3.eu-west-1.amazonaws.com}, {@code s3-eu-west-1…},
 * dualstack, FIPS): AWS, in that region; the SDK builds the endpoint itself (virtual-hosted, and able to follow the
 * bucket to another region).</li>
 * <li>Any other {@code serviceUrl}: an S3-compatible server, reached there path-style and signed for the
 * {@code region} param or {@code us-east-1}; its region is never discovered (such servers rarely know one).</li>
 * </ul>
 */
public record S3Endpoint(URI override, boolean pathStyle, boolean fips, boolean dualstack, Optional<String> namedRegion,
        boolean aws) {

    /** What S3-compatible servers are signed for unless the connection names a region. */
    public static final String COMPATIBLE_DEFAULT_REGION = "us-east-1";
    /** An AWS region name: {@code eu-west-1}, {@code us-gov-west-1}, {@code cn-north-1}, {@code us-isob-east-1}. */
    public static final Pattern AWS_REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d{1,2}$");
    private static final Pattern LEGACY_DASH = Pattern.compile("^s3-(fips-)?([a-z]{2}(-[a-z]+)+-\\d{1,2})$");

    /**
     * The endpoint of a connection: its {@code serviceUrl} (may be null), its {@code region} param (may be null), and the
     * operator's endpoint override (moto in dev and test) for connections without a {@code serviceUrl}.
     */
    public static S3Endpoint of(String serviceUrl, String regionParam, Optional<URI> operatorOverride) {
        Optional<String> named = Optional.ofNullable(regionParam).filter(r -> !r.isBlank());
        if (serviceUrl == null || serviceUrl.isBlank()) {
            URI override = operatorOverride.orElse(null);
            return new S3Endpoint(override, override != null, false, false, named, true);
        }
        URI uri = URI.create(serviceUrl);
        Optional<AwsHost> aws = AwsHost.parse(uri.getHost());
        if (aws.isPresent() && "https".equalsIgnoreCase(uri.getScheme())) {
            return new S3Endpoint(null, false, aws.get().fips(), aws.get().dualstack(), named.or(() -> Optional.of(aws.get().region())), true);
        }
        return new S3Endpoint(uri, true, false, false, named, false);
    }

    /** The region to sign for: named (param or AWS host), else {@code remembered}, else {@code fallback}. */
    public String region(String remembered, String fallback) {
        return namedRegion.or(() -> Optional.ofNullable(remembered)).orElse(aws ? fallback : COMPATIBLE_DEFAULT_REGION);
    }

    /** Whether the bucket's region should be found out: AWS, and no region named. */
    public boolean discoverable() {
        return aws && namedRegion.isEmpty();
    }

    /** The region, FIPS and dualstack flags an AWS S3 host name carries. */
    record AwsHost(String region, boolean fips, boolean dualstack) {

        /** {@code [bucket.]s3[-fips][.dualstack][.region].amazonaws.com[.cn]}, {@code s3-<region>…}, {@code s3-external-1…}. */
        static Optional<AwsHost> parse(String host) {
            if (host == null) {
                return Optional.empty();
            }
            String name = host.toLowerCase(Locale.ROOT);
            String rest = name.endsWith(".amazonaws.com") ? name.substring(0, name.length() - ".amazonaws.com".length())
                    : name.endsWith(".amazonaws.com.cn") ? name.substring(0, name.length() - ".amazonaws.com.cn".length()) : null;
            if (rest == null) {
                return Optional.empty();
            }
            String[] labels = rest.split("\\.");
            // the S3 label is the first from the right that starts with s3 (a virtual-hosted bucket may precede it)
            for (int i = labels.length - 1; i >= 0; i--) {
                Optional<AwsHost> parsed = fromS3Label(labels, i);
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
            return Optional.empty();
        }

        private static Optional<AwsHost> fromS3Label(String[] labels, int i) {
            String label = labels[i];
            int after = labels.length - i - 1;
            if (label.equals("s3-external-1") && after == 0) {
                return Optional.of(new AwsHost("us-east-1", false, false));
            }
            var legacy = LEGACY_DASH.matcher(label);
            if (legacy.matches() && after == 0) {
                return Optional.of(new AwsHost(legacy.group(2), legacy.group(1) != null, false));
            }
            if (!label.equals("s3") && !label.equals("s3-fips")) {
                return Optional.empty();
            }
            boolean fips = label.equals("s3-fips");
            int next = i + 1;
            boolean dualstack = next < labels.length && labels[next].equals("dualstack");
            if (dualstack) {
                next++;
            }
            if (next == labels.length) {
                // s3.amazonaws.com: the global endpoint, which is us-east-1
                return fips || dualstack ? Optional.empty() : Optional.of(new AwsHost("us-east-1", false, false));
            }
            if (next == labels.length - 1 && AWS_REGION.matcher(labels[next]).matches()) {
                return Optional.of(new AwsHost(labels[next], fips, dualstack));
            }
            return Optional.empty();
        }
    }
}
