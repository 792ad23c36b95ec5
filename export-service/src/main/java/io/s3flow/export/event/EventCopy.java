package io.s3flow.export.event;

import io.s3flow.common.tenant.Tenant;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A request's new events as the input of one binary {@code COPY event (seq, org_id, sandbox_name, event_id, type,
 * event_time, user_id, properties, size_bytes, ingested_at)}: encoded ahead, with room for each row's sequence number,
 * which {@link #numberedFrom(long)} writes in once the append lock is held.
 */
final class EventCopy {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final short COLUMNS = 10;
    /** 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from, in milliseconds since 1970. */
    private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

    private byte[] buffer;
    private int length;
    private final int[] seqAt;

    /** @param ingestedAt the transaction's {@code now()}, in microseconds since 2000-01-01 */
    EventCopy(Tenant tenant, List<IncomingEvent> events, long ingestedAt) {
        byte[] org = tenant.org().getBytes(StandardCharsets.UTF_8);
        byte[] sandbox = tenant.sandbox().getBytes(StandardCharsets.UTF_8);
        buffer = new byte[HEADER.length + 2 + events.size() * 256];
        seqAt = new int[events.size()];
        bytes(HEADER);
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent event = events.get(i);
            int16(COLUMNS);
            int32(8);
            seqAt[i] = length;
            int64(0);
            field(org);
            field(sandbox);
            text(event.id());
            text(event.type());
            int32(8);
            int64((event.time().toEpochMilli() - POSTGRES_EPOCH_MILLIS) * 1000); // stored to the millisecond
            if (event.userId() == null) {
                int32(-1);
            } else {
                text(event.userId());
            }
            text(event.propertiesJson());
            int32(4);
            int32(event.sizeBytes());
            int32(8);
            int64(ingestedAt);
        }
        int16((short) -1);
    }

    /** The COPY input, row i numbered {@code first + i}. */
    InputStream numberedFrom(long first) {
        for (int i = 0; i < seqAt.length; i++) {
            putLong(seqAt[i], first + i);
        }
        return new ByteArrayInputStream(buffer, 0, length);
    }

    private void text(String value) {
        field(value.getBytes(StandardCharsets.UTF_8));
    }

    private void field(byte[] value) {
        int32(value.length);
        bytes(value);
    }

    private void bytes(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
    }

    private void int16(short value) {
        room(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void int32(int value) {
        room(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void int64(long value) {
        room(8);
        putLong(length, value);
        length += 8;
    }

    private void putLong(int at, long value) {
        for (int i = 0; i < 8; i++) {
            buffer[at + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private void room(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
