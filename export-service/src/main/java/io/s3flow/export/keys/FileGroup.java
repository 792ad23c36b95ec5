package io.s3flow.export.keys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The file an event belongs in within a batch: its type and the UTC hour of its time (the {@code date=} folder). */
public record FileGroup(String type, Instant hour) {

    public static FileGroup of(String type, Instant time) {
        return new FileGroup(type, time.truncatedTo(ChronoUnit.HOURS));
    }
}
