package io.s3flow.connection;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectionListTest {

    private final ConnectionsApi api = ConnectionsApi.freshSandbox();

    private JsonPath page(String query) {
        return api.request().when().get("/connections" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void pagesAreStableWhileRowsAreInserted() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(api.createId("conn-" + i));
        }
        JsonPath first = page("?count=true");
        assertEquals(20, first.getList("items").size());
        assertEquals(25, first.getInt("count"));
        String next = first.getString("_links.next.href");
        // absolute, back to where this client called (behind the gateway, through it: GatewayFlowTest)
        assertTrue(next.matches("http://[^/]+/connections\\?continuationToken=.+"), next);
        api.createId("inserted-while-paging");
        JsonPath second = api.request().when().get(next).then().statusCode(200).extract().jsonPath();
        List<String> seen = new ArrayList<>(first.getList("items.id"));
        seen.addAll(second.getList("items.id"));
        assertEquals(created, seen.subList(0, 25), "the 25 rows, in creation order, each once");
        assertEquals(26, seen.size());
        assertNull(second.get("_links"));
    }

    @Test
    void orderFilterAndLimit() {
        api.createId("bravo");
        api.createId("alpha");
        api.createId("charlie");
        api.request().when().get("/connections?orderby=name").then().body("items.name", contains("alpha", "bravo", "charlie"));
        api.request().when().get("/connections?orderby=-name").then().body("items.name", contains("charlie", "bravo", "alpha"));
        api.request().when().get("/connections?orderby=-createdAt").then().body("items.name", contains("charlie", "alpha", "bravo"));
        api.request().when().get("/connections?property=name==alpha").then().body("items.name", contains("alpha"));
        api.request().queryParam("property", "state==enabled").queryParam("property", "name!=alpha")
                .when().get("/connections").then().body("items.name", contains("bravo", "charlie"));
        api.request().when().get("/connections?property=connectionSpec.id==" + ConnectionsApi.S3_SPEC + "&count=true")
                .then().body("count", equalTo(3));
        JsonPath byName = page("?orderby=name&limit=2");
        assertEquals(List.of("alpha", "bravo"), byName.getList("items.name"));
        String next = byName.getString("_links.next.href");
        api.request().when().get(next).then().body("items.name", contains("charlie")).body("_links", nullValue());
        api.request().when().get("/connections?limit=1").then().body("items", hasSize(1));
    }

    @Test
    void badQueriesAreClientErrors() {
        for (String query : new String[] {"?limit=0", "?limit=1001", "?orderby=secret", "?property=password==x",
                "?property=name~x", "?continuationToken=garbage", "?limit=abc"}) {
            api.request().when().get("/connections" + query).then().statusCode(400);
        }
        api.request().when().get("/connections?limit=1000").then().statusCode(200);
        api.create(ConnectionsApi.accessKeyBody("x", Map.of())).then().statusCode(201);
    }
}
