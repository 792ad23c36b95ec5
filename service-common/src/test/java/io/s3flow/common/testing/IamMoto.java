package io.s3flow.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A moto_server of a test's own that enforces IAM. It starts open ({@code INITIAL_NO_AUTH_ACTION_COUNT} very high), the
 * test creates its users, roles, policies and buckets with unsigned calls, then {@link #enforce()} makes every later
 * call pass SigV4 and IAM policy checks, as AWS would. {@link #open()} lifts enforcement again, to change policies.
 */
public final class IamMoto implements AutoCloseable {

    public record Keys(String accessKeyId, String secretAccessKey, String arn) {
    }

    /** What moto_server (werkzeug) prints once it listens. */
    private static final Pattern ANNOUNCED = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String UNSIGNED = "AWS4-HMAC-SHA256 Credential=bootstrap/20260101/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=0";

    private final TestProcess process;
    private final String url;

    private IamMoto(TestProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static IamMoto start() {
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", "0");
        builder.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "1000000000");
        TestProcess moto = TestProcess.listening(builder, ANNOUNCED, "/moto-api/", Duration.ofSeconds(30), status -> status == 200);
        return new IamMoto(moto, moto.url());
    }

    public String url() {
        return url;
    }

    /** A user with one inline policy and an access key. */
    public Keys createUser(String name, String policyJson) {
        String arn = field(iam("CreateUser", Map.of("UserName", name)), "Arn");
        if (policyJson != null) {
            putUserPolicy(name, "policy", policyJson);
        }
        String keys = iam("CreateAccessKey", Map.of("UserName", name));
        return new Keys(field(keys, "AccessKeyId"), field(keys, "SecretAccessKey"), arn);
    }

    public void putUserPolicy(String user, String policyName, String policyJson) {
        iam("PutUserPolicy", Map.of("UserName", user, "PolicyName", policyName, "PolicyDocument", policyJson));
    }

    public void deleteUserPolicy(String user, String policyName) {
        iam("DeleteUserPolicy", Map.of("UserName", user, "PolicyName", policyName));
    }

    /** A role that {@code trustedPrincipalArn} may assume, with one inline policy; answers its ARN. */
    public String createRole(String name, String trustedPrincipalArn, String policyJson) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + trustedPrincipalArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        String arn = field(iam("CreateRole", Map.of("RoleName", name, "AssumeRolePolicyDocument", trust)), "Arn");
        iam("PutRolePolicy", Map.of("RoleName", name, "PolicyName", "policy", "PolicyDocument", policyJson));
        return arn;
    }

    public void createBucket(String bucket) {
        SetupHttp.send(HttpRequest.newBuilder(URI.create(url + "/" + bucket)).header("Authorization", UNSIGNED.formatted("s3"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Every AssumeRole call moto received, as it recorded them: role_arn, session_name, external_id, policy. */
    public List<JsonNode> assumedRoles() {
        try {
            JsonNode state = new ObjectMapper().readTree(SetupHttp.send(HttpRequest.newBuilder(URI.create(url + "/moto-api/data.json")).build()));
            List<JsonNode> roles = new ArrayList<>();
            state.path("sts").path("AssumedRole").forEach(roles::add);
            return roles;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void enforce() {
        resetAuth("0");
    }

    public void open() {
        resetAuth("1000000000");
    }

    @Override
    public void close() {
        process.close();
    }

    /** A policy document from the classpath (for example the Braze policies), its bucket placeholder filled in. */
    public static String policy(String resource, String bucket) {
        try (var in = IamMoto.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("INSERTBUCKETNAME", bucket);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void resetAuth(String count) {
        SetupHttp.send(HttpRequest.newBuilder(URI.create(url + "/moto-api/reset-auth")).POST(HttpRequest.BodyPublishers.ofString(count)).build());
    }

    private String iam(String action, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-05-08");
        form.putAll(params);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return SetupHttp.send(HttpRequest.newBuilder(URI.create(url + "/")).header("Authorization", UNSIGNED.formatted("iam"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + xml);
        }
        return m.group(1);
    }
}
