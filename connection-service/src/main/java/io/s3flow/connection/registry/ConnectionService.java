package io.s3flow.connection.registry;

import io.s3flow.common.patch.PatchOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.tenant.TenantRows;
import io.s3flow.common.text.CleanText;
import io.s3flow.connection.secret.EnvelopeCipher;
import io.s3flow.connection.spec.AuthSpecDefinition;
import io.s3flow.connection.spec.ConnectionSpec;
import io.s3flow.connection.spec.ConnectionSpecCatalog;
import io.s3flow.connection.spec.ParamValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Connections of a tenant: create, read, list, patch under an etag, delete. Secrets are sealed before they are stored. */
@ApplicationScoped
public class ConnectionService {

    static final String STATE_ENABLED = "enabled";
    private static final String CONNECTION = "connection";
    private static final int MAX_NAME = 256;
    private static final int MAX_DESCRIPTION = 4096;
    /** The params that say where the bucket is: when one changes, the remembered region no longer holds. */
    private static final List<String> WHERE_THE_BUCKET_IS = List.of("bucketName", ConnectionViews.SERVICE_URL_PARAM,
            ConnectionViews.REGION_PARAM);
    private static final TenantRows<Connection> ROWS = new TenantRows<>(CONNECTION, uuid -> Connection.findById(uuid));
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    /** One page of a list, with the token of the next page when there is one. */
    public record Page(List<Connection> items, Optional<String> nextToken, Optional<Long> count) {
    }

    @Inject
    ConnectionSpecCatalog catalog;
    @Inject
    EnvelopeCipher cipher;
    @Inject
    ObjectMapper json;

    /** A create request that passed validation: its spec, auth spec and params as strings. */
    public record ValidAuth(ConnectionSpec spec, AuthSpecDefinition authSpec, Map<String, String> params) {
    }

    /** Validates a create request without storing anything (also what testing before saving needs). */
    public ValidAuth validate(CreateConnectionRequest request) {
        ConnectionSpec spec = specOf(request.connectionSpec());
        AuthSpecDefinition authSpec = spec.authSpec(request.auth().specName()).orElseThrow(() -> ProblemException.invalid(
                "auth.specName", "must be one of " + spec.authSpecNames()));
        return new ValidAuth(spec, authSpec, ParamValidator.validate(authSpec,
                request.auth().params() == null ? Map.of() : request.auth().params()));
    }

    @Transactional
    public Connection create(Tenant tenant, Caller caller, CreateConnectionRequest request) {
        ValidAuth valid = validate(request);
        ConnectionSpec spec = valid.spec();
        AuthSpecDefinition authSpec = valid.authSpec();
        Map<String, String> params = valid.params();
        Connection connection = new Connection();
        connection.ownedBy(tenant);
        connection.specId = spec.id();
        connection.specVersion = spec.version();
        connection.authSpecName = authSpec.name();
        connection.state = STATE_ENABLED;
        connection.createdBy = caller.subject();
        connection.createdClient = caller.client();
        applyContent(connection, caller, request.name(), request.description(), authSpec, params);
        connection.createdAt = connection.updatedAt;
        connection.persistAndFlush();
        return connection;
    }

    public Connection get(Tenant tenant, String id) {
        return ROWS.get(tenant, id);
    }

    public Page list(Tenant tenant, ConnectionQuery query, boolean withCount) {
        var page = query.where(tenant, true);
        List<Connection> rows = Connection.<Connection>find(page.getKey() + query.orderClause(), page.getValue())
                .range(0, query.limit()).list();
        List<Connection> items = rows.size() > query.limit() ? rows.subList(0, query.limit()) : rows;
        Optional<String> next = rows.size() > query.limit() ? Optional.of(query.tokenAfter(items.get(items.size() - 1))) : Optional.empty();
        Optional<Long> count = Optional.empty();
        if (withCount) {
            var all = query.where(tenant, false);
            count = Optional.of(Connection.count(all.getKey(), all.getValue()));
        }
        return new Page(items, next, count);
    }

    @Transactional
    public Connection patch(Tenant tenant, Caller caller, String id, String ifMatch, List<PatchOperation> operations) {
        Connection connection = ROWS.toPatch(tenant, id, ifMatch);
        AuthSpecDefinition authSpec = authSpecOf(connection);
        ConnectionPatch.Document patched = ConnectionPatch.apply(
                new ConnectionPatch.Document(connection.name, connection.description, new LinkedHashMap<>(params(connection))),
                operations, connection.specId);
        Map<String, String> params = ParamValidator.validate(authSpec, patched.params());
        if (WHERE_THE_BUCKET_IS.stream().anyMatch(p -> !Objects.equals(connection.params.get(p), params.get(p)))) {
            connection.region = null; // another bucket, endpoint or region: found out again at the next call
        }
        applyContent(connection, caller, patched.name(), patched.description(), authSpec, params);
        ROWS.flush();
        return connection;
    }

    /**
     * Remembers the region S3 said the connection's bucket is in. Not an edit: the version (and so the etag) stays, a
     * client's If-Match still holds, and a connection patched meanwhile to another bucket keeps its reset.
     */
    @Transactional
    public void rememberRegion(UUID id, String bucket, String region) {
        Connection.getEntityManager().createNativeQuery("UPDATE connection SET region = ?1 WHERE id = ?2"
                        + " AND params ->> 'bucketName' = ?3 AND region IS DISTINCT FROM ?1")
                .setParameter(1, region).setParameter(2, id).setParameter(3, bucket).executeUpdate();
    }

    @Transactional
    public void delete(Tenant tenant, String id, String ifMatch) {
        ROWS.delete(tenant, id, ifMatch);
    }

    /** Every param of the connection, secrets decrypted: for the other services only, never for a client. */
    public Map<String, String> params(Connection connection) {
        Map<String, String> all = new LinkedHashMap<>(connection.params);
        if (connection.sealedSecret() != null) {
            try {
                all.putAll(json.readValue(cipher.open(connection.sealedSecret(), connection.id.toString()), STRING_MAP));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("sealed params of connection " + connection.id + " are not a JSON object");
            }
        }
        return all;
    }

    public AuthSpecDefinition authSpecOf(Connection connection) {
        return catalog.find(connection.specId).flatMap(spec -> spec.authSpec(connection.authSpecName))
                .orElseThrow(() -> new IllegalStateException("connection " + connection.id + " has an unknown auth spec"));
    }

    private ConnectionSpec specOf(CreateConnectionRequest.SpecRef ref) {
        ConnectionSpec spec = catalog.find(ref.id()).orElseThrow(() -> ProblemException.invalid("connectionSpec.id",
                "must be one of " + catalog.ids()));
        if (ref.version() != null && !ref.version().equals(spec.version())) {
            throw ProblemException.invalid("connectionSpec.version", "must be " + spec.version() + " (or omitted for the latest)");
        }
        return spec;
    }

    private void applyContent(Connection connection, Caller caller, String name, String description, AuthSpecDefinition authSpec,
            Map<String, String> params) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (name == null || name.isBlank()) {
            violations.add(new Problem.Violation("name", "is required"));
        } else {
            CleanText.problem(name, MAX_NAME).ifPresent(message -> violations.add(new Problem.Violation("name", message)));
        }
        CleanText.problemInFreeText(description, MAX_DESCRIPTION)
                .ifPresent(message -> violations.add(new Problem.Violation("description", message)));
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.withViolations("Invalid connection: " + violations.get(0).field() + " "
                    + violations.get(0).message(), violations));
        }
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> secret = new LinkedHashMap<>();
        params.forEach((k, v) -> (authSpec.isSecret(k) ? secret : plain).put(k, v));
        connection.name = name;
        connection.description = description;
        connection.params = plain;
        try {
            connection.seal(secret.isEmpty() ? null : cipher.seal(json.writeValueAsString(secret), connection.id.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secret params could not be serialised");
        }
        connection.updatedAt = now();
        connection.updatedBy = caller.subject();
        connection.updatedClient = caller.client();
    }

    /** PostgreSQL keeps microseconds; truncating here keeps the entity equal to its row, which keyset paging compares. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
