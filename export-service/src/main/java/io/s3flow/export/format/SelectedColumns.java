package io.s3flow.export.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.select.Selection;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * An export's Parquet columns, one per selected field and named as selected: {@code id} and {@code type} required
 * strings, {@code time} a UTC timestamp in milliseconds (the precision events are kept in), {@code sequence} a required int64,
 * {@code userId} and every {@code properties.<path>} optional strings. A property's text is written as it is; a
 * number, boolean, object or array as its JSON text (as CSV writes them), since a path's type is not known before the
 * rows are; a missing or JSON null property is null.
 */
final class SelectedColumns extends ParquetColumns {

    private final Selection selection;
    private final List<Selection.Field> fields;

    SelectedColumns(Selection selection) {
        super(new MessageType("Export", selection.fields().stream().map(SelectedColumns::column).toList()));
        this.selection = selection;
        this.fields = selection.fields();
    }

    private static Type column(Selection.Field field) {
        return switch (field.column()) {
            case ID, TYPE -> text(field.name(), false);
            case TIME -> timestamp(field.name());
            case SEQUENCE -> int64(field.name());
            case USER_ID, PROPERTIES -> text(field.name(), true);
        };
    }

    @Override
    protected void fill(StoredEvent event) {
        JsonNode[] values = selection.project(event);
        for (int i = 0; i < values.length; i++) {
            switch (fields.get(i).column()) {
                case TIME -> timestamp(i, event.time());
                case SEQUENCE -> int64(i, event.sequence());
                default -> text(i, values[i].isMissingNode() || values[i].isNull() ? null
                        : values[i].isTextual() ? values[i].textValue() : values[i].toString());
            }
        }
    }
}
