package io.s3flow.connection.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviewParserTest {

    private static List<String> types(Preview p) {
        return p.schema().stream().map(Preview.Column::type).toList();
    }

    @Test
    void delimitedWithQuotesAndInferredTypes() {
        String csv = "id,name,score,active,day,at\n"
                + "1,\"Doe, Jane\",3.5,true,2026-01-02,2026-01-02T10:00:00Z\n"
                + "2,\"say \"\"hi\"\"\",4,false,2026-01-03,2026-01-03 11:00:00\n";
        Preview p = PreviewParser.delimited(csv, ',', 10, true);
        assertEquals(List.of("integer", "string", "number", "boolean", "date", "date-time"), types(p));
        assertEquals(2, p.data().size());
        assertEquals("Doe, Jane", p.data().get(0).get("name"));
        assertEquals("say \"hi\"", p.data().get(1).get("name"));
    }

    @Test
    void tabsAndRowLimit() {
        Preview p = PreviewParser.delimited("a\tb\n1\tx\n2\ty\n3\tz\n", '\t', 2, true);
        assertEquals(List.of(Map.of("a", "1", "b", "x"), Map.of("a", "2", "b", "y")), p.data());
    }

    @Test
    void aCutFileDropsItsPartialLastLine() {
        Preview p = PreviewParser.delimited("a,b\n1,2\n3,4\n5,", ',', 10, false);
        assertEquals(2, p.data().size());
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        UnparseableFile e = assertThrows(UnparseableFile.class, () -> PreviewParser.delimited("a,b\n1,2\n3\n", ',', 10, true));
        assertEquals(422, e.problem().status());
        assertTrue(e.problem().detail().startsWith("Line 3"), e.problem().detail());
    }

    @Test
    void jsonArrayAndJsonLines() {
        Preview array = PreviewParser.json("[{\"id\": 1, \"ok\": true}, {\"id\": 2, \"ok\": false, \"extra\": \"x\"}]", 10, true);
        assertEquals(List.of("id", "ok", "extra"), array.schema().stream().map(Preview.Column::name).toList());
        assertEquals(List.of("integer", "boolean", "string"), types(array));
        Preview lines = PreviewParser.json("{\"n\": 1.5}\n{\"n\": 2}\n", 10, true);
        assertEquals(List.of("number"), types(lines));
        Preview cut = PreviewParser.json("[{\"id\": 1}, {\"id\": 2}, {\"id\"", 10, false);
        assertEquals(2, cut.data().size());
    }

    @Test
    void badJsonNamesTheLine() {
        UnparseableFile e = assertThrows(UnparseableFile.class, () -> PreviewParser.json("{\"a\": 1}\n{oops}\n", 10, true));
        assertTrue(e.problem().detail().startsWith("Line 2"), e.problem().detail());
    }
}
