package io.s3flow.common.openapi;

import io.s3flow.common.tenant.TenantHeaders;
import io.s3flow.common.trace.RequestId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What every s3flow operation shares, added to each service's OpenAPI document in one place: the tenant headers, the
 * request id, the problem+json answers every endpoint can give (400, 401 with its challenge, 403, 404 where the path
 * names a resource, 406, 413 and 415 where a body is sent, 414, 500, 503; 409, 412 and 422 are components the
 * operations that give them refer to), the {@code x-request-id} header on every answer,
 * the servers (the service itself or the gateway, and Flow Service's prefix), {@code If-None-Match} and its 304 on every
 * GET that answers with an {@code ETag} (see {@code ConditionalGet}), and {@code x-internal} on the service-to-service
 * paths the gateway never routes.
 */
public class ApiContract implements OASFilter {

    private static final String PROBLEM = "Problem";
    private static final String ETAG_HEADER = "ETag";
    private static final String LOCATION_HEADER = "Location";
    private static final String COMPONENTS = "#/components/";
    /** By status, in order (the document is the same from one build to the next). */
    private static final Map<String, String> PROBLEMS = new TreeMap<>(Map.ofEntries(
            Map.entry("400", "The request is invalid: a field, parameter or header is wrong or missing (errorCode and violations say which)."),
            Map.entry("401", "No valid bearer token (errorCode UNAUTHENTICATED); WWW-Authenticate says why."),
            Map.entry("403", "The token may not do this: a missing group, another org or a sandbox it does not name."),
            Map.entry("404", "No such resource in the caller's org and sandbox."),
            Map.entry("406", "The client does not accept application/json."),
            Map.entry("413", "The request body is larger than this endpoint accepts."),
            Map.entry("414", "The request URI is longer than this service accepts."),
            Map.entry("415", "The body is not in a media type this endpoint reads."),
            Map.entry("409", "The request conflicts with the resource's state (errorCode says how)."),
            Map.entry("412", "The etag in If-Match is no longer the resource's (errorCode 1404-412): read it again."),
            Map.entry("422", "The request is well-formed but cannot be carried out (errorCode and detail say why)."),
            Map.entry("500", "The server failed; the detail names an incident id that is in its logs."),
            Map.entry("503", "A service or store s3flow depends on is unavailable; try again later.")));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.servers(List.of(
                OASFactory.createServer().url("/").description("the gateway, or the service itself"),
                OASFactory.createServer().url("/data/foundation/flowservice").description("Flow Service's prefix, for Flow Service clients")));
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.components(components);
        components.addSchema(PROBLEM, problemSchema());
        components.addParameter("OrgId", header(TenantHeaders.ORG, true, "The caller's IMS org; it must equal the token's org claim.",
                "s3flow-dev"));
        components.addParameter("SandboxName", header(TenantHeaders.SANDBOX, true,
                "The sandbox; the token's sandboxes claim, when present, must name it.", "prod"));
        components.addParameter("RequestId", header(RequestId.HEADER, false,
                "The caller's id for this request (letters, digits and ._:@/+=-, at most 128); one is made when absent.",
                "3f0c1d2e-8f5b-4c1a-9d3e-0a1b2c3d4e5f"));
        components.addParameter("IfNoneMatch", OASFactory.createParameter().name("If-None-Match").in(Parameter.In.HEADER)
                .description("Etags read before: 304 without a body while one of them is current").schema(string()));
        components.addResponse("NotModified", OASFactory.createAPIResponse()
                .description("Not modified: If-None-Match names the current etag").addHeader(ETAG_HEADER, reference("headers/" + ETAG_HEADER))
                .addHeader(RequestId.HEADER, reference("headers/RequestId")));
        components.addHeader("RequestId", OASFactory.createHeader().description("The request's id: the caller's, or a new one.")
                .required(true).schema(string()));
        components.addHeader(ETAG_HEADER, OASFactory.createHeader().description("The resource's current etag, for If-Match and If-None-Match.")
                .required(true).schema(string()));
        components.addHeader(LOCATION_HEADER, OASFactory.createHeader()
                .description("Where the new resource is: an absolute URL through the gateway the client came through.")
                .required(true).schema(string().format("uri")));
        PROBLEMS.forEach((status, description) -> components.addResponse("Problem" + status, problemResponse(status, description)));
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().forEach(this::complete);
        }
        ScalarSchemas.inline(openAPI);
    }

    private void complete(String path, PathItem item) {
        boolean namesResource = path.contains("{");
        item.getOperations().forEach((method, operation) -> {
            if (path.startsWith("/internal/")) {
                operation.addExtension("x-internal", true);
            }
            addParameters(operation);
            APIResponses responses = operation.getResponses();
            APIResponse ok = responses.getAPIResponse("200");
            if (method == PathItem.HttpMethod.GET && ok != null && ok.getHeaders() != null && ok.getHeaders().containsKey(ETAG_HEADER)) {
                operation.addParameter(OASFactory.createParameter().ref(COMPONENTS + "parameters/IfNoneMatch"));
                responses.addAPIResponse("304", OASFactory.createAPIResponse().ref(COMPONENTS + "responses/NotModified"));
            }
            for (String status : PROBLEMS.keySet()) {
                boolean applies = switch (status) {
                    case "409", "412", "422" -> false; // only where an operation names them
                    case "404" -> namesResource;
                    case "413", "415" -> operation.getRequestBody() != null;
                    default -> true;
                };
                APIResponse own = responses.getAPIResponse(status);
                // an operation's own description of a status (with its error codes) stays; the framework's bare ones go
                if (applies && (own == null || own.getContent() == null && own.getRef() == null)) {
                    responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(COMPONENTS + "responses/Problem" + status));
                }
            }
            responses.getAPIResponses().values().stream().filter(r -> r.getRef() == null)
                    .forEach(r -> r.addHeader(RequestId.HEADER, reference("headers/RequestId")));
        });
    }

    private static void addParameters(Operation operation) {
        for (String name : List.of("OrgId", "SandboxName", "RequestId")) {
            operation.addParameter(OASFactory.createParameter().ref(COMPONENTS + "parameters/" + name));
        }
    }

    private static Parameter header(String name, boolean required, String description, String example) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(required).description(description)
                .schema(string()).example(example);
    }

    private static APIResponse problemResponse(String status, String description) {
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(COMPONENTS + "schemas/" + PROBLEM))));
        response.addHeader(RequestId.HEADER, reference("headers/RequestId"));
        if ("401".equals(status)) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader().description("Bearer, with error=\"invalid_token\" for a bad token")
                    .schema(string()));
        }
        return response;
    }

    /** RFC 9457 problem+json with s3flow's errorCode (kept in step with {@code Problem} by the contract tests). */
    private static Schema problemSchema() {
        Schema violation = OASFactory.createSchema().addType(SchemaType.OBJECT).required(List.of("field", "message"))
                .addProperty("field", string().description("the field's JSON path, or the parameter or header"))
                .addProperty("message", string());
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description("An error, as RFC 9457 describes it.")
                .required(List.of("type", "title", "status", "errorCode"))
                .addProperty("type", string().description("urn:s3flow:problem:<errorCode>"))
                .addProperty("title", string())
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string())
                .addProperty("errorCode", string().description("the stable code clients switch on").example("1404-412"))
                .addProperty("violations", OASFactory.createSchema().addType(SchemaType.ARRAY).items(violation))
                .addProperty("requestId", string().description("the request's x-request-id"));
    }

    private static Header reference(String component) {
        return OASFactory.createHeader().ref(COMPONENTS + component);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }
}
