package io.s3flow.connection.explore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A file as Flow Service describes it: its structure, a bare array of {@code {name, type}}; with {@code preview=true}
 * the structure in XDM terms ({@code format: flat}, {@code schema.columns}) and the first rows ({@code data}).
 */
public final class FileViews {

    /** One column of a file's structure. */
    public record Column(String name, String type) {
    }

    /** The XDM type a column maps to: dates and times are strings with a format. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Xdm(String type, String format) {
    }

    /** A column of a preview; {@code meta:xdmType} names the XDM type of date and date-time columns. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreviewColumn(String name, String type, @JsonProperty("meta:xdmType") String xdmType, Xdm xdm) {
    }

    public record PreviewSchema(List<PreviewColumn> columns) {
    }

    public record FilePreview(String format, PreviewSchema schema, List<Map<String, Object>> data) {
    }

    private FileViews() {
    }

    public static List<Column> structure(Preview preview) {
        return preview.schema().stream().map(c -> new Column(c.name(), c.type())).toList();
    }

    public static FilePreview preview(Preview preview) {
        List<PreviewColumn> columns = preview.schema().stream().map(FileViews::column).toList();
        return new FilePreview("flat", new PreviewSchema(columns), preview.data());
    }

    private static PreviewColumn column(Preview.Column column) {
        String type = column.type();
        boolean temporal = TypeInference.Type.DATE.label().equals(type) || TypeInference.Type.TIMESTAMP.label().equals(type);
        return temporal
                ? new PreviewColumn(column.name(), type, type, new Xdm("string", type))
                : new PreviewColumn(column.name(), type, null, new Xdm(type, null));
    }
}
