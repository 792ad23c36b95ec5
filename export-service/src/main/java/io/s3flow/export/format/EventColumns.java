package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import org.apache.parquet.schema.MessageType;

/**
 * A stream's Parquet columns: the record of its Avro files ({@code avro/event.avsc}), field for field and type for
 * type: {@code time} in epoch milliseconds, {@code userId} the only optional one, {@code properties} the JSON text.
 */
final class EventColumns extends ParquetColumns {

    private static final MessageType SCHEMA = new MessageType("Event",
            text("id", false), text("type", false), timestamp("time"), text("userId", true),
            text("properties", false), int64("sequence"));

    EventColumns() {
        super(SCHEMA);
    }

    @Override
    protected void fill(StoredEvent event) {
        text(0, event.id());
        text(1, event.type());
        timestamp(2, event.time());
        text(3, event.userId());
        text(4, event.propertiesJson());
        int64(5, event.sequence());
    }
}
