package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.S3Upload;
import java.io.IOException;

/**
 * CSV or TSV through jackson-dataformat-csv, which quotes a value holding the delimiter, the quote or a line break.
 * A nested value (object or array) is written as its JSON text; a missing one as the null value; text a spreadsheet would
 * run as a formula gets a leading {@code '} unless the export turned {@code csv.escapeFormulas} off.
 */
final class CsvRecordWriter extends UploadRecordWriter {

    private static final CsvMapper CSV = new CsvMapper();

    /** What makes a spreadsheet read a cell as a formula (OWASP: =, +, -, @, tab, carriage return). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final Selection selection;
    private final SequenceWriter rows;
    private final String[] row;
    private final boolean escapeFormulas;

    CsvRecordWriter(S3Upload upload, boolean gzip, Selection selection, ExportFormat.Csv options) throws IOException {
        super(upload, gzip);
        this.selection = selection;
        CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(options.delimiter()).setQuoteChar(options.quote())
                .setUseHeader(options.header()).setNullValue(options.nullValue());
        selection.fieldNames().forEach(schema::addColumn);
        // quote only what needs it (by default values over 24 characters are quoted unread, for speed)
        this.rows = CSV.writerFor(String[].class).with(schema.build()).with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .writeValues(out);
        this.row = new String[selection.fields().size()];
        this.escapeFormulas = options.escapeFormulas();
    }

    @Override
    public void write(StoredEvent event) throws IOException {
        JsonNode[] values = selection.project(event);
        for (int i = 0; i < values.length; i++) {
            JsonNode value = values[i];
            row[i] = value.isMissingNode() || value.isNull() ? null
                    : value.isTextual() ? escaped(value.asText()) : value.isValueNode() ? value.asText() : value.toString();
        }
        rows.write(row);
    }

    /** Text only: a number (-5) or a nested value ({...}) is never a formula, and stays as it is. */
    private String escaped(String text) {
        return escapeFormulas && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    @Override
    protected void flushFormat() throws IOException {
        rows.flush();
    }
}
