package io.s3flow.common.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.common.net.AllowList;
import io.s3flow.common.net.ForbiddenAddressException;
import io.s3flow.common.net.PublicOnlySockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The connect-time check: {@code localhost} is a real name that resolves to loopback here, as a hostile DNS name would
 * later; the client for connections' endpoints refuses it without even connecting to the server, while the
 * operator's client (an allow-listed origin) reaches the same server.
 */
class EndpointHttpClientsTest {

    @Test
    void aNameResolvingToLoopbackIsRefusedAtConnectTimeAndTheServerGetsNoConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                EndpointHttpClients clients = new EndpointHttpClients(new AllowList(List.of()), Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            URI endpoint = URI.create("https://localhost:" + server.getLocalPort());
            SdkHttpClient http = clients.forEndpoint(endpoint);
            Exception e = assertThrows(Exception.class, () -> get(http, endpoint));
            ForbiddenAddressException forbidden = ForbiddenAddressException.in(e).orElseThrow(() -> new AssertionError("not refused: " + e));
            assertTrue(forbidden.getMessage().contains("loopback"), forbidden.getMessage());
            // the client connects synchronously, and the kernel queues an accepted connection before connect returns: one
            // made before the refusal is waiting here now, and is found at once (no need to wait out a timeout for it)
            assertEquals(NO_CONNECTION, firstByte(server, ALREADY_QUEUED), "the refused name was connected to");
        }
    }

    /**
     * The second line, for a name whose answer changed after that check (DNS rebinding): whatever the JDK's HTTPS
     * client, driven as the S3 clients drive it, connected to, a non-public peer gets no TLS handshake, no request.
     */
    @Test
    void theSocketsRefuseALoopbackPeerTheyWereConnectedToBeforeTheTlsHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> firstByte(server, CONNECTING));
            HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://127.0.0.1:" + server.getLocalPort() + "/bucket/key")
                    .toURL().openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(new PublicOnlySockets((SSLSocketFactory) SSLSocketFactory.getDefault(), 2000));
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            IOException e = assertThrows(IOException.class, connection::getResponseCode);
            ForbiddenAddressException forbidden = ForbiddenAddressException.in(e).orElseThrow(() -> new AssertionError("not refused: " + e));
            assertTrue(forbidden.getMessage().contains("loopback"), forbidden.getMessage());
            assertEquals(-1, firstByte.get(5, TimeUnit.SECONDS), "the loopback peer got a TLS ClientHello, or was never connected");
        }
    }

    @Test
    void plainHttpToAConnectionsOwnEndpointIsRefused() throws Exception {
        try (EndpointHttpClients clients = new EndpointHttpClients(new AllowList(List.of()), Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            URI endpoint = URI.create("http://s3.example.com");
            Exception e = assertThrows(Exception.class, () -> get(clients.forEndpoint(endpoint), endpoint));
            assertTrue(ForbiddenAddressException.in(e).isPresent(), e.toString());
        }
    }

    @Test
    void anAllowListedOriginIsReachedAsConfigured() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String origin = "http://127.0.0.1:" + server.getLocalPort();
            // the server never answers: the client gives up after its socket timeout, short here since nothing comes
            try (EndpointHttpClients clients = new EndpointHttpClients(new AllowList(List.of(origin)), Duration.ofSeconds(2),
                    Duration.ofMillis(200))) {
                CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> firstByte(server, CONNECTING));
                URI endpoint = URI.create(origin);
                assertThrows(Exception.class, () -> get(clients.forEndpoint(endpoint), endpoint));
                assertEquals('G', firstByte.get(5, TimeUnit.SECONDS), "the request did not reach the allow-listed origin");
            }
        }
    }

    private static void get(SdkHttpClient http, URI endpoint) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(endpoint).method(SdkHttpMethod.GET).build();
        http.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
    }

    private static final int NO_CONNECTION = -2;
    /** How long to wait for a client that is connecting now. */
    private static final Duration CONNECTING = Duration.ofSeconds(3);
    /** How long to wait for a connection that was made already (it is queued): a formality. */
    private static final Duration ALREADY_QUEUED = Duration.ofMillis(100);

    /**
     * The first byte a client sends, -1 if it closes without sending any, {@link #NO_CONNECTION} if it does not connect
     * within {@code accept}.
     */
    private static int firstByte(ServerSocket server, Duration accept) {
        Socket socket;
        try {
            server.setSoTimeout((int) accept.toMillis());
            socket = server.accept();
        } catch (IOException none) {
            return NO_CONNECTION;
        }
        try (socket; InputStream in = socket.getInputStream()) {
            socket.setSoTimeout(4000);
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }
}
