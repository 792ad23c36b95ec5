package io.s3flow.export.scheduled;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import io.s3flow.common.tenant.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/** An export's settings (the normalized request, as JSON) and its next scheduled slot. */
@Entity
@Table(name = "export")
@DynamicUpdate
public class Export extends PanacheEntityBase implements TenantOwned {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "sandbox_name")
    public String sandboxName;
    public String name;
    @Column(name = "connection_id")
    public UUID connectionId;
    public String settings;
    @Column(name = "next_run_at")
    public Instant nextRunAt;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The etag clients see for this version of the export's settings. */
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
