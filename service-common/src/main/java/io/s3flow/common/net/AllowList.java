package io.s3flow.common.net;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Origins ({@code http://127.0.0.1:5000}) the operator trusts as S3 endpoints although they are plain http, loopback
 * or private: the local moto in dev and test, an on-premises S3 behind the firewall. Scheme, host and port must match.
 */
public final class AllowList {

    private final List<URI> origins;

    public AllowList(List<String> origins) {
        this.origins = origins.stream().map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
    }

    public List<URI> origins() {
        return origins;
    }

    public boolean contains(URI endpoint) {
        return endpoint.getScheme() != null && endpoint.getHost() != null
                && contains(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort());
    }

    public boolean contains(String scheme, String host, int port) {
        String bareHost = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        return origins.stream().anyMatch(origin -> origin.getScheme().equalsIgnoreCase(scheme)
                && origin.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "").equals(bareHost)
                && effectivePort(origin.getScheme(), origin.getPort()) == effectivePort(scheme, port));
    }

    private static int effectivePort(String scheme, int port) {
        return port != -1 ? port : scheme.equalsIgnoreCase("https") ? 443 : 80;
    }
}
