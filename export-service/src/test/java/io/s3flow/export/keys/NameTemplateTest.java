package io.s3flow.export.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NameTemplateTest {

    private static final Instant RUN_TIME = Instant.parse("2026-12-31T23:05:09Z");
    private static final NameTemplate.Values VALUES = new NameTemplate.Values("Marketing bucket", "conn-1", "Daily/opens",
            "exp-1", "ORG@AdobeOrg", "prod", "run-1", RUN_TIME);

    private static String resolve(String template) {
        return NameTemplate.parse(template, true).resolve(VALUES);
    }

    @Test
    void everyMacroResolvesAsDocumented() {
        assertEquals("Amazon_S3", resolve("%DESTINATION%"));
        assertEquals("Marketing_bucket", resolve("%DESTINATION_NAME%"), "a value's unsafe characters become '_'");
        assertEquals("conn-1", resolve("%DESTINATION_ID%"));
        assertEquals("Daily_opens", resolve("%DESTINATION_INSTANCE_NAME%"), "a value never adds a folder");
        assertEquals("exp-1", resolve("%DESTINATION_INSTANCE_ID%"));
        assertEquals("exp-1", resolve("%SEGMENT_ID%"));
        assertEquals("Daily_opens", resolve("%SEGMENT_NAME%"));
        assertEquals("ORG_AdobeOrg", resolve("%ORGANIZATION_NAME%"));
        assertEquals("prod", resolve("%SANDBOX_NAME%"));
        assertEquals("run-1", resolve("%RUN_ID%"));
        assertEquals("hello", resolve("%CUSTOM_TEXT(hello)%"));
        assertEquals(Long.toString(RUN_TIME.getEpochSecond()), resolve("%TIMESTAMP%"));
        assertEquals(10, resolve("%TIMESTAMP%").length(), "10-digit Unix seconds");
        // YYYY is the calendar year, not Java's week-based year (which is already 2027 on 2026-12-31)
        assertEquals("20261231_230509", resolve("%DATETIME(YYYYMMdd_HHmmss)%"));
        assertEquals("exports/prod/x_20261231", resolve("exports/%SANDBOX_NAME%/x_%DATETIME(yyyyMMdd)%"));
    }

    @Test
    void unknownMacrosAndBadPatternsAreRefusedByName() {
        NameTemplate.InvalidTemplate unknown = assertThrows(NameTemplate.InvalidTemplate.class,
                () -> NameTemplate.parse("%DESTINATION%_%SEGMENT_IDS%", false));
        assertTrue(unknown.getMessage().contains("%SEGMENT_IDS%"), unknown.getMessage());
        assertThrows(NameTemplate.InvalidTemplate.class, () -> NameTemplate.parse("%DATETIME(qqqqqqq)%", false));
        assertThrows(NameTemplate.InvalidTemplate.class, () -> NameTemplate.parse("%RUN_ID(x)%", false));
        assertThrows(NameTemplate.InvalidTemplate.class, () -> NameTemplate.parse("50% off", false));
        assertThrows(NameTemplate.InvalidTemplate.class, () -> NameTemplate.parse("a/b", false), "no folders in a file name");
        assertThrows(NameTemplate.InvalidTemplate.class, () -> NameTemplate.parse("a b", true));
    }

    @Test
    void dateTimeAndTimestampCannotBeCombined() {
        NameTemplate.InvalidTemplate both = assertThrows(NameTemplate.InvalidTemplate.class,
                () -> NameTemplate.parse("%DATETIME(YYYYMMdd)%_%TIMESTAMP%", false));
        assertTrue(both.getMessage().contains("%DATETIME%") && both.getMessage().contains("%TIMESTAMP%"));
    }

    @Test
    void keysStayInsideTheConnectionsFolder() {
        ExportKeys keys = new ExportKeys("landing/", NameTemplate.parse("exports/%CUSTOM_TEXT(..)%", true),
                NameTemplate.parse("f", false), ".csv");
        assertThrows(NameTemplate.InvalidTemplate.class, () -> keys.fileKey(VALUES, 0));
        ExportKeys ok = new ExportKeys("landing/", NameTemplate.parse("exports/%SANDBOX_NAME%", true),
                NameTemplate.parse("%SEGMENT_ID%", false), ".txt.gz");
        assertEquals("landing/exports/prod/exp-1.txt.gz", ok.fileKey(VALUES, 0));
        assertEquals("landing/exports/prod/exp-1_part-00002.txt.gz", ok.fileKey(VALUES, 2));
        assertEquals("landing/exports/prod/manifest-exp-1-run-1.json", ok.manifestKey(VALUES));
        assertEquals("landing/f.csv", new ExportKeys("landing/", NameTemplate.parse("", true), NameTemplate.parse("f", false), ".csv")
                .fileKey(VALUES, 0), "an empty folder path writes into the connection's folder");
    }
}
