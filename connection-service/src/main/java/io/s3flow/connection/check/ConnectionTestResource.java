package io.s3flow.connection.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.s3flow.common.aws.Encryption;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.problem.ProblemMapper;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.connection.access.BucketAccess;
import io.s3flow.connection.registry.Connection;
import io.s3flow.connection.registry.ConnectionService;
import io.s3flow.connection.registry.CreateConnectionRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Test credentials before data moves: Flow Service's {@code /test}, and a per-permission report. */
@Path("/connections")
@Tag(name = "Connection tests", description = "Each permission a purpose needs, tried for real in the connection's folder.")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionTestResource {

    private static final String PURPOSE = "What the connection is for (default source); stream and export write, so they need connections:write";

    /** Flow Service's answer to {@code GET /connections/{id}/test}. */
    public record TestResult(boolean result) {
    }

    /**
     * How the stream or export the test is for will write: its {@code serverSideEncryption} ({@code null},
     * {@code "AES256"} or {@code {"kms": "<key>"}}), so the test writes as it will.
     */
    @Schema(description = "serverSideEncryption: " + Encryption.API_FORM)
    public record TestOptions(@Schema(ref = "AnyValue") JsonNode serverSideEncryption) {

        Encryption encryption() {
            try {
                return Encryption.fromRequest(serverSideEncryption);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("serverSideEncryption", e.getMessage());
            }
        }
    }

    @Inject
    ConnectionService connections;
    @Inject
    ConnectionTester tester;
    @Inject
    CurrentTenant tenant;
    @Inject
    SecurityIdentity identity;
    @Inject
    ObjectMapper json;

    @GET
    @Path("/{id}/test")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    @Operation(summary = "Whether the connection passes its test (Flow Service's answer)")
    public TestResult quick(@PathParam("id") @Parameter(example = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c") String id,
            @QueryParam("purpose") @Parameter(description = PURPOSE, schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose) {
        return new TestResult(testSaved(id, Purpose.parse(purpose), Encryption.NONE).result());
    }

    /**
     * The per-permission report. The body is optional (Flow Service's clients post none, whatever their Content-Type
     * says); when there is one it is JSON {@link TestOptions}.
     */
    @POST
    @Path("/{id}/test")
    @RolesAllowed(Groups.CONNECTIONS_READ)
    @Operation(summary = "Test a saved connection, permission by permission")
    @RequestBody(required = false, description = "Optional: the encryption the stream or export will write with",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TestOptions.class)))
    public TestReport report(@PathParam("id") @Parameter(example = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c") String id,
            @QueryParam("purpose") @Parameter(description = PURPOSE, schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) @Parameter(hidden = true) String contentType, String body) throws JsonProcessingException {
        Purpose parsed = Purpose.parse(purpose);
        Encryption encryption = options(contentType, body).encryption();
        if (encryption.algorithm() != null && !parsed.writes()) {
            throw ProblemException.invalid("serverSideEncryption", "applies to the stream and export tests only (the source test writes nothing)");
        }
        return testSaved(id, parsed, encryption);
    }

    /** Test before save: the body of a create, validated the same way, nothing stored. */
    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Groups.CONNECTIONS_WRITE)
    @Operation(summary = "Test a connection before saving it (nothing is stored)")
    public TestReport unsaved(@QueryParam("purpose") @Parameter(description = PURPOSE,
            schema = @Schema(enumeration = {"source", "stream", "export"})) String purpose, @NotNull @Valid CreateConnectionRequest request) {
        Purpose parsed = Purpose.parse(purpose);
        ConnectionService.ValidAuth valid = connections.validate(request);
        return tester.test(tenant.get(), BucketAccess.Subject.unsaved(valid.authSpec().name(), valid.params()), parsed, Encryption.NONE);
    }

    /** Unreadable JSON is the mapper's 400 (MALFORMED_JSON, or the unknown field named). */
    private TestOptions options(String contentType, String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return new TestOptions(null);
        }
        if (!isJson(contentType)) {
            throw ProblemException.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "A test's options are JSON: send Content-Type: application/json (or no body).");
        }
        TestOptions options = json.readValue(body, TestOptions.class);
        return options == null ? new TestOptions(null) : options;
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private TestReport testSaved(String id, Purpose purpose, Encryption encryption) {
        // the stream and export tests write, delete and upload in the bucket: reading the connection is not enough
        if (purpose.writes() && !identity.hasRole(Groups.CONNECTIONS_WRITE)) {
            throw ProblemException.of(Response.Status.FORBIDDEN, ProblemMapper.FORBIDDEN, "The " + purpose.name().toLowerCase(Locale.ROOT)
                    + " test writes into the bucket: the token lacks the group this call needs: " + Groups.CONNECTIONS_WRITE + ".");
        }
        Connection connection = connections.get(tenant.get(), id);
        return tester.test(tenant.get(), BucketAccess.Subject.of(connection, connections.params(connection)), purpose, encryption);
    }
}
