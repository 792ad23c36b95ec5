package io.s3flow.export.scheduled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant START = Instant.parse("2026-11-01T06:00:00Z");

    @Test
    void missedSlotsCollapseIntoTheLatest() {
        Schedule hourly = new Schedule(Schedule.Frequency.HOURLY, START, null, Schedule.Mode.FULL);
        Instant now = Instant.parse("2026-11-01T11:20:00Z");
        assertEquals(Instant.parse("2026-11-01T11:00:00Z"), hourly.latestSlotAtOrBefore(now));
        assertEquals(Optional.of(Instant.parse("2026-11-01T12:00:00Z")), hourly.nextSlotAfter(now));
        assertEquals(Optional.of(Instant.parse("2026-11-01T12:00:00Z")), hourly.nextSlotAfter(Instant.parse("2026-11-01T11:00:00Z")));
        assertEquals(Optional.of(START), hourly.firstSlotFrom(Instant.parse("2026-10-01T00:00:00Z")));
    }

    @Test
    void periodsAndEnds() {
        Schedule every8 = new Schedule(Schedule.Frequency.EVERY_8_HOURS, START, Instant.parse("2026-11-02T00:00:00Z"), Schedule.Mode.FULL);
        assertEquals(Optional.of(Instant.parse("2026-11-01T14:00:00Z")), every8.nextSlotAfter(Instant.parse("2026-11-01T06:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-11-01T22:00:00Z")), every8.nextSlotAfter(Instant.parse("2026-11-01T14:00:01Z")));
        assertEquals(Optional.empty(), every8.nextSlotAfter(Instant.parse("2026-11-01T22:00:00Z")), "no slot after the end");
        assertEquals(Instant.parse("2026-11-01T22:00:00Z"), every8.latestSlotAtOrBefore(Instant.parse("2026-11-05T00:00:00Z")));
        Schedule daily = new Schedule(Schedule.Frequency.DAILY, START, null, Schedule.Mode.FULL);
        assertEquals(Optional.of(Instant.parse("2026-11-03T06:00:00Z")), daily.nextSlotAfter(Instant.parse("2026-11-02T07:00:00Z")));
    }

    @Test
    void onceRunsOnlyAtItsStart() {
        Schedule once = new Schedule(Schedule.Frequency.ONCE, START, null, Schedule.Mode.FULL);
        assertEquals(START, once.latestSlotAtOrBefore(Instant.parse("2026-11-09T00:00:00Z")));
        assertEquals(Optional.empty(), once.nextSlotAfter(START));
        assertEquals(Optional.of(START), once.firstSlotFrom(START.minusSeconds(1)));
    }
}
