package io.s3flow.export.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import io.s3flow.common.tenant.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.StaleStateException;

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

    /**
     * Runs {@code write} (a flush or a delete of a row read under an etag): a change committed meanwhile by another
     * request makes the version stale, a 412 for the caller, whose etag no longer holds.
     */
    public static void underEtag(Runnable write, String noun) {
        try {
            write.run();
        } catch (OptimisticLockException | StaleStateException e) {
            throw Etags.mismatch(noun);
        }
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
