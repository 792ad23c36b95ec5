package io.s3flow.export.event;

import java.util.UUID;

/**
 * The ids s3flow makes for events sent without one: UUIDs of version 8 (RFC 9562's layout of one's own) that hold the
 * event's sequence number and 58 random bits. The sequence is one for all tenants and never hands a number out twice,
 * so such an id is unique without a row in event_key; the random bits keep the id of an event not stored yet
 * unguessable, so an id a client makes up cannot be one s3flow makes later (but by a 1 in 2^58 guess, about as likely as
 * two random UUIDs meeting).
 * <p>
 * Bits, from the most significant: the sequence number's 48 high bits, the version (8), its next 12 bits, the variant
 * (binary 10), its 4 low bits, then the random bits. So the ids sort as their sequence numbers do.
 */
final class EventIds {

    /** {@code xxxxxxxx-xxxx-8xxx-xxxx-xxxxxxxxxxxx}, in ASCII. */
    static final int LENGTH = 36;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final long RANDOM_BITS = (1L << 58) - 1;

    private EventIds() {
    }

    /** The id of event {@code sequence}, with the low 58 bits of {@code random}. */
    static String of(long sequence, long random) {
        return new UUID(mostSignificantBits(sequence), leastSignificantBits(sequence, random)).toString();
    }

    /** As {@link #of(long, long)}, written as {@link #LENGTH} ASCII bytes at {@code at} (as UUID's toString spells it). */
    static void write(long sequence, long random, byte[] to, int at) {
        long high = mostSignificantBits(sequence);
        long low = leastSignificantBits(sequence, random);
        hex(high >>> 32, 8, to, at);
        to[at + 8] = '-';
        hex(high >>> 16, 4, to, at + 9);
        to[at + 13] = '-';
        hex(high, 4, to, at + 14);
        to[at + 18] = '-';
        hex(low >>> 48, 4, to, at + 19);
        to[at + 23] = '-';
        hex(low, 12, to, at + 24);
    }

    /**
     * The sequence number an id of this form holds, or 0 (no event has it) when the id is not one: a client's own id,
     * including any other UUID, even of version 8. The id must be spelled exactly as s3flow spells it.
     */
    static long sequenceOf(String id) {
        if (id.length() != LENGTH || id.charAt(14) != '8') {
            return 0;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return 0;
        }
        if (uuid.variant() != 2 || !uuid.toString().equals(id)) {
            return 0;
        }
        long high = uuid.getMostSignificantBits();
        long sequence = high & 0xFFFF_FFFF_FFFF_0000L | (high & 0xFFF) << 4 | uuid.getLeastSignificantBits() >>> 58 & 0xF;
        return Math.max(sequence, 0);
    }

    private static long mostSignificantBits(long sequence) {
        return sequence & 0xFFFF_FFFF_FFFF_0000L | 0x8000L | sequence >>> 4 & 0xFFF;
    }

    private static long leastSignificantBits(long sequence, long random) {
        return Long.MIN_VALUE | (sequence & 0xF) << 58 | random & RANDOM_BITS;
    }

    private static void hex(long value, int digits, byte[] to, int at) {
        for (int i = digits - 1; i >= 0; i--) {
            to[at + i] = HEX[(int) value & 0xF];
            value >>>= 4;
        }
    }
}
