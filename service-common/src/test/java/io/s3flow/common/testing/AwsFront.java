package io.s3flow.common.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTP front to moto that answers as AWS documents where moto forgives, for the services under test to use as
 * their AWS endpoint. Everything is passed on to moto, except:
 * <ul>
 * <li><b>Regions.</b> A request about a bucket whose SigV4 credential scope names another region than the bucket's
 * LocationConstraint (asked of moto once per bucket) gets {@code 301 PermanentRedirect} with {@code x-amz-bucket-region}
 * (or, with {@link #answerWrongRegionWith}, {@code 400 AuthorizationHeaderMalformed} naming the region only in its
 * body, as AWS's global endpoint does). GetBucketLocation and CreateBucket are answered from any region, as on AWS.
 * Redirects are counted per bucket.</li>
 * <li><b>A bucket policy requiring encryption</b> ({@link #requireEncryption}): PutObject and CreateMultipartUpload
 * without {@code x-amz-server-side-encryption} are denied, {@code 403 AccessDenied}.</li>
 * <li><b>KMS.</b> A write encrypted with a KMS key (named, or the bucket's default one set through this front) needs
 * the key to exist ({@code 400 KMS.NotFoundException}), its key policy to allow the caller ({@link #keyPolicyDeniesAll})
 * and, for a session of an assumed role, the session policy to allow {@code kms:GenerateDataKey} on the key with
 * {@code kms:ViaService = s3.<bucket region>.amazonaws.com} ({@code 403 AccessDenied} naming the action otherwise).</li>
 * <li><b>Checksums.</b> An upload (PutObject, UploadPart) whose CRC32 (header, or aws-chunked trailer) does not match
 * its bytes gets {@code 400 BadDigest}, as S3 answers; uploads without any checksum are recorded per bucket.</li>
 * <li><b>STS</b> calls are recorded (the region they were signed for, the session policy, the session's key).</li>
 * </ul>
 */
public final class AwsFront implements AutoCloseable {

    /** How a request signed for the wrong region is answered. */
    public enum WrongRegion { PERMANENT_REDIRECT, AUTHORIZATION_HEADER_MALFORMED }

    /** A KMS key made in moto. */
    public record KmsKey(String arn, String id, String region) {
    }

    /** An STS call: the region its signature names, and for AssumeRole the session it made. */
    public record StsCall(String region, String action, String roleArn, String policy) {
    }

    private record Session(String roleArn, String sessionName, String policy) {
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "expect", "from", "host",
            "origin", "referer", "upgrade", "via", "warning", "transfer-encoding", "keep-alive", "te", "trailer");
    private static final String UNSIGNED = "AWS4-HMAC-SHA256 Credential=front/20260101/%s/%s/aws4_request, SignedHeaders=host, Signature=0";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String moto;
    private final String url;
    private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> redirects = new ConcurrentHashMap<>();
    private final Map<String, List<String>> answered = new ConcurrentHashMap<>();
    private final Map<String, List<String>> unchecked = new ConcurrentHashMap<>();
    private final Set<String> encryptionRequired = ConcurrentHashMap.newKeySet();
    private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
    private final Set<String> keysDenyingAll = ConcurrentHashMap.newKeySet();
    private final Map<String, String> defaultKeys = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<StsCall> stsCalls = Collections.synchronizedList(new ArrayList<>());
    private volatile WrongRegion wrongRegion = WrongRegion.PERMANENT_REDIRECT;

    private AwsFront(String moto) throws IOException {
        this.moto = moto;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A front to the moto at {@code motoUrl}. */
    public static AwsFront start(String motoUrl) {
        try {
            return new AwsFront(motoUrl);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return url;
    }

    public void answerWrongRegionWith(WrongRegion answer) {
        this.wrongRegion = answer;
    }

    /** Requests about {@code bucket} answered as signed for the wrong region so far. */
    public int redirects(String bucket) {
        return redirected(bucket).size();
    }

    /** Every request about {@code bucket} and its answer's status, for failure messages. */
    public List<String> requests(String bucket) {
        List<String> requests = answered.getOrDefault(bucket, List.of());
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Uploads about {@code bucket} (PutObject, UploadPart) that came without a checksum. */
    public List<String> uploadsWithoutChecksum(String bucket) {
        List<String> requests = unchecked.getOrDefault(bucket, List.of());
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Those requests: method, path and query, and the region they were signed for. */
    public List<String> redirected(String bucket) {
        List<String> requests = redirects.getOrDefault(bucket, List.of());
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<StsCall> stsCalls() {
        synchronized (stsCalls) {
            return List.copyOf(stsCalls);
        }
    }

    /** The bucket policy of AWS's guides: deny s3:PutObject without {@code x-amz-server-side-encryption}. */
    public void requireEncryption(String bucket) {
        encryptionRequired.add(bucket);
    }

    /** The key's policy allows nobody but its account's root: every use through S3 is denied. */
    public void keyPolicyDeniesAll(KmsKey key) {
        keysDenyingAll.add(key.arn());
    }

    /** Creates {@code bucket} in moto in {@code region} (its LocationConstraint), optionally with Object Lock. */
    public void createBucket(String bucket, String region, boolean objectLock) {
        HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(moto + "/" + bucket))
                .header("Authorization", UNSIGNED.formatted("us-east-1", "s3"));
        if (objectLock) {
            create.header("x-amz-bucket-object-lock-enabled", "true");
        }
        String body = "us-east-1".equals(region) ? "" : "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>" + region + "</LocationConstraint></CreateBucketConfiguration>";
        SetupHttp.send(create.PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        bucketRegions.remove(bucket); // a bucket of that name may have been elsewhere before
        if (objectLock) {
            SetupHttp.send(HttpRequest.newBuilder(URI.create(moto + "/" + bucket + "?object-lock"))
                    .header("Authorization", UNSIGNED.formatted(region, "s3"))
                    .PUT(HttpRequest.BodyPublishers.ofString("<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode>"
                            + "<Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>")).build());
        }
    }

    /** A symmetric KMS key in moto, in {@code region}. */
    public KmsKey createKmsKey(String region) {
        String response = SetupHttp.send(HttpRequest.newBuilder(URI.create(moto + "/"))
                .header("Authorization", UNSIGNED.formatted(region, "kms"))
                .header("X-Amz-Target", "TrentService.CreateKey").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Description\":\"s3flow test key\"}")).build());
        KmsKey key = new KmsKey(jsonField(response, "Arn"), jsonField(response, "KeyId"), region);
        keys.put(key.arn(), key);
        keys.put(key.id(), key);
        return key;
    }

    /** The bucket's default encryption: SSE-KMS with {@code key}. */
    public void encryptByDefault(String bucket, KmsKey key) {
        SetupHttp.send(HttpRequest.newBuilder(URI.create(moto + "/" + bucket + "?encryption"))
                .header("Authorization", UNSIGNED.formatted(key.region(), "s3"))
                .PUT(HttpRequest.BodyPublishers.ofString("<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>" + key.arn()
                        + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
                        + "</ServerSideEncryptionConfiguration>")).build());
        defaultKeys.put(bucket, key.arn());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ----------------------------------------------------------------------------------------------------------

    private record Incoming(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String accessKey, String region, String service) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        Map<String, String> query() {
            Map<String, String> query = new HashMap<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            return query;
        }
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        static Answer error(int status, String code, String message, Map<String, String> extraXml, Map<String, String> headers) {
            String extra = extraXml.entrySet().stream().map(e -> "<" + e.getKey() + ">" + e.getValue() + "</" + e.getKey() + ">")
                    .collect(Collectors.joining());
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message>" + extra + "<RequestId>" + UUID.randomUUID() + "</RequestId><HostId>front</HostId></Error>";
            Map<String, List<String>> all = new HashMap<>();
            all.put("Content-Type", List.of("application/xml"));
            headers.forEach((k, v) -> all.put(k, List.of(v)));
            return new Answer(status, all, xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Incoming in = incoming(exchange);
            Answer answer;
            try {
                answer = "sts".equals(in.service()) ? sts(in) : "s3".equals(in.service()) ? s3(in) : forward(in);
            } catch (RuntimeException e) {
                answer = Answer.error(500, "InternalError", "front: " + e, Map.of(), Map.of());
            }
            answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            boolean head = "HEAD".equals(in.method());
            exchange.sendResponseHeaders(answer.status(), head || answer.body().length == 0 ? -1 : answer.body().length);
            if (!head && answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        }
    }

    private static Incoming incoming(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
        URI uri = exchange.getRequestURI();
        String scope = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (uri.getRawQuery() != null && uri.getRawQuery().contains("X-Amz-Credential=")) {
            scope = "Credential=" + decode(uri.getRawQuery().replaceAll(".*X-Amz-Credential=([^&]*).*", "$1"));
        }
        Matcher m = SCOPE.matcher(scope);
        boolean signed = m.find();
        return new Incoming(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body,
                signed ? m.group(1) : null, signed ? m.group(2) : null, signed ? m.group(3) : "s3");
    }

    private Answer sts(Incoming in) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(in.body(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        Answer answer = forward(in);
        String action = form.getOrDefault("Action", "?");
        stsCalls.add(new StsCall(in.region(), action, form.get("RoleArn"), form.get("Policy")));
        if ("AssumeRole".equals(action) && answer.status() == 200) {
            Matcher key = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>").matcher(new String(answer.body(), StandardCharsets.UTF_8));
            if (key.find()) {
                sessions.put(key.group(1), new Session(form.get("RoleArn"), form.get("RoleSessionName"), form.get("Policy")));
            }
        }
        return answer;
    }

    private Answer s3(Incoming in) {
        Answer answer = s3Answer(in);
        String bucket = decode(in.rawPath().replaceAll("^/([^/]*).*", "$1"));
        if (!bucket.isEmpty()) {
            answered.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>())).add(describe(in) + " -> " + answer.status());
        }
        return answer;
    }

    private static String describe(Incoming in) {
        return in.method() + " " + in.rawPath() + (in.rawQuery() == null ? "" : "?" + in.rawQuery()) + " signed for " + in.region();
    }

    private Answer s3Answer(Incoming in) {
        String path = in.rawPath().startsWith("/") ? in.rawPath().substring(1) : in.rawPath();
        int slash = path.indexOf('/');
        String bucket = decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 ? "" : decode(path.substring(slash + 1));
        if (bucket.isEmpty() || in.region() == null) {
            return forward(in);
        }
        Map<String, String> query = in.query();
        query.remove("x-id"); // the SDK names some operations in the query; AWS ignores it
        boolean createBucket = "PUT".equals(in.method()) && key.isEmpty() && query.isEmpty();
        if (query.containsKey("location") || createBucket) {
            bucketRegions.remove(bucket);
            return forward(in);
        }
        Optional<String> bucketRegion = regionOf(bucket);
        if (bucketRegion.isPresent() && !bucketRegion.get().equals(in.region())) {
            redirects.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>()))
                    .add(describe(in));
            return wrongRegion(in, bucket, bucketRegion.get());
        }
        boolean putObject = "PUT".equals(in.method()) && !key.isEmpty() && !query.containsKey("uploadId")
                && in.header("x-amz-copy-source") == null && query.isEmpty();
        boolean createUpload = "POST".equals(in.method()) && !key.isEmpty() && query.containsKey("uploads");
        if (putObject || createUpload) {
            Optional<Answer> refused = bucketPolicy(in, bucket, key).or(() -> kms(in, bucket, bucketRegion.orElse("us-east-1")));
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (putObject || "PUT".equals(in.method()) && query.containsKey("partNumber") && in.header("x-amz-copy-source") == null) {
            Optional<Answer> bad = checksum(in, bucket);
            if (bad.isPresent()) {
                return bad.get();
            }
        }
        return forward(in);
    }

    private Answer wrongRegion(Incoming in, String bucket, String region) {
        if (wrongRegion == WrongRegion.AUTHORIZATION_HEADER_MALFORMED && !"HEAD".equals(in.method())) {
            return Answer.error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region '"
                    + in.region() + "' is wrong; expecting '" + region + "'", Map.of("Region", region), Map.of());
        }
        return Answer.error(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the "
                        + "specified endpoint. Please send all future requests to this endpoint.",
                Map.of("Endpoint", bucket + ".s3." + region + ".amazonaws.com", "Bucket", bucket), Map.of("x-amz-bucket-region", region));
    }

    private Optional<Answer> bucketPolicy(Incoming in, String bucket, String key) {
        if (!encryptionRequired.contains(bucket) || in.header("x-amz-server-side-encryption") != null) {
            return Optional.empty();
        }
        return Optional.of(Answer.error(403, "AccessDenied", "User: " + principal(in) + " is not authorized to perform: s3:PutObject"
                + " on resource: \"arn:aws:s3:::" + bucket + "/" + key + "\" with an explicit deny in a resource-based policy",
                Map.of(), Map.of()));
    }

    private Optional<Answer> kms(Incoming in, String bucket, String bucketRegion) {
        String sse = in.header("x-amz-server-side-encryption");
        String keyRef = sse == null ? defaultKeys.get(bucket)
                : sse.startsWith("aws:kms") ? in.header("x-amz-server-side-encryption-aws-kms-key-id") : null;
        if (keyRef == null) {
            return Optional.empty();
        }
        KmsKey key = keys.get(keyRef);
        if (key == null) {
            return Optional.of(Answer.error(400, "KMS.NotFoundException", "Invalid keyId '" + keyRef + "'", Map.of(), Map.of()));
        }
        String denied = "User: " + principal(in) + " is not authorized to perform: kms:GenerateDataKey on resource: " + key.arn();
        if (keysDenyingAll.contains(key.arn())) {
            return Optional.of(Answer.error(403, "AccessDenied", denied
                    + " because no resource-based policy allows the kms:GenerateDataKey action", Map.of(), Map.of()));
        }
        Session session = sessions.get(in.accessKey());
        if (session != null && session.policy() != null && !SessionPolicyCheck.allows(session.policy(), "kms:GenerateDataKey",
                key.arn(), Map.of("kms:ViaService", "s3." + bucketRegion + ".amazonaws.com"))) {
            return Optional.of(Answer.error(403, "AccessDenied", denied
                    + " because no session policy allows the kms:GenerateDataKey action", Map.of(), Map.of()));
        }
        return Optional.empty();
    }

    /** The upload's CRC32, in a header or an aws-chunked trailer, against its bytes; none at all is recorded. */
    private Optional<Answer> checksum(Incoming in, String bucket) {
        boolean chunked = Optional.ofNullable(in.header("Content-Encoding")).orElse("").contains("aws-chunked");
        Map<String, String> trailers = new HashMap<>();
        byte[] payload = chunked ? AwsChunked.decode(in.body(), trailers) : in.body();
        String crc = Optional.ofNullable(in.header("x-amz-checksum-crc32")).orElse(trailers.get("x-amz-checksum-crc32"));
        boolean any = crc != null || in.header("Content-MD5") != null
                || in.headers().keySet().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-"))
                || trailers.keySet().stream().anyMatch(h -> h.startsWith("x-amz-checksum-"));
        if (!any) {
            unchecked.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>())).add(describe(in));
        }
        if (crc != null && !crc.equals(AwsChunked.crc32(payload))) {
            return Optional.of(Answer.error(400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.",
                    Map.of(), Map.of()));
        }
        return Optional.empty();
    }

    private String principal(Incoming in) {
        Session session = sessions.get(in.accessKey());
        if (session == null || session.roleArn() == null) {
            return "arn:aws:iam::123456789012:user/" + in.accessKey();
        }
        String[] role = session.roleArn().split(":role/");
        String name = role[role.length - 1];
        return "arn:aws:sts::123456789012:assumed-role/" + name.substring(name.lastIndexOf('/') + 1) + "/" + session.sessionName();
    }

    /** The bucket's LocationConstraint, asked of moto once (HeadBucket's x-amz-bucket-region); empty for no such bucket. */
    private Optional<String> regionOf(String bucket) {
        String known = bucketRegions.get(bucket);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(moto + "/" + bucket))
                    .header("Authorization", UNSIGNED.formatted("us-east-1", "s3"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            Optional<String> region = head.headers().firstValue("x-amz-bucket-region");
            region.ifPresent(r -> bucketRegions.put(bucket, r));
            return region;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer forward(Incoming in) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(moto + in.rawPath() + (in.rawQuery() == null ? "" : "?" + in.rawQuery())))
                .timeout(Duration.ofMinutes(2))
                .method(in.method(), in.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(in.body()));
        in.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean keepLength = lower.equals("content-length") && "HEAD".equals(in.method());
                if (keepLength || !NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
                    headers.put(name, values);
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            return Answer.error(503, "ServiceUnavailable", "front: moto did not answer", Map.of(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jsonField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AwsFront[" + url + " -> " + moto + ", redirects " + redirects + ", sessions " + Arrays.toString(sessions.keySet().toArray()) + "]";
    }
}
