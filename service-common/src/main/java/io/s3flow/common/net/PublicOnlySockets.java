package io.s3flow.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that only ever talk to public addresses. The address is checked on the connected socket, before the
 * TLS handshake and before any byte of a request: the address the name resolved to at that moment, so a name that
 * was public when a connection was saved and points at 169.254.169.254 (or 127.0.0.1) later gets nothing.
 * Unconnected sockets are refused (as the JDK allows), so HTTPS connections always arrive here connected.
 */
public final class PublicOnlySockets extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;

    public PublicOnlySockets(SSLSocketFactory tls, int connectTimeoutMillis) {
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Socket createSocket() throws IOException {
        // the JDK's HTTPS client then connects a plain socket itself and layers TLS over it with the method below
        SocketException unconnected = new SocketException("unconnected sockets are not offered");
        unconnected.initCause(new UnsupportedOperationException());
        throw unconnected;
    }

    @Override
    public Socket createSocket(Socket connected, String host, int port, boolean autoClose) throws IOException {
        InetAddress peer = connected.getInetAddress();
        var why = peer == null ? java.util.Optional.of("no address") : PublicAddresses.nonPublic(peer);
        if (why.isPresent()) {
            connected.close();
            throw new ForbiddenAddressException(host, why.get());
        }
        return tls.createSocket(connected, host, port, autoClose);
    }

    /** Resolves {@code host}; refuses it unless every address it has is public. */
    public static void requirePublic(String host) throws IOException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            var why = PublicAddresses.nonPublic(address);
            if (why.isPresent()) {
                throw new ForbiddenAddressException(host, why.get());
            }
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        requirePublic(host);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        return createSocket(plain, host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address.getHostAddress(), port);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
