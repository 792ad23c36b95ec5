package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.s3flow.connection.bucket.BucketLocation;
import io.s3flow.connection.explore.BucketBrowser;
import io.s3flow.connection.explore.Preview;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Previews of files that carry their schema: Parquet (footer, first row group) and Avro (header, first blocks),
 * written here by parquet-java and Apache Avro, many times larger than what a preview may read.
 */
@QuarkusTest
class ColumnarPreviewTest {

    private static final int ROWS = 150_000;
    private static final Instant START = Instant.parse("2026-11-20T10:00:00.250Z");

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();
    /** One bucket for the class, its files all uploaded before the first test: every test only reads them. */
    private static String bucket;
    private String id;
    private static byte[] parquet;
    private static byte[] avro;
    private static byte[] avroOfLargeBlocks;
    private static byte[] decimals;
    private static Map<String, byte[]> hostile;

    /** The files are the same bytes for every test (fixed rows, fixed ids): written once, uploaded once. */
    @BeforeAll
    static void files() throws IOException {
        parquet = parquetFile();
        avro = avroFile(16 * 1024);
        avroOfLargeBlocks = avroFile(512 * 1024);
        decimals = decimalsFile();
        hostile = hostileFiles();
    }

    @BeforeEach
    void connectionToTheBucketWithFiles() {
        if (bucket == null) {
            bucket = bucketWithFiles();
        }
        id = api.create(ConnectionsApi.body("columnar", "Access Key", Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY,
                "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", MOTO_URL, "bucketName", bucket, "folderPath", "landing")))
                .then().statusCode(201).extract().path("id");
    }

    private static String bucketWithFiles() {
        String bucket = "columnar-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = ConnectionsApi.moto(MOTO_URL)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("landing/events.parquet"), RequestBody.fromBytes(parquet));
            s3.putObject(b -> b.bucket(bucket).key("landing/events.avro"), RequestBody.fromBytes(avro));
            s3.putObject(b -> b.bucket(bucket).key("landing/large-blocks.avro"), RequestBody.fromBytes(avroOfLargeBlocks));
            s3.putObject(b -> b.bucket(bucket).key("landing/decimals.parquet"), RequestBody.fromBytes(decimals));
            s3.putObject(b -> b.bucket(bucket).key("landing/broken.parquet"), RequestBody.fromBytes("PAR1 not really PAR1".getBytes(StandardCharsets.US_ASCII)));
            // a footer length of 2 GiB - 1: refused before anything allocates it
            s3.putObject(b -> b.bucket(bucket).key("landing/hostile.parquet"), RequestBody.fromBytes(new byte[] {
                'P', 'A', 'R', '1', 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'P', 'A', 'R', '1'}));
            s3.putObject(b -> b.bucket(bucket).key("landing/broken.avro"), RequestBody.fromBytes("Obj\1 not really".getBytes(StandardCharsets.US_ASCII)));
            for (Map.Entry<String, byte[]> file : hostile.entrySet()) {
                s3.putObject(b -> b.bucket(bucket).key("landing/" + file.getKey()), RequestBody.fromBytes(file.getValue()));
            }
        }
        return bucket;
    }

    private String explore(String query) {
        return "/connections/" + id + "/explore?" + query;
    }

    private static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id")
            .required(PrimitiveTypeName.INT64).named("n")
            .optional(PrimitiveTypeName.DOUBLE).named("score")
            .required(PrimitiveTypeName.BOOLEAN).named("active")
            .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("day")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named("at")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("note")
            .named("Row");

    /** Row groups of about 64 KiB: the first is a small part of the file. */
    private static byte[] parquetFile() throws IOException {
        Path file = Files.createTempFile("preview", ".parquet");
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withType(SCHEMA).withRowGroupSize(64 * 1024L).withPageSize(8 * 1024).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (int i = 0; i < ROWS; i++) {
                Group row = rows.newGroup().append("id", "r-" + i).append("n", (long) i).append("active", i % 3 == 0)
                        .append("day", (int) LocalDate.parse("2026-01-01").plusDays(i % 365).toEpochDay())
                        .append("at", START.plusSeconds(i).toEpochMilli());
                if (i % 2 == 0) {
                    row.append("score", i / 4.0);
                }
                if (i % 5 != 4) {
                    row.append("note", "ünïcödé, \"" + UUID.nameUUIDFromBytes(("" + i).getBytes(StandardCharsets.UTF_8)) + "\"");
                }
                writer.write(row);
            }
        }
        try {
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    private static final Schema AVRO = SchemaBuilder.record("Event").fields()
            .requiredString("id")
            .name("time").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .optionalString("userId")
            .requiredLong("sequence")
            .requiredDouble("ratio")
            .endRecord();

    private static byte[] avroFile(int syncInterval) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> file = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(AVRO))
                .setCodec(CodecFactory.deflateCodec(6)).setSyncInterval(syncInterval).create(AVRO, bytes)) {
            for (int i = 0; i < ROWS; i++) {
                GenericData.Record record = new GenericData.Record(AVRO);
                record.put("id", "a-" + i + "-" + UUID.nameUUIDFromBytes(("" + i).getBytes(StandardCharsets.UTF_8)));
                record.put("time", START.plusMillis(i).toEpochMilli());
                record.put("userId", i % 4 == 0 ? null : "user-" + i);
                record.put("sequence", 1000L + i);
                record.put("ratio", i / 8.0);
                file.append(record);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void parquetShowsTheFootersSchemaAndTheFirstRowGroupsRows() {
        api.request().when().get(explore("objectType=root")).then().statusCode(200)
                .body("find { it.name == 'events.parquet' }.canPreview", equalTo(true))
                .body("find { it.name == 'events.avro' }.canPreview", equalTo(true));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.parquet&fileType=PARQUET"))
                .then().statusCode(200)
                .body("name", contains("id", "n", "score", "active", "day", "at", "note"))
                .body("type", contains("string", "integer", "number", "boolean", "date", "date-time", "string"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.parquet&fileType=parquet&preview=true&previewRows=5"))
                .then().statusCode(200)
                .body("format", equalTo("flat"))
                .body("schema.columns.xdm.type", contains("string", "integer", "number", "boolean", "string", "string", "string"))
                .body("schema.columns[5].'meta:xdmType'", equalTo("date-time"))
                .body("data.size()", equalTo(5))
                .body("data.id", contains("r-0", "r-1", "r-2", "r-3", "r-4"))
                .body("data.n", contains(0, 1, 2, 3, 4))
                .body("data.score", contains(0.0f, null, 0.5f, null, 1.0f))
                .body("data.active", contains(true, false, false, true, false))
                .body("data.day", contains("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"))
                .body("data[1].at", equalTo("2026-11-20T10:00:01.250Z"))
                .body("data[0].note", startsWith("ünïcödé, \""))
                .body("data[4].note", nullValue());
    }

    @Test
    void avroShowsTheHeadersSchemaAndTheFirstRows() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.avro&fileType=avro&preview=true&previewRows=4"))
                .then().statusCode(200)
                .body("schema.columns.name", contains("id", "time", "userId", "sequence", "ratio"))
                .body("schema.columns.type", contains("string", "date-time", "string", "integer", "number"))
                .body("data.size()", equalTo(4))
                .body("data[1].id", startsWith("a-1-"))
                .body("data.time", contains("2026-11-20T10:00:00.250Z", "2026-11-20T10:00:00.251Z", "2026-11-20T10:00:00.252Z",
                        "2026-11-20T10:00:00.253Z"))
                .body("data.userId", contains(null, "user-1", "user-2", "user-3"))
                .body("data.sequence", contains(1000, 1001, 1002, 1003))
                .body("data.ratio", contains(0.0f, 0.125f, 0.25f, 0.375f));
    }

    @Test
    void brokenFilesAndMisplacedOptionsAreRefused() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/broken.parquet&fileType=parquet&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/hostile.parquet&fileType=parquet&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE")).body("detail", containsString("2147483647 bytes"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/broken.avro&fileType=avro&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/none.parquet&fileType=parquet"))
                .then().statusCode(404);
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.parquet&fileType=parquet&compressionType=gzip"))
                .then().statusCode(400).body("violations[0].field", equalTo("compressionType"));
    }

    /**
     * Files that declare more than they hold, or a codec this service does not carry: each is a 422 naming why, never
     * a 500 (nor a heap spent on what the file only declares).
     */
    private static Map<String, byte[]> hostileFiles() throws IOException {
        // the magic, a metadata map of one entry, then a key declared 1,000,000,000 bytes long
        byte[] headerBomb = {'O', 'b', 'j', 1, 2, (byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07};
        // a block that inflates to 70 MiB: a single string of one letter, deflated
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        Schema text = SchemaBuilder.record("Text").fields().requiredString("text").endRecord();
        try (DataFileWriter<GenericRecord> file = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(text))
                .setCodec(CodecFactory.deflateCodec(9)).create(text, deflated)) {
            GenericData.Record record = new GenericData.Record(text);
            record.put("text", "a".repeat(70 * 1024 * 1024));
            file.append(record);
        }
        return Map.of("header-bomb.avro", headerBomb,
                "deflate-bomb.avro", deflated.toByteArray(),
                "xz.avro", withAvroCodec(avro, "xz"),
                "lz4.parquet", withParquetCodec(parquet, CompressionCodec.LZ4),
                "lz4raw.parquet", withParquetCodec(parquet, CompressionCodec.LZ4_RAW));
    }

    /** The Avro file with its header's codec named {@code codec} (nothing in the file points past the header). */
    private static byte[] withAvroCodec(byte[] file, String codec) {
        byte[] from = "\u0014avro.codec\u000edeflate".getBytes(StandardCharsets.US_ASCII);
        byte[] to = ("\u0014avro.codec" + (char) (codec.length() * 2) + codec).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= file.length; i++) {
            if (Arrays.equals(file, i, i + from.length, from, 0, from.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(file, 0, i);
                out.writeBytes(to);
                out.write(file, i + from.length, file.length - i - from.length);
                return out.toByteArray();
            }
        }
        throw new AssertionError("no avro.codec in the header");
    }

    /** The Parquet file with every column chunk of its footer saying {@code codec}. */
    private static byte[] withParquetCodec(byte[] file, CompressionCodec codec) throws IOException {
        int footerLength = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int footerStart = file.length - 8 - footerLength;
        FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, footerLength));
        for (RowGroup group : footer.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                chunk.getMeta_data().setCodec(codec);
            }
        }
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        Util.writeFileMetaData(footer, rewritten);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, footerStart);
        rewritten.writeTo(out);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(rewritten.size()).array());
        out.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void filesThatDeclareTooMuchOrAnUnknownCodecAreRefusedByName() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/header-bomb.avro&fileType=avro&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/deflate-bomb.avro&fileType=avro&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE")).body("detail", containsString("decompressed"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/xz.avro&fileType=avro&preview=true"))
                .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE")).body("detail", containsString("compressed with xz"));
        for (String codec : List.of("lz4", "lz4raw")) {
            api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/" + codec + ".parquet&fileType=parquet&preview=true"))
                    .then().statusCode(422).body("errorCode", equalTo("UNPARSEABLE_FILE"))
                    .body("detail", containsString("is compressed with " + (codec.equals("lz4") ? "LZ4" : "LZ4_RAW")));
        }
        // the service is still there for the next request
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.avro&fileType=avro&preview=true&previewRows=1"))
                .then().statusCode(200).body("data.size()", equalTo(1));
    }

    @Test
    void decimalsShowTheirValueNotTheirUnscaledDigits() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/decimals.parquet&fileType=parquet&preview=true"))
                .then().statusCode(200)
                .body("schema.columns.xdm.type", contains("number", "number"))
                .body("data[0].price", equalTo(123.45f))
                .body("data[0].weight", equalTo(-1.5f));
    }

    /** One line: a price of 123.45 (INT64, scale 2) and a weight of -1.5 (8-byte FIXED_LEN_BYTE_ARRAY, scale 3). */
    private static byte[] decimalsFile() throws IOException {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(2, 18)).named("price")
                .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(8).as(LogicalTypeAnnotation.decimalType(3, 18)).named("weight")
                .named("Line");
        Path file = Files.createTempFile("decimals", ".parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withType(schema).build()) {
            writer.write(new SimpleGroupFactory(schema).newGroup().append("price", 12345L)
                    .append("weight", Binary.fromConstantByteArray(ByteBuffer.allocate(8).putLong(-1500L).array())));
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    /**
     * Every read is a ranged GET, no byte is fetched twice, and together they are a small part of the object: the footer
     * or header and the first rows (an Avro block larger than one window included: its size is checked before Avro reads it).
     */
    @Test
    void previewsReadRangesNeverTheWholeObject() {
        Map<String, byte[]> files = Map.of("events.parquet", parquet, "events.avro", avro, "large-blocks.avro", avroOfLargeBlocks);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String type = file.getKey().endsWith(".parquet") ? "parquet" : "avro";
            List<String> ranges = new ArrayList<>();
            long[] fetched = {0};
            try (S3Client moto = ConnectionsApi.moto(MOTO_URL)) {
                S3Client counting = counting(moto, ranges, fetched);
                Preview preview = new BucketBrowser(counting, new BucketLocation(Optional.of(bucket), "landing/"))
                        .preview("/" + bucket + "/landing/" + file.getKey(), new BucketBrowser.PreviewOptions(type, ',', false, StandardCharsets.UTF_8, 10));
                assertEquals(10, preview.data().size());
                assertEquals(type.equals("parquet") ? "r-9" : "1009", String.valueOf(preview.data().get(9).get(type.equals("parquet") ? "id" : "sequence")));
            }
            long size = file.getValue().length;
            assertFalse(ranges.isEmpty());
            assertTrue(ranges.stream().allMatch(r -> r != null && r.startsWith("bytes=")), file.getKey() + ": every GET is ranged: " + ranges);
            assertTrue(fetched[0] * 10 < size, file.getKey() + ": read " + fetched[0] + " of " + size + " bytes in " + ranges);
            if (file.getValue() == avroOfLargeBlocks) {
                assertTrue(fetched[0] > 2 * 64 * 1024, "a first block larger than one window: " + ranges);
            }
            List<long[]> spans = ranges.stream().map(r -> r.substring("bytes=".length()).split("-"))
                    .map(r -> new long[] {Long.parseLong(r[0]), Long.parseLong(r[1])}).sorted(Comparator.comparingLong(r -> r[0])).toList();
            for (int i = 1; i < spans.size(); i++) {
                assertTrue(spans.get(i)[0] > spans.get(i - 1)[1], file.getKey() + ": bytes fetched twice in " + ranges);
            }
        }
    }

    /** The client, with every GetObject's range and the bytes it returned recorded. */
    private static S3Client counting(S3Client s3, List<String> ranges, long[] fetched) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
            if (method.getName().startsWith("getObject")) {
                if (!method.getName().equals("getObjectAsBytes") || !(args[0] instanceof Consumer<?>)) {
                    throw new AssertionError("a read of another kind: " + method);
                }
                @SuppressWarnings("unchecked")
                GetObjectRequest request = GetObjectRequest.builder().applyMutation((Consumer<GetObjectRequest.Builder>) args[0]).build();
                ranges.add(request.range());
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(request);
                fetched[0] += bytes.asByteArray().length;
                return bytes;
            }
            try {
                return method.invoke(s3, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
