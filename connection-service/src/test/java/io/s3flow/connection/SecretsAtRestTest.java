package io.s3flow.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecretsAtRestTest {

    @Inject
    AgroalDataSource dataSource;

    private static final String SECRET = "SuperSecretKeyValue0123456789abcdefABCDE";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjSecretSessionTokenValue";

    @Test
    void secretsAreNotInThePlaintextRow() throws Exception {
        ConnectionsApi api = ConnectionsApi.freshSandbox();
        String id = api.create(ConnectionsApi.body("sealed", "Access Key", Map.of("s3AccessKey", ConnectionsApi.TEMP_ACCESS_KEY,
                "s3SecretKey", SECRET, "s3SessionToken", TOKEN))).then().statusCode(201).extract().path("id");
        String row = rawRow(id);
        assertFalse(row.contains(SECRET), "secret key stored in plaintext");
        assertFalse(row.contains(TOKEN), "session token stored in plaintext");
        assertTrue(row.contains("secret_key_id=k1"), row);
    }

    @Test
    void noSecretInAnyLogLineOfACreatePatchGetCycle() {
        List<String> lines;
        try (LogCapture capture = LogCapture.start()) {
            ConnectionsApi api = ConnectionsApi.freshSandbox();
            String id = api.create(ConnectionsApi.body("logged", "Access Key", Map.of("s3AccessKey", ConnectionsApi.TEMP_ACCESS_KEY,
                    "s3SecretKey", SECRET, "s3SessionToken", TOKEN))).then().statusCode(201).extract().path("id");
            String etag = api.etag(id);
            api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/auth/params/s3SessionToken", "value", TOKEN + "2")))
                    .then().statusCode(200);
            api.patch(id, etag, List.of(Map.of("op", "replace", "path", "/auth/params/s3SessionToken", "value", TOKEN + "3")))
                    .then().statusCode(412);
            api.patch(id, api.etag(id), List.of(Map.of("op", "replace", "path", "/auth/params/s3SecretKey", "value", "short " + TOKEN)))
                    .then().statusCode(400);
            api.request().contentType(ContentType.JSON).body("{\"name\":\"" + SECRET + "\",").when().post("/connections")
                    .then().statusCode(400);
            api.get(id).then().statusCode(200);
            lines = capture.lines();
        }
        // the test profile logs every SQL statement and its bound values: the capture must have seen the writes
        assertTrue(lines.stream().anyMatch(l -> l.contains("insert into connection")), "SQL was not captured");
        assertTrue(lines.stream().anyMatch(l -> l.contains("update connection")), "SQL was not captured");
        for (String line : lines) {
            assertFalse(line.contains(SECRET) || line.contains(TOKEN), "secret in log line: " + line);
        }
    }

    private String rawRow(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM connection WHERE id = ?")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                StringBuilder row = new StringBuilder();
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                    row.append(meta.getColumnName(i)).append('=').append(text).append('\n');
                }
                assertNotNull(rs.getBytes("secret_ciphertext"));
                return row.toString();
            }
        }
    }
}
