package io.s3flow.export.format;

import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.S3Upload;
import java.io.IOException;
import java.util.List;

/** An export's file format: CSV or TSV (with their options) or JSON Lines, optionally gzipped. */
public record ExportFormat(String format, Csv csv, boolean gzip) {

    public static final String CSV = "csv";
    public static final String TSV = "tsv";
    public static final List<String> FORMATS = List.of(CSV, TSV, FileFormat.JSONL);
    public static final List<String> COMPRESSIONS = List.of("none", "gzip");

    /**
     * Delimited text options; {@code nullValue} is written for a missing field. {@code escapeFormulas} prefixes text
     * that a spreadsheet would run as a formula with {@code '} (OWASP's advice against CSV injection).
     */
    public record Csv(char delimiter, char quote, boolean header, String nullValue, boolean escapeFormulas) {
        public static final Csv CSV_DEFAULTS = new Csv(',', '"', true, "", true);
        public static final Csv TSV_DEFAULTS = new Csv('\t', '"', true, "", true);
    }

    /** {@code .csv}, {@code .txt} for TSV (as Experience Platform names its tab-delimited files), {@code .jsonl}; then {@code .gz}. */
    public String extension() {
        String base = switch (format) {
            case CSV -> ".csv";
            case TSV -> ".txt";
            default -> ".jsonl";
        };
        return gzip ? base + ".gz" : base;
    }

    public RecordWriter open(S3Upload upload, Selection selection) throws IOException {
        return FileFormat.JSONL.equals(format)
                ? new SelectedJsonlRecordWriter(upload, gzip, selection)
                : new CsvRecordWriter(upload, gzip, selection, csv);
    }
}
