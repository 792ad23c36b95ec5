package io.s3flow.connection.spec;

import io.s3flow.common.net.AllowList;
import io.s3flow.common.net.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which S3 endpoints a connection may name. A connection must not turn s3flow into a proxy into its own network, so
 * a {@code serviceUrl} is https to a public host: no single-label name ({@code credential-service}, {@code postgres}),
 * no name ending with a dot or in an internal suffix, no address outside the public internet, and addresses only in
 * dotted decimal or bracketed IPv6 (hex, octal and decimal spellings of 127.0.0.1 are refused, not interpreted).
 * Names are not resolved here: the S3 clients resolve them at each connection through a resolver that refuses
 * non-public addresses. Origins the operator allow-lists (the local moto in dev and test) are accepted as they are.
 */
public final class ServiceUrlPolicy implements ParamFormat {

    /** Suffixes of names that only mean something inside a network: mDNS, cloud-internal, Kubernetes. */
    static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".internal", ".localdomain", ".localhost", ".svc",
            ".cluster.local", ".home.arpa", ".in-addr.arpa", ".ip6.arpa");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    /** https://host[:port], an optional trailing slash and nothing else. */
    static final String HTTPS_ORIGIN = "^https://[^/?#@\\s]+/?$";
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private final AllowList allowList;

    public ServiceUrlPolicy(AllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * The rule as JSON Schema can say it: an https origin, or one of the allow-listed origins (with any path). That the
     * host must be public is said in the description: a pattern cannot resolve names.
     */
    @Override
    public Map<String, Object> schemaKeywords() {
        List<Map<String, Object>> alternatives = new ArrayList<>();
        alternatives.add(Map.of("pattern", HTTPS_ORIGIN, "description", "an https origin whose host is a public name or address"));
        allowList.origins().forEach(origin -> alternatives.add(Map.of("pattern", "^" + ecmaQuote(origin.toString().replaceAll("/$", ""))
                + "([/?#].*)?$", "description", "an origin the operator allow-lists")));
        Map<String, Object> keywords = new LinkedHashMap<>();
        keywords.put("format", "uri");
        keywords.put("anyOf", alternatives);
        return keywords;
    }

    /** Escapes a literal for a JSON Schema (ECMA-262) pattern. */
    private static String ecmaQuote(String literal) {
        return literal.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
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
        if (allowList.contains(uri)) {
            return Optional.empty();
        }
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            return Optional.of("must be an https URL (plain http only for allow-listed endpoints)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must be an origin (https://host[:port]) without a path, query or fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") ? ipv6(host.substring(1, host.length() - 1)) : name(host);
    }

    private static Optional<String> ipv6(String literal) {
        if (literal.contains("%")) {
            return Optional.of("must not name an IPv6 zone (a link-local address)");
        }
        return address(literal);
    }

    private static Optional<String> name(String host) {
        if (host.endsWith(".")) {
            return Optional.of("must not end with a dot");
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (!last.isEmpty() && (Character.isDigit(last.charAt(0)) || last.startsWith("0x"))) {
            return DOTTED_DECIMAL.matcher(host).matches() ? address(host)
                    : Optional.of("must write an IPv4 address as four decimal numbers (hex, octal and short forms are refused)");
        }
        if (labels.length < 2) {
            return Optional.of("must be a fully qualified public host name (not a single label such as a service name)");
        }
        if (host.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith)) {
            return Optional.of("must not be an internal host name (" + String.join(", ", INTERNAL_SUFFIXES) + ")");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("must be a host name of letters, digits and hyphens");
            }
        }
        return Optional.empty();
    }

    /** A literal only: {@code InetAddress} parses it without any DNS call. */
    private static Optional<String> address(String literal) {
        try {
            return PublicAddresses.nonPublic(InetAddress.getByName(literal)).map(why -> "must not point at " + why);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("must be a valid IP address");
        }
    }
}
