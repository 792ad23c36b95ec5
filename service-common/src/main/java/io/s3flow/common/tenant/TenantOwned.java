package io.s3flow.common.tenant;

import io.s3flow.common.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** A row that belongs to one tenant: another tenant's (or a missing or malformed id) is a 404, never a 403. */
public interface TenantOwned {

    String orgId();

    String sandboxName();

    /**
     * The tenant's row with this id, found by {@code find}; empty for a missing or malformed id and for another
     * tenant's row. For a Panache entity pass {@code id -> Entity.findById(id)}: a method reference would call the
     * unenhanced base method.
     */
    static <T extends TenantOwned> Optional<T> find(Tenant tenant, String id, Function<UUID, T> find) {
        T found;
        try {
            found = find.apply(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not an id at all: no such row
        }
        return Optional.ofNullable(found)
                .filter(row -> row.orgId().equals(tenant.org()) && row.sandboxName().equals(tenant.sandbox()));
    }

    /** The 404 for a {@code noun} the tenant does not have (whether it is missing or another tenant's). */
    static ProblemException notFound(String noun, String id) {
        return ProblemException.notFound("No " + noun + " " + id + ".");
    }
}
