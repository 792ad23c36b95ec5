package io.s3flow.connection.explore;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The structure and first rows of a file that declares its own schema: Parquet (the schema from the footer, rows
 * from the first row group only) and Avro object container files (the schema from the header, rows from the first
 * blocks). Columns are typed from the declared schema, not inferred: strings, integers, numbers, booleans, dates and
 * UTC date-times; anything else (nested, binary) is shown as a string.
 */
final class ColumnarPreview {

    /** A first row group larger than this is not read for a preview: one request must not hold a warehouse's 1 GB group. */
    static final long MAX_ROW_GROUP_BYTES = 32L * 1024 * 1024;
    /** What the first row group or Avro block may declare it holds once decompressed. */
    static final long MAX_DECOMPRESSED_BYTES = 64L * 1024 * 1024;
    /** A footer (the file's metadata) larger than this is refused before parquet-java allocates a buffer for it. */
    static final int MAX_FOOTER_BYTES = 16 * 1024 * 1024;
    /** A cell longer than this is cut (and ends in an ellipsis): a preview shows values, it does not carry them. */
    static final int MAX_CELL_CHARS = 1024;

    /** The codecs this service carries: a file compressed otherwise is named as such, not failed on a missing class. */
    private static final Set<CompressionCodecName> PARQUET_CODECS = Set.of(CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD);
    private static final Set<String> AVRO_CODECS = Set.of("null", "deflate", "snappy");

    static {
        // Avro sizes a string, a byte array or an array from what the file declares, up to 2 GiB by default; it reads
        // these limits once, when its first decoder loads, and in this service only previews decode Avro
        String limit = String.valueOf(MAX_FOOTER_BYTES);
        System.setProperty("org.apache.avro.limits.bytes.maxLength", limit);
        System.setProperty("org.apache.avro.limits.string.maxLength", limit);
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength", "1000000");
    }

    private ColumnarPreview() {
    }

    static Preview parquet(RangedObject file, int maxRows) {
        checkFooter(file);
        try (ParquetFileReader reader = ParquetFileReader.open(file.asParquet(),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Preview.Column> columns = schema.getFields().stream().map(f -> new Preview.Column(f.getName(), label(f))).toList();
            List<Map<String, Object>> rows = new ArrayList<>();
            List<BlockMetaData> groups = reader.getRowGroups();
            if (!groups.isEmpty()) {
                checkRowGroup(groups.get(0), file.length());
            }
            PageReadStore first = groups.isEmpty() ? null : reader.readNextRowGroup();
            if (first != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(first, new GroupRecordConverter(schema));
                for (long i = 0; i < Math.min(maxRows, first.getRowCount()); i++) {
                    rows.add(row(records.read(), schema));
                }
            }
            return new Preview(columns, rows);
        } catch (IOException | RuntimeException | Error e) {
            throw unreadable(e, "not a Parquet file, or one cut short");
        }
    }

    /** Rows from the first block only, whose declared size (and decompressed size) is checked before Avro reads it. */
    static Preview avro(RangedObject file, int maxRows) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.asAvro(), new GenericDatumReader<>())) {
            Schema schema = reader.getSchema();
            if (schema.getType() != Schema.Type.RECORD) {
                throw new UnparseableFile("an Avro file of " + schema.getType() + " values, not records");
            }
            String codec = Objects.requireNonNullElse(reader.getMetaString("avro.codec"), "null");
            if (!AVRO_CODECS.contains(codec)) {
                throw new UnparseableFile("compressed with " + cell(codec) + ", which a preview does not read (it reads "
                        + String.join(", ", AVRO_CODECS.stream().sorted().toList()) + ")");
            }
            long firstBlockRows = AvroBlocks.checkFirst(file, reader.previousSync(), codec);
            List<Preview.Column> columns = schema.getFields().stream().map(f -> new Preview.Column(f.name(), label(f.schema()))).toList();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rows.size() < Math.min(maxRows, firstBlockRows) && reader.hasNext()) {
                GenericRecord record = reader.next();
                Map<String, Object> row = new LinkedHashMap<>();
                for (Schema.Field field : schema.getFields()) {
                    row.put(field.name(), value(record.get(field.pos()), field.schema()));
                }
                rows.add(row);
            }
            return new Preview(columns, rows);
        } catch (IOException | RuntimeException | Error e) {
            throw unreadable(e, "not an Avro object container file, or one cut short");
        }
    }

    /**
     * What the reader failed on: S3's refusals go up as they are (the caller maps them), anything else is the file's
     * fault. That includes errors: a schema nested deep enough to overflow the stack, a class of a codec this service
     * does not carry, or a size declared in a page header that no heap holds (the single allocation it asks for fails
     * before it takes any memory; the checks before reading keep the sizes the metadata declares bounded).
     */
    private static RuntimeException unreadable(Throwable e, String reason) {
        if (e instanceof UnparseableFile || e instanceof SdkException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error && !(e instanceof StackOverflowError || e instanceof OutOfMemoryError || e instanceof LinkageError)) {
            throw (Error) e;
        }
        return new UnparseableFile(e instanceof Error ? reason + " (or one too large or too deeply nested to preview)" : reason);
    }

    /** Long text cut to {@link #MAX_CELL_CHARS}. */
    private static String cell(String text) {
        return text.length() <= MAX_CELL_CHARS ? text : text.substring(0, MAX_CELL_CHARS) + "…";
    }

    // Parquet

    /** The file ends in its footer's length and {@code PAR1}: a length a hostile file makes huge is refused here. */
    private static void checkFooter(RangedObject file) {
        byte[] tail = new byte[8];
        if (file.length() < 12 || file.read(file.length() - 8, tail, 0, 8) != 8
                || !"PAR1".equals(new String(tail, 4, 4, StandardCharsets.US_ASCII))) {
            throw new UnparseableFile("not a Parquet file, or one cut short");
        }
        int footer = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (footer < 0 || footer > MAX_FOOTER_BYTES || footer > file.length() - 12) {
            throw new UnparseableFile("a footer of " + Integer.toUnsignedString(footer) + " bytes, which a preview does not read");
        }
    }

    /** The first row group's chunks lie inside the data, are compressed with a codec here, and are small enough to read. */
    private static void checkRowGroup(BlockMetaData group, long fileLength) {
        long compressed = 0;
        long decompressed = 0;
        for (ColumnChunkMetaData chunk : group.getColumns()) {
            if (!PARQUET_CODECS.contains(chunk.getCodec())) {
                throw new UnparseableFile("column " + cell(chunk.getPath().toDotString()) + " is compressed with "
                        + chunk.getCodec() + ", which a preview does not read (it reads "
                        + String.join(", ", PARQUET_CODECS.stream().map(Enum::name).sorted().toList()) + ")");
            }
            long start = chunk.getStartingPos();
            long size = chunk.getTotalSize();
            if (start < 4 || size < 0 || chunk.getTotalUncompressedSize() < 0 || start + size > fileLength - 8) {
                throw new UnparseableFile("column " + cell(chunk.getPath().toDotString()) + " lies outside the file");
            }
            compressed += size;
            decompressed += chunk.getTotalUncompressedSize();
        }
        if (compressed > MAX_ROW_GROUP_BYTES || decompressed > MAX_DECOMPRESSED_BYTES) {
            throw new UnparseableFile("the first row group holds " + compressed + " bytes (" + decompressed
                    + " decompressed), more than a preview reads (" + MAX_ROW_GROUP_BYTES + ", " + MAX_DECOMPRESSED_BYTES + ")");
        }
    }

    private static String label(Type field) {
        if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
            return TypeInference.Type.STRING.label();
        }
        PrimitiveType type = field.asPrimitiveType();
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return TypeInference.Type.DATE.label();
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return TypeInference.Type.TIMESTAMP.label();
        }
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
            return TypeInference.Type.NUMBER.label();
        }
        return switch (type.getPrimitiveTypeName()) {
            case INT32, INT64 -> logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                    ? TypeInference.Type.INTEGER.label() : TypeInference.Type.STRING.label();
            case FLOAT, DOUBLE -> TypeInference.Type.NUMBER.label();
            case BOOLEAN -> TypeInference.Type.BOOLEAN.label();
            default -> TypeInference.Type.STRING.label();
        };
    }

    private static Map<String, Object> row(Group group, MessageType schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Type field = schema.getType(i);
            int count = group.getFieldRepetitionCount(i);
            row.put(field.getName(), count == 0 ? null
                    : !field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED) ? nested(group, i, count)
                    : primitive(group, i, field.asPrimitiveType()));
        }
        return row;
    }

    /** A group or a repeated field, as the text parquet-java's example model prints for it. */
    private static String nested(Group group, int field, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(group.getValueToString(field, i).strip());
        }
        return cell(count == 1 ? values.get(0) : values.toString());
    }

    private static Object primitive(Group group, int field, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp && type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64) {
            long n = group.getLong(field, 0);
            return (switch (timestamp.getUnit()) {
                case MILLIS -> Instant.ofEpochMilli(n);
                case MICROS -> Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000);
                case NANOS -> Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
            }).toString();
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return LocalDate.ofEpochDay(group.getInteger(field, 0)).toString();
        }
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return switch (type.getPrimitiveTypeName()) {
                case INT32 -> BigDecimal.valueOf(group.getInteger(field, 0), decimal.getScale());
                case INT64 -> BigDecimal.valueOf(group.getLong(field, 0), decimal.getScale());
                default -> new BigDecimal(new BigInteger(group.getBinary(field, 0).getBytes()), decimal.getScale());
            };
        }
        return switch (type.getPrimitiveTypeName()) {
            case INT32 -> logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                    ? group.getInteger(field, 0) : group.getValueToString(field, 0);
            case INT64 -> logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                    ? group.getLong(field, 0) : group.getValueToString(field, 0);
            case FLOAT -> group.getFloat(field, 0);
            case DOUBLE -> group.getDouble(field, 0);
            case BOOLEAN -> group.getBoolean(field, 0);
            case BINARY, FIXED_LEN_BYTE_ARRAY -> logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    ? cell(new String(group.getBinary(field, 0).getBytes(), StandardCharsets.UTF_8))
                    : cell(Base64.getEncoder().encodeToString(group.getBinary(field, 0).getBytes()));
            default -> cell(group.getValueToString(field, 0));
        };
    }

    // Avro

    private static String label(Schema schema) {
        Schema type = nonNull(schema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return TypeInference.Type.DATE.label();
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return TypeInference.Type.TIMESTAMP.label();
        }
        if (logical instanceof LogicalTypes.Decimal) {
            return TypeInference.Type.NUMBER.label();
        }
        return switch (type.getType()) {
            case INT, LONG -> logical == null ? TypeInference.Type.INTEGER.label() : TypeInference.Type.STRING.label();
            case FLOAT, DOUBLE -> TypeInference.Type.NUMBER.label();
            case BOOLEAN -> TypeInference.Type.BOOLEAN.label();
            default -> TypeInference.Type.STRING.label();
        };
    }

    /** {@code ["null", T]} is an optional T. */
    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> types = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            return types.size() == 1 ? types.get(0) : schema;
        }
        return schema;
    }

    private static Object value(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        Schema type = nonNull(schema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis && value instanceof Long millis) {
            return Instant.ofEpochMilli(millis).toString();
        }
        if (logical instanceof LogicalTypes.TimestampMicros && value instanceof Long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
        }
        if (logical instanceof LogicalTypes.Date && value instanceof Integer days) {
            return LocalDate.ofEpochDay(days).toString();
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            byte[] unscaled = value instanceof GenericFixed fixed ? fixed.bytes()
                    : value instanceof ByteBuffer buffer ? bytes(buffer) : null;
            if (unscaled != null) {
                return new BigDecimal(new BigInteger(unscaled), decimal.getScale());
            }
        }
        return switch (type.getType()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> logical == null ? value : GenericData.get().toString(value);
            case STRING, ENUM -> cell(value.toString());
            default -> cell(GenericData.get().toString(value));
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
