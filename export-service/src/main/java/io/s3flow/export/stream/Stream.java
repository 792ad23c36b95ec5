package io.s3flow.export.stream;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.s3flow.common.etag.Etags;
import io.s3flow.common.tenant.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stream's settings. Its delivery state lives apart (stream_delivery), so a settings update never rewrites it. */
@Entity
@Table(name = "stream")
public class Stream extends PanacheEntityBase implements TenantOwned {

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "sandbox_name")
    public String sandboxName;
    public String name;
    @Column(name = "connection_id")
    public UUID connectionId;
    @Column(name = "folder_path")
    public String folderPath;
    public String format;
    public String compression;
    @Column(name = "event_types")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] eventTypes;
    @Column(name = "flush_max_events")
    public int flushMaxEvents;
    @Column(name = "flush_max_bytes")
    public long flushMaxBytes;
    @Column(name = "flush_max_seconds")
    public int flushMaxSeconds;
    @Column(name = "sse_algorithm")
    public String sseAlgorithm;
    @Column(name = "sse_kms_key_id")
    public String sseKmsKeyId;
    public String bucket;
    @Column(name = "key_prefix")
    public String keyPrefix;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The etag clients see for this version of the stream's settings. */
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
