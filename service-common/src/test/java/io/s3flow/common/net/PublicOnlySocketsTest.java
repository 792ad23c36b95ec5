package io.s3flow.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * The second line of the connect-time check, for a name whose answer changes between the resolver's check and the
 * connection (DNS rebinding): whatever the JDK's HTTPS client connected to, a non-public peer gets no TLS handshake and
 * no byte of the request. The JDK is driven as the S3 clients drive it; only the name check before it is left out.
 */
class PublicOnlySocketsTest {

    @Test
    void aConnectionThatReachedALoopbackPeerIsClosedBeforeTheTlsHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> firstByte(server));
            HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://127.0.0.1:" + server.getLocalPort() + "/bucket/key")
                    .toURL().openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(new PublicOnlySockets((SSLSocketFactory) SSLSocketFactory.getDefault(), 2000));
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            IOException e = assertThrows(IOException.class, connection::getResponseCode);
            ForbiddenAddressException forbidden = ForbiddenAddressException.in(e).orElseThrow(() -> new AssertionError("not refused: " + e));
            assertTrue(forbidden.getMessage().contains("loopback"), forbidden.getMessage());
            assertEquals(-1, firstByte.get(5, TimeUnit.SECONDS), "the loopback peer got a TLS ClientHello (or was never connected)");
        }
    }

    /** The first byte a client sends, -1 if it closes without sending any, -2 if it never connects, -3 if it just waits. */
    private static int firstByte(ServerSocket server) {
        Socket socket;
        try {
            server.setSoTimeout(3000);
            socket = server.accept();
        } catch (IOException none) {
            return -2;
        }
        try (socket; InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(4000);
            return in.read();
        } catch (SocketTimeoutException waiting) {
            return -3;
        } catch (IOException closed) {
            return -1;
        }
    }
}
