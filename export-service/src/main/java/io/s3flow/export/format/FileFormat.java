package io.s3flow.export.format;

import io.s3flow.export.storage.S3Upload;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;

/** A stream's file format (Avro, JSON Lines or Parquet) and compression: which writer, and the file extension that goes with it. */
public record FileFormat(String format, String compression) {

    public static final String AVRO = "avro";
    public static final String JSONL = "jsonl";
    public static final String PARQUET = "parquet";

    /** Allowed compressions per format; the first is the default. */
    public static final Map<String, List<String>> COMPRESSIONS = Map.of(
            AVRO, List.of("deflate", "snappy", "null"),
            JSONL, List.of("gzip", "none"),
            PARQUET, ParquetRecordWriter.COMPRESSIONS);

    public String extension() {
        return switch (format) {
            case AVRO -> ".avro";
            case PARQUET -> ".parquet";
            default -> "gzip".equals(compression) ? ".jsonl.gz" : ".jsonl";
        };
    }

    public RecordWriter open(S3Upload upload) throws IOException {
        if (JSONL.equals(format)) {
            return new JsonlRecordWriter(upload, "gzip".equals(compression));
        }
        if (PARQUET.equals(format)) {
            return new ParquetRecordWriter(upload, new EventColumns(), ParquetRecordWriter.codec(compression));
        }
        CodecFactory codec = switch (compression) {
            case "snappy" -> CodecFactory.snappyCodec();
            case "null" -> CodecFactory.nullCodec();
            default -> CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL);
        };
        return new AvroRecordWriter(upload, codec);
    }
}
