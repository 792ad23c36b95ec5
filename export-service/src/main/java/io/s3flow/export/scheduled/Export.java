package io.s3flow.export.scheduled;

import io.s3flow.common.tenant.TenantEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * An export's settings (the normalized request, as JSON) and its next scheduled slot. Only changed columns are
 * written, so a settings update never overwrites the slot the scheduler just moved.
 */
@Entity
@Table(name = "export")
@DynamicUpdate
public class Export extends TenantEntity {

    public UUID connectionId;
    public String settings;
    public Instant nextRunAt;
}
