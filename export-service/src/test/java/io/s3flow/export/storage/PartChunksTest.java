package io.s3flow.export.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartChunksTest {

    /** CRC-32's check value for "123456789" is 0xCBF43926: as x-amz-checksum-crc32, base64 of its four big-endian bytes. */
    @Test
    void theChecksumHeaderIsBase64OfTheBigEndianCrc32OfTheBufferedBytesOnly() {
        byte[] first = "12345".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "6789 and bytes of a chunk not yet filled".getBytes(StandardCharsets.US_ASCII);
        assertEquals("y/Q5Jg==", PartChunks.crc32(List.of(first, second), 9));
        assertEquals("y/Q5Jg==", PartChunks.crc32(List.of("123456789".getBytes(StandardCharsets.US_ASCII)), 9));
    }
}
