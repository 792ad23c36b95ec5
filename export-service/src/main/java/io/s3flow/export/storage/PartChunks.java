package io.s3flow.export.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The fixed-size chunks parts are buffered in, shared by every upload of this replica and reused: a byte written is
 * copied once (into its chunk) and sent from there, never into a grown or trimmed copy of the part, and a small file
 * holds one chunk. A chunk is well under half a G1 region, so it never takes the humongous path; up to {@code keep}
 * free chunks wait for the next part, more go to the garbage collector.
 */
final class PartChunks {

    static final int SIZE = 256 * 1024;

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final int keep;

    PartChunks(int keep) {
        this.keep = keep;
    }

    byte[] take() {
        byte[] chunk = free.poll();
        if (chunk == null) {
            return new byte[SIZE];
        }
        freeCount.decrementAndGet();
        return chunk;
    }

    void give(List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            if (freeCount.incrementAndGet() <= keep) {
                free.offer(chunk);
            } else {
                freeCount.decrementAndGet();
            }
        }
    }

    /**
     * The CRC32 of the first {@code length} bytes of the chunks, as S3's {@code x-amz-checksum-crc32} header has it
     * (base64 of the big-endian value). Given with a PUT, the SDK neither computes it nor sends it as an aws-chunked
     * trailer (over plain http the body is still chunk-signed).
     */
    static String crc32(List<byte[]> chunks, int length) {
        CRC32 crc = new CRC32();
        int left = length;
        for (byte[] chunk : chunks) {
            int n = Math.min(left, chunk.length);
            crc.update(chunk, 0, n);
            left -= n;
        }
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A request body over the first {@code length} bytes of the chunks, read in place as often as the SDK needs (its
     * checksum, the signature, a retry); the chunks must not be given back before the request is over.
     */
    static RequestBody body(List<byte[]> chunks, int length) {
        List<byte[]> parts = List.copyOf(chunks);
        return RequestBody.fromContentProvider(() -> {
            List<InputStream> streams = new ArrayList<>(parts.size());
            int left = length;
            for (byte[] chunk : parts) {
                int n = Math.min(left, chunk.length);
                streams.add(new ByteArrayInputStream(chunk, 0, n));
                left -= n;
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }, length, "application/octet-stream");
    }
}
