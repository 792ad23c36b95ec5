package io.s3flow.export.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import io.s3flow.common.tenant.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** What streams and exports have in common: a tenant's named, versioned settings writing into one connection. */
@MappedSuperclass
public abstract class TenantEntity extends PanacheEntityBase implements TenantOwned {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "sandbox_name")
    public String sandboxName;
    public String name;
    @Column(name = "connection_id")
    public UUID connectionId;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The etag clients see for this version of the settings. */
    public String etag() {
        return Etags.of(id.toString(), version);
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
