package io.s3flow.common.tenant;

import io.s3flow.common.problem.ProblemException;
import java.util.UUID;
import java.util.function.Function;

/** A row that belongs to one tenant: another tenant's (or a missing or malformed id) is a 404, never a 403. */
public interface TenantOwned {

    String orgId();

    String sandboxName();

    /**
     * The tenant's {@code noun} with this id, found by {@code find}; a 404 naming it otherwise. For a Panache entity
     * pass {@code id -> Entity.findById(id)}: a method reference would call the unenhanced base method.
     */
    static <T extends TenantOwned> T require(Tenant tenant, String id, Function<UUID, T> find, String noun) {
        T found = null;
        try {
            found = find.apply(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            // not an id at all: no such row
        }
        if (found == null || !found.orgId().equals(tenant.org()) || !found.sandboxName().equals(tenant.sandbox())) {
            throw ProblemException.notFound("No " + noun + " " + id + ".");
        }
        return found;
    }
}
