package io.s3flow.export.event;

import io.s3flow.common.tenant.Tenant;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A request's new events as the input of one binary {@code COPY event (seq, org_id, sandbox_name, event_id, type,
 * event_time, user_id, properties, size_bytes, ingested_at)}: encoded ahead, with room for what is known only once the
 * append lock is held (each row's sequence number, the id of an event sent without one, which holds that number, and the
 * transaction's time), which {@link #numberedFrom(long, long)} writes in.
 */
final class EventCopy {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final short COLUMNS = 10;
    /** A row's bytes besides its text: field count, lengths, and the fixed-size columns. */
    private static final int ROW_OVERHEAD = 2 + COLUMNS * 4 + 8 + 8 + 4 + 8;
    /** 2000-01-01T00:00:00Z, where PostgreSQL's binary timestamps count from, in milliseconds since 1970. */
    private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;
    /** Seeds each request's random bits of the ids it makes (see {@link EventIds}). */
    private static final SecureRandom SEEDS = new SecureRandom();

    private byte[] buffer;
    private int length;
    private final int[] seqAt;
    private final int[] ingestedAtAt;
    /** Where the id of each event sent without one goes; -1 for the others. */
    private final int[] madeIdAt;
    /** The random bits of the ids made here. */
    private final SplittableRandom random = new SplittableRandom(SEEDS.nextLong());

    EventCopy(Tenant tenant, List<IncomingEvent> events) {
        byte[] org = tenant.org().getBytes(StandardCharsets.UTF_8);
        byte[] sandbox = tenant.sandbox().getBytes(StandardCharsets.UTF_8);
        long estimate = HEADER.length + 2;
        for (IncomingEvent event : events) {
            estimate += ROW_OVERHEAD + org.length + sandbox.length + EventIds.LENGTH + event.type().length()
                    + event.propertiesJson().length() + (event.userId() == null ? 0 : event.userId().length());
        }
        buffer = new byte[(int) Math.min(estimate, Integer.MAX_VALUE - 8)];
        seqAt = new int[events.size()];
        ingestedAtAt = new int[events.size()];
        madeIdAt = new int[events.size()];
        bytes(HEADER);
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent event = events.get(i);
            int16(COLUMNS);
            int32(8);
            seqAt[i] = length;
            int64(0);
            field(org);
            field(sandbox);
            if (event.id() == null) {
                int32(EventIds.LENGTH);
                madeIdAt[i] = length;
                room(EventIds.LENGTH);
                length += EventIds.LENGTH;
            } else {
                madeIdAt[i] = -1;
                text(event.id());
            }
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
            ingestedAtAt[i] = length;
            int64(0);
        }
        int16((short) -1);
    }

    /**
     * The COPY input, row i numbered {@code first + i}, and with an id made from that number if it was sent without one.
     *
     * @param ingestedAt the transaction's {@code now()}, in microseconds since 2000-01-01
     */
    InputStream numberedFrom(long first, long ingestedAt) {
        for (int i = 0; i < seqAt.length; i++) {
            putLong(seqAt[i], first + i);
            putLong(ingestedAtAt[i], ingestedAt);
            if (madeIdAt[i] >= 0) {
                EventIds.write(first + i, random.nextLong(), buffer, madeIdAt[i]);
            }
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
