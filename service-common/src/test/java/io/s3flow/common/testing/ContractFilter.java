package io.s3flow.common.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks every REST Assured exchange against the OpenAPI document the server itself serves ({@code /q/openapi}): the
 * answer's status must be one the operation documents, its headers and body must match (fields, types, nullability,
 * no undocumented field), and a request the server accepted (2xx, 3xx) must be one the document allows (required
 * headers such as If-Match and the tenant headers, parameters, body). Requests to paths the document does not have
 * (an unknown route, a wrong method) are the framework's 404 and 405, not an operation: nothing to compare. Failures
 * are assertion errors naming every difference.
 */
public final class ContractFilter implements OrderedFilter {

    /** The one instance every test installs (see {@link ContractCallback}). */
    public static final ContractFilter INSTANCE = new ContractFilter(origin -> origin + "/q/openapi?format=json");

    /** Not an operation of the document: the route does not exist, or not with this method. */
    private static final Set<String> NOT_AN_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed", "validation.response.path.missing",
            "validation.response.operation.notAllowed");
    /**
     * REST Assured adds a bearer token while sending, after the filters: the validator cannot see it. The server, which
     * did, accepted the request, and what it answers without a valid token is checked as a 401 like any answer.
     */
    private static final Set<String> UNSEEN = Set.of("validation.request.security.missing");
    /**
     * A Content-Type on a request without a body describes nothing (REST Assured sends its form type with an empty
     * POST, as Flow Service's clients send theirs): only a body is held to the media types its operation documents.
     */
    private static final String CONTENT_TYPE = "validation.request.contentType.notAllowed";
    private static final ThreadLocal<Boolean> RESPONSES_ONLY = ThreadLocal.withInitial(() -> false);

    /** Flow Service's prefix, the document's second server: a path under it is the operation of the path without it. */
    private static final String FLOW_SERVICE = "/data/foundation/flowservice";

    private final Function<String, String> documentOf;
    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();
    private final AtomicInteger checked = new AtomicInteger();

    /** @param documentOf the URL of the document that describes a server, from its origin ({@code http://host:port}) */
    public ContractFilter(Function<String, String> documentOf) {
        this.documentOf = documentOf;
    }

    /**
     * Runs {@code sends} with only the answers checked: for requests built to be outside the contract on purpose (the
     * hostile battery), whose answers must still be documented problems.
     */
    public static void answersOnly(Runnable sends) {
        RESPONSES_ONLY.set(true);
        try {
            sends.run();
        } finally {
            RESPONSES_ONLY.set(false);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPath().startsWith("/q/")) {
            return response;
        }
        List<String> problems = differences(request, response, uri);
        if (!problems.isEmpty()) {
            throw new AssertionError("The exchange does not match the served OpenAPI document:\n  " + request.getMethod() + " "
                    + abbreviate(request.getURI()) + " -> " + response.statusCode() + "\n  " + String.join("\n  ", problems)
                    + "\n  body: " + abbreviate(response.asString()));
        }
        return response;
    }

    /**
     * Runs {@code exchange} and fails unless the installed filter compared it with the served document: the proof, in
     * each service's tests, that {@link ContractCallback} is loaded there and nothing passes unchecked.
     */
    public static void assertCompared(Runnable exchange) {
        int before = INSTANCE.checkedExchanges();
        exchange.run();
        if (INSTANCE.checkedExchanges() <= before) {
            throw new AssertionError("the exchange was not compared with the served OpenAPI document: is ContractCallback installed?");
        }
    }

    /** How many exchanges matched an operation of their document and were compared with it. */
    public int checkedExchanges() {
        return checked.get();
    }

    List<String> differences(FilterableRequestSpecification request, Response response, URI uri) {
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        String base = uri.getRawPath().startsWith(FLOW_SERVICE + "/") ? FLOW_SERVICE : "/";
        OpenApiInteractionValidator validator = validators.computeIfAbsent(origin + " " + base,
                key -> OpenApiInteractionValidator.createForSpecificationUrl(documentOf.apply(origin)).withBasePathOverride(base).build());
        Request.Method method = Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
        ValidationReport report = validator.validateResponse(uri.getRawPath(), method, RestAssuredResponse.of(response));
        boolean accepted = response.statusCode() < 400;
        if (accepted && !RESPONSES_ONLY.get()) {
            report = report.merge(validator.validateRequest(RestAssuredRequest.of(request)));
        }
        if (report.getMessages().stream().anyMatch(m -> NOT_AN_OPERATION.contains(m.getKey()))) {
            return List.of();
        }
        checked.incrementAndGet();
        boolean bodiless = request.getBody() == null;
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR && !UNSEEN.contains(m.getKey()))
                .filter(m -> !(bodiless && CONTENT_TYPE.equals(m.getKey())))
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + m.getContext().flatMap(c -> c.getLocation()).map(l -> " (" + l.toString().toLowerCase(Locale.ROOT) + ")").orElse(""))
                .collect(Collectors.toList());
    }

    @Override
    public int getOrder() {
        // outermost: it sees the exchange as sent and received
        return Integer.MAX_VALUE;
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
    }
}
