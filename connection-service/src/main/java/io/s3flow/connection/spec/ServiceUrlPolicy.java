package io.s3flow.connection.spec;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which S3 endpoints a connection may name. A connection must not turn s3flow into a proxy into its own network:
 * link-local and cloud-metadata addresses are always refused; loopback, private ranges and plain http only for the
 * origins the operator allow-lists (the local moto endpoint in dev and test).
 */
public final class ServiceUrlPolicy implements ParamFormat {

    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]+|[0-9.]+)$");
    private static final List<String> INTERNAL_NAMES = List.of("localhost", "metadata.google.internal", "instance-data");

    private final List<URI> allowList;

    public ServiceUrlPolicy(List<String> allowedOrigins) {
        this.allowList = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
    }

    @Override
    public Map<String, Object> schemaKeywords() {
        return Map.of("format", "uri", "pattern", "^https://");
    }

    @Override
    public Optional<String> check(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("must be an absolute URL with a host and no user info");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (isAllowListed(scheme, host, uri.getPort())) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must be an https URL (plain http only for allow-listed endpoints)");
        }
        Optional<InetAddress> literal = literalAddress(host);
        if (literal.isPresent()) {
            InetAddress address = literal.get();
            if (address.isLinkLocalAddress() || isEc2MetadataV6(address)) {
                return Optional.of("must not point at a link-local or cloud-metadata address");
            }
            if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isAnyLocalAddress() || isUniqueLocalV6(address)) {
                return Optional.of("must not point at a loopback or private address");
            }
            return Optional.empty();
        }
        if (INTERNAL_NAMES.contains(host) || host.endsWith(".localhost") || host.endsWith(".internal")) {
            return Optional.of("must not point at an internal host name");
        }
        return Optional.empty();
    }

    private boolean isAllowListed(String scheme, String host, int port) {
        return allowList.stream().anyMatch(origin -> origin.getScheme().equalsIgnoreCase(scheme)
                && origin.getHost().equalsIgnoreCase(host) && effectivePort(origin.getScheme(), origin.getPort()) == effectivePort(scheme, port));
    }

    private static int effectivePort(String scheme, int port) {
        return port != -1 ? port : scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Only literals are parsed: a name is never resolved here, so validation makes no DNS call. */
    private static Optional<InetAddress> literalAddress(String host) {
        if (!host.contains(":") && !NUMERIC_HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        return address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isEc2MetadataV6(InetAddress address) {
        byte[] b = address.getAddress();
        byte[] metadata = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, metadata);
    }
}
