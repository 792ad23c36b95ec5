package io.s3flow.export.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.export.keys.FileGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    static List<EventMeta> events(int count, int size, Instant ingested) {
        List<EventMeta> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(new EventMeta(100 + i, size, ingested, FileGroup.of("t", NOW)));
        }
        return events;
    }

    @Test
    void aFreshPartialBatchWaits() {
        assertTrue(BatchPlan.endOfDueBatch(events(10, 100, NOW.minusSeconds(5)), 15000, 1 << 20, 16, Duration.ofSeconds(60), NOW).isEmpty());
        assertTrue(BatchPlan.endOfDueBatch(List.of(), 15000, 1 << 20, 16, Duration.ofSeconds(60), NOW).isEmpty());
    }

    @Test
    void aPartialBatchGoesOnceItsOldestEventIsMaxSecondsOld() {
        assertEquals(OptionalLong.of(110), BatchPlan.endOfDueBatch(events(10, 100, NOW.minusSeconds(60)), 15000, 1 << 20, 16, Duration.ofSeconds(60), NOW));
    }

    @Test
    void aFullBatchGoesAtOnceAndEndsAtMaxEvents() {
        assertEquals(OptionalLong.of(105), BatchPlan.endOfDueBatch(events(8, 100, NOW), 5, 1 << 20, 16, Duration.ofSeconds(60), NOW));
    }

    @Test
    void maxBytesCutsTheBatchBeforeTheEventThatWouldOverflowIt() {
        assertEquals(OptionalLong.of(103), BatchPlan.endOfDueBatch(events(8, 400, NOW), 15000, 1400, 16, Duration.ofSeconds(60), NOW));
        assertEquals(OptionalLong.of(101), BatchPlan.endOfDueBatch(events(3, 5000, NOW), 15000, 1400, 16, Duration.ofSeconds(60), NOW),
                "an event larger than maxBytes still goes, alone");
    }

    @Test
    void aBatchEndsBeforeTheEventThatWouldOpenOneFileTooMany() {
        List<EventMeta> events = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            events.add(new EventMeta(i, 10, NOW, FileGroup.of("type-" + (i % 3), NOW.minusSeconds(3600L * (i / 3)))));
        }
        // files: (1,h0) (2,h0) (0,h1) (1,h1) ... the fifth distinct (type, hour) comes with sequence 5
        assertEquals(OptionalLong.of(4), BatchPlan.endOfDueBatch(events, 15000, 1 << 20, 4, Duration.ofSeconds(60), NOW));
    }
}
