package io.s3flow.common.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * What connections, streams and exports have in common: a tenant's named row, versioned for etags. Columns are the
 * fields' names in snake_case (the services' physical naming strategy), so no field needs a {@code @Column} name.
 */
@MappedSuperclass
public abstract class TenantEntity extends PanacheEntityBase implements TenantOwned {

    @Id
    public UUID id;
    public String orgId;
    public String sandboxName;
    public String name;
    /** Optimistic lock: every update is {@code ... WHERE version = ?}, so of two writers with one etag only one wins. */
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    /** The etag clients see for this version of the row. */
    public String etag() {
        return Etags.of(id.toString(), version);
    }

    /** Makes this a new row of the tenant's, under an id of its own. */
    public void ownedBy(Tenant tenant) {
        id = UUID.randomUUID();
        orgId = tenant.org();
        sandboxName = tenant.sandbox();
    }

    @Override
    public String orgId() {
        return orgId;
    }

    @Override
    public String sandboxName() {
        return sandboxName;
    }
}
