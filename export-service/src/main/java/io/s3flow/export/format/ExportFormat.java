package io.s3flow.export.format;

import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.S3Upload;
import java.io.IOException;
import java.util.List;

/**
 * An export's file format: CSV or TSV (with their options) or JSON Lines, optionally gzipped; or Parquet, its pages
 * compressed with the codec named.
 */
public record ExportFormat(String format, Csv csv, String compression) {

    public static final String CSV = "csv";
    public static final String TSV = "tsv";
    public static final List<String> FORMATS = List.of(CSV, TSV, FileFormat.JSONL, FileFormat.PARQUET);
    private static final List<String> TEXT_COMPRESSIONS = List.of("none", "gzip");

    /** Allowed compressions per format; the first is the default. */
    public static List<String> compressions(String format) {
        return FileFormat.PARQUET.equals(format) ? ParquetRecordWriter.COMPRESSIONS : TEXT_COMPRESSIONS;
    }

    /**
     * Delimited text options; {@code nullValue} is written for a missing field. {@code escapeFormulas} prefixes text
     * that a spreadsheet would run as a formula with {@code '} (OWASP's advice against CSV injection).
     */
    public record Csv(char delimiter, char quote, boolean header, String nullValue, boolean escapeFormulas) {
        public static final Csv CSV_DEFAULTS = new Csv(',', '"', true, "", true);
        public static final Csv TSV_DEFAULTS = new Csv('\t', '"', true, "", true);
    }

    /**
     * {@code .csv}, {@code .txt} for TSV (as Experience Platform names its tab-delimited files), {@code .jsonl}, then
     * {@code .gz} when gzipped; {@code .parquet}, whose compression is inside the file.
     */
    public String extension() {
        String base = switch (format) {
            case CSV -> ".csv";
            case TSV -> ".txt";
            case FileFormat.PARQUET -> ".parquet";
            default -> ".jsonl";
        };
        return gzipped() ? base + ".gz" : base;
    }

    private boolean gzipped() {
        return !FileFormat.PARQUET.equals(format) && "gzip".equals(compression);
    }

    public RecordWriter open(S3Upload upload, Selection selection) throws IOException {
        return switch (format) {
            case FileFormat.PARQUET -> new ParquetRecordWriter(upload, new SelectedColumns(selection), ParquetRecordWriter.codec(compression));
            case FileFormat.JSONL -> new SelectedJsonlRecordWriter(upload, gzipped(), selection);
            default -> new CsvRecordWriter(upload, gzipped(), selection, csv);
        };
    }
}
