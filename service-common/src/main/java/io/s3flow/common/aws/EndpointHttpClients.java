package io.s3flow.common.aws;

import io.s3flow.common.net.AllowList;
import io.s3flow.common.net.ForbiddenAddressException;
import io.s3flow.common.net.PublicOnlySockets;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP clients of a service's S3 clients: {@link #forEndpoint} gives the guarded one for an endpoint a connection
 * names (https only, through {@link PublicOnlySockets}: never a loopback, private, link-local or metadata address,
 * whatever the name resolves to when the connection is made), and the plain one for the endpoints the operator
 * configured (AWS's own, the endpoint override, allow-listed origins) - which may well be private, as a VPC endpoint
 * for S3 is.
 */
public final class EndpointHttpClients implements AutoCloseable {

    private final AllowList allowList;
    private final SdkHttpClient operatorEndpoints;
    private final SdkHttpClient connectionEndpoints;

    public EndpointHttpClients(AllowList allowList, Duration connectTimeout, Duration socketTimeout) {
        this.allowList = allowList;
        this.operatorEndpoints = UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout).build();
        PublicOnlySockets sockets = new PublicOnlySockets((SSLSocketFactory) SSLSocketFactory.getDefault(), (int) connectTimeout.toMillis());
        this.connectionEndpoints = UrlConnectionHttpClient.create(uri -> open(uri, sockets, connectTimeout, socketTimeout));
    }

    /** For {@code serviceUrl}, a connection's own endpoint; null means the operator's (AWS or the endpoint override). */
    public SdkHttpClient forEndpoint(URI serviceUrl) {
        return serviceUrl == null || allowList.contains(serviceUrl) ? operatorEndpoints : connectionEndpoints;
    }

    @Override
    public void close() {
        operatorEndpoints.close();
        connectionEndpoints.close();
    }

    private static HttpURLConnection open(URI uri, PublicOnlySockets sockets, Duration connectTimeout, Duration socketTimeout) {
        try {
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                throw new ForbiddenAddressException(uri.getHost(), "a plain http endpoint");
            }
            // refused before any connection: a closed port and an open one must look alike (no port scanning through
            // s3flow); the sockets check again what they connected to, for a name that changes its answer meanwhile
            PublicOnlySockets.requirePublic(uri.getHost());
            // no proxy: the address checked must be the one connected to
            HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(sockets);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) socketTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
