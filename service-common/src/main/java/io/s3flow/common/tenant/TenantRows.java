package io.s3flow.common.tenant;

import io.quarkus.hibernate.orm.panache.Panache;
import io.s3flow.common.etag.Etags;
import jakarta.persistence.OptimisticLockException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.StaleStateException;

/**
 * One entity's rows as a tenant reaches them (connections, streams, exports): the lookup, the one 404, and the etag
 * steps of a change. A change committed meanwhile by another request makes the row's version stale: a 412, the
 * caller's etag no longer holds.
 */
public final class TenantRows<T extends TenantEntity> {

    private final String noun;
    private final Function<UUID, T> findById;

    /** For a Panache entity pass {@code id -> Entity.findById(id)}: a method reference would call the unenhanced base method. */
    public TenantRows(String noun, Function<UUID, T> findById) {
        this.noun = noun;
        this.findById = findById;
    }

    /** The tenant's row; empty for a missing or malformed id and for another tenant's row. */
    public Optional<T> find(Tenant tenant, String id) {
        return TenantOwned.find(tenant, id, findById);
    }

    public T get(Tenant tenant, String id) {
        return find(tenant, id).orElseThrow(() -> TenantOwned.notFound(noun, id));
    }

    /** The row a PATCH changes: If-Match is required (a 400 before any lookup) and must be the row's etag (a 412). */
    public T toPatch(Tenant tenant, String id, String ifMatch) {
        Etags.requireIfMatch(ifMatch, noun);
        T row = get(tenant, id);
        Etags.requireMatch(ifMatch, row.etag(), noun);
        return row;
    }

    /** Writes the rows changed in this transaction now, so that a stale version is this request's 412. */
    public void flush() {
        underEtag(Panache::flush);
    }

    /** Deletes the tenant's row; an If-Match, when given, must be its etag. */
    public void delete(Tenant tenant, String id, String ifMatch) {
        T row = get(tenant, id);
        Etags.requireIfGiven(ifMatch, row.etag(), noun);
        underEtag(() -> {
            row.delete();
            Panache.flush();
        });
    }

    private void underEtag(Runnable write) {
        try {
            write.run();
        } catch (OptimisticLockException | StaleStateException e) {
            throw Etags.mismatch(noun);
        }
    }
}
