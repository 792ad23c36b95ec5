package io.s3flow.export.stream;

import io.s3flow.export.tenant.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stream's settings. Its delivery state lives apart (stream_delivery), so a settings update never rewrites it. */
@Entity
@Table(name = "stream")
public class Stream extends TenantEntity {

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
}
