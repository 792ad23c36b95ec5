package io.s3flow.connection;

import static io.s3flow.common.testing.ServiceJar.MOTO_URL;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Explore and preview against the test moto (open: any keys work), through an Access Key connection. */
@QuarkusTest
class ExploreTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();
    private final String bucket = "explore-" + UUID.randomUUID().toString().substring(0, 8);
    private String id;

    @BeforeEach
    void bucketWithFiles() throws IOException {
        try (S3Client s3 = ConnectionsApi.moto(MOTO_URL)) {
            s3.createBucket(b -> b.bucket(bucket));
            put(s3, "landing/people.csv", "id,name,score,joined\n1,\"Doe, Jane\",3.5,2026-01-02\n2,Max,4,2026-01-03\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/people.csv.gz", gzip("id,active\n1,true\n2,false\n"));
            put(s3, "landing/events.jsonl", "{\"type\":\"open\",\"n\":1}\n{\"type\":\"click\",\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/broken.csv", "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/sub/deep.txt", "x\n".getBytes(StandardCharsets.UTF_8));
            // a large file whose tail is not CSV at all: a preview that read it whole would fail
            StringBuilder big = new StringBuilder("id,value\n");
            for (int i = 0; big.length() < 1_000_000; i++) {
                big.append(i).append(",v").append(i).append('\n');
            }
            big.append("\"unterminated,garbage\n".repeat(1000));
            put(s3, "landing/big.csv", big.toString().getBytes(StandardCharsets.UTF_8));
            put(s3, "outside/secret.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/semi.csv", "a;b\n1;2\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/tabs.tsv", "x\ty\n1\t2\n".getBytes(StandardCharsets.UTF_8));
            put(s3, "landing/latin1.csv", "id,city\n1,Zürich\n".getBytes(StandardCharsets.ISO_8859_1));
            put(s3, "landing/table.parquet", "PAR1".getBytes(StandardCharsets.US_ASCII));
        }
        id = api.create(ConnectionsApi.body("explore", "Access Key", Map.of("s3AccessKey", ConnectionsApi.ACCESS_KEY,
                "s3SecretKey", ConnectionsApi.SECRET_KEY, "serviceUrl", MOTO_URL, "bucketName", bucket, "folderPath", "landing")))
                .then().statusCode(201).extract().path("id");
    }

    private String explore(String query) {
        return "/connections/" + id + "/explore?" + query;
    }

    @Test
    void rootAndFoldersAreBareArraysInFlowServicesShape() {
        List<Map<String, Object>> root = api.request().when().get(explore("objectType=root")).then().statusCode(200)
                .body("name", hasItem("people.csv"))
                .body("name", not(hasItem("secret.csv")))
                .extract().jsonPath().getList("$");
        Map<String, Object> sub = entry(root, "sub");
        assertEquals(Map.of("type", "folder", "name", "sub", "path", "/" + bucket + "/landing/sub/", "canPreview", false,
                "canFetchSchema", false), sub);
        assertEquals(Map.of("type", "file", "name", "people.csv", "path", "/" + bucket + "/landing/people.csv", "canPreview", true,
                "canFetchSchema", true), entry(root, "people.csv"));
        assertEquals(true, entry(root, "table.parquet").get("canPreview"), "Parquet files are previewed (ColumnarPreviewTest)");
        // Adobe's own samples: objectType=folder&object=root, and the object types in capitals
        api.request().when().get(explore("objectType=folder&object=root")).then().statusCode(200).body("name", hasItem("people.csv"));
        api.request().when().get(explore("objectType=FOLDER&object=/" + bucket + "/landing/sub/")).then().statusCode(200)
                .body("name", contains("deep.txt"));
        api.request().when().get(explore("objectType=folder&object=/" + bucket + "/outside/")).then().statusCode(400);
        api.request().when().get(explore("objectType=folder&object=/other-bucket/landing/")).then().statusCode(400);
        api.request().when().get(explore("objectType=folder&object=/" + bucket + "/landing/../outside/")).then().statusCode(400);
        api.request().when().get(explore("objectType=table")).then().statusCode(400).body("violations[0].field", equalTo("objectType"));
    }

    @Test
    void aFolderPagesWithALinkToTheNextPage() {
        var first = api.request().when().get(explore("objectType=root&limit=2")).then().statusCode(200).body("size()", equalTo(2))
                .extract().response();
        String next = nextLink(first.header("Link"));
        List<String> rest = api.request().when().get(next).then().statusCode(200).extract().jsonPath().getList("name");
        assertTrue(rest.size() >= 1, rest.toString());
        assertTrue(java.util.Collections.disjoint(first.jsonPath().getList("name"), rest), "pages overlap");
        api.request().when().get(explore("objectType=root&limit=100")).then().statusCode(200).header("Link", nullValue());
    }

    @Test
    void aFilesStructureIsAnArrayOfNamesAndTypes() {
        api.request().when().get(explore("objectType=FILE&object=/" + bucket + "/landing/people.csv&fileType=DELIMITED"))
                .then().statusCode(200)
                .body("name", contains("id", "name", "score", "joined"))
                .body("type", contains("integer", "string", "number", "date"))
                .body("[0].keySet()", containsInAnyOrder("name", "type"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv.gz&fileType=delimited&compressionType=gzip"))
                .then().statusCode(200).body("type", contains("integer", "boolean"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.jsonl&fileType=json"))
                .then().statusCode(200).body("name", contains("type", "n"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/semi.csv&fileType=delimited&columnDelimiter=;"))
                .then().statusCode(200).body("name", contains("a", "b"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/tabs.tsv&fileType=delimited&columnDelimiter=\\t"))
                .then().statusCode(200).body("name", contains("x", "y"));
    }

    @Test
    void aPreviewAddsTheRowsInFlowServicesShape() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&fileType=delimited&preview=true"))
                .then().statusCode(200)
                .body("format", equalTo("flat"))
                .body("schema.columns.name", contains("id", "name", "score", "joined"))
                .body("schema.columns.type", contains("integer", "string", "number", "date"))
                .body("schema.columns.xdm.type", contains("integer", "string", "number", "string"))
                .body("schema.columns[3].xdm.format", equalTo("date"))
                .body("schema.columns[3].'meta:xdmType'", equalTo("date"))
                .body("data[0].name", equalTo("Doe, Jane"))
                .body("data[1].id", equalTo("2"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/events.jsonl&fileType=JSON&preview=true"))
                .then().statusCode(200).body("data[1].type", equalTo("click")).body("data[1].n", equalTo(2));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/big.csv&fileType=delimited&preview=true&previewRows=5"))
                .then().statusCode(200).body("data.size()", equalTo(5)).body("schema.columns.type", contains("integer", "string"));
        // Latin-1 bytes read as Latin-1 (Adobe's encoding=ISO-8859-1), not as broken UTF-8
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/latin1.csv&fileType=delimited&preview=true"
                        + "&encoding=ISO-8859-1"))
                .then().statusCode(200).body("data[0].city", equalTo("Zürich"));
    }

    @Test
    void whatCannotBePreviewedSaysSo() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&fileType=delimited&compressionType=bzip2"))
                .then().statusCode(422).body("errorCode", equalTo("COMPRESSION_TYPE_NOT_SUPPORTED"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&fileType=xml")).then().statusCode(400)
                .body("violations[0].field", equalTo("fileType"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/people.csv&encoding=EBCDIC-NOPE")).then()
                .statusCode(400).body("violations[0].field", equalTo("encoding"));
    }

    @Test
    void missingAndUnparseableFiles() {
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/none.csv")).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        api.request().when().get(explore("objectType=file&object=/" + bucket + "/landing/broken.csv")).then().statusCode(422)
                .body("detail", startsWith("Line 3"));
    }

    private static Map<String, Object> entry(List<Map<String, Object>> entries, String name) {
        return entries.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + entries));
    }

    /** The target of a {@code Link: <…>; rel="next"} header. */
    static String nextLink(String link) {
        assertNotNull(link, "no Link header");
        Matcher m = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(link);
        assertTrue(m.find(), link);
        return m.group(1);
    }

    private void put(S3Client s3, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
