package io.s3flow.export.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void aMadeIdIsAVersion8UuidThatHoldsItsSequenceNumber() {
        for (long sequence : List.of(1L, 15L, 16L, 4095L, 65_535L, 65_536L, 123_456_789_012L, Long.MAX_VALUE)) {
            for (long random : List.of(0L, -1L, 0x5deece66dL)) {
                String id = EventIds.of(sequence, random);
                UUID uuid = UUID.fromString(id);
                assertEquals(8, uuid.version(), id);
                assertEquals(2, uuid.variant(), id);
                assertEquals(uuid.toString(), id, "spelled as UUIDs are");
                assertEquals(sequence, EventIds.sequenceOf(id), id);
                byte[] written = new byte[EventIds.LENGTH + 4];
                EventIds.write(sequence, random, written, 2);
                assertEquals(id, new String(written, 2, EventIds.LENGTH, StandardCharsets.US_ASCII), "written as spelled");
            }
        }
    }

    @Test
    void madeIdsSortAsTheirSequenceNumbersAndDifferByTheirRandomBits() {
        String previous = EventIds.of(1, -1);
        for (long sequence = 2; sequence < 200_000; sequence += 7) {
            String id = EventIds.of(sequence, 0);
            assertTrue(previous.compareTo(id) < 0, previous + " before " + id);
            previous = EventIds.of(sequence, -1);
        }
        assertNotEquals(EventIds.of(42, 1), EventIds.of(42, 2));
    }

    @Test
    void otherIdsHoldNoSequenceNumber() {
        String made = EventIds.of(1234, 99);
        for (String id : List.of("n-1", "", "42", UUID.randomUUID().toString(), made.toUpperCase(), "{" + made + "}",
                made.substring(0, 35) + "g", made.replace('-', '_'),
                // a version-8 UUID of another variant, and one whose first bit would make the number negative
                made.substring(0, 19) + "c" + made.substring(20), "f" + made.substring(1))) {
            assertEquals(0, EventIds.sequenceOf(id), id);
        }
    }
}
