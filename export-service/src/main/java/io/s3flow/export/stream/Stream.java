package io.s3flow.export.stream;

import io.s3flow.common.tenant.TenantEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stream's settings. Its delivery state lives apart (stream_delivery), so a settings update never rewrites it. */
@Entity
@Table(name = "stream")
public class Stream extends TenantEntity {

    public UUID connectionId;
    public String folderPath;
    public String format;
    public String compression;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] eventTypes;
    public int flushMaxEvents;
    public long flushMaxBytes;
    public int flushMaxSeconds;
    public String sseAlgorithm;
    public String sseKmsKeyId;
    public String bucket;
    public String keyPrefix;
}
