package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A Parquet file's columns and how one event fills them: a row is a message of top-level columns, a null value is a
 * column left out of the row (so only optional columns may be null).
 */
abstract class ParquetColumns extends WriteSupport<StoredEvent> {

    private final MessageType schema;
    private RecordConsumer row;

    ParquetColumns(MessageType schema) {
        this.schema = schema;
    }

    MessageType schema() {
        return schema;
    }

    /** Writes the event's values, column by column, with {@link #text}, {@link #int64} and {@link #timestamp}. */
    protected abstract void fill(StoredEvent event);

    @Override
    public final WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public final WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public final void prepareForWrite(RecordConsumer recordConsumer) {
        this.row = recordConsumer;
    }

    @Override
    public final void write(StoredEvent event) {
        row.startMessage();
        fill(event);
        row.endMessage();
    }

    protected final void text(int column, String value) {
        if (value != null) {
            start(column);
            row.addBinary(Binary.fromString(value));
            end(column);
        }
    }

    protected final void int64(int column, long value) {
        start(column);
        row.addLong(value);
        end(column);
    }

    /** Milliseconds since the epoch, the precision events are kept in. */
    protected final void timestamp(int column, Instant time) {
        int64(column, time.toEpochMilli());
    }

    private void start(int column) {
        row.startField(schema.getFieldName(column), column);
    }

    private void end(int column) {
        row.endField(schema.getFieldName(column), column);
    }

    static Type text(String name, boolean optional) {
        return (optional ? Types.optional(PrimitiveTypeName.BINARY) : Types.required(PrimitiveTypeName.BINARY))
                .as(LogicalTypeAnnotation.stringType()).named(name);
    }

    static Type int64(String name) {
        return Types.required(PrimitiveTypeName.INT64).named(name);
    }

    /** UTC instants in milliseconds, which Athena, Spark and DuckDB read as timestamps. */
    static Type timestamp(String name) {
        return Types.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named(name);
    }
}
