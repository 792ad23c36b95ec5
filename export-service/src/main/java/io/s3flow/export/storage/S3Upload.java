package io.s3flow.export.storage;

import io.s3flow.common.aws.Encryption;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object being written, as a stream: bytes are buffered up to one part, in chunks of {@link PartChunks} (a small
 * file holds one); a file that outgrows the part becomes a multipart upload. Full parts go up in the background while
 * the next one fills, at most {@code partsInFlight} at a time, so memory stays at a few parts per open file whatever
 * the file's size; a part's chunks go back to the pool once it is sent. Nothing is visible in the bucket before
 * {@link #complete()}, and not before {@code beforeVisible} has run (after the last part landed, just before the PUT
 * or CompleteMultipartUpload: a caller's last chance to refuse, by throwing); {@link #close()} without it aborts the
 * multipart upload (once its parts in flight have landed, as S3 asks), so a failed file leaves no parts behind. Every
 * PUT and part carries the CRC32 of its bytes (a PUT's computed here, a part's by the SDK from the chunks sent): S3
 * refuses what arrives otherwise, and buckets with Object Lock refuse uploads without a checksum; a multipart object
 * gets S3's checksum of the parts' checksums.
 */
public final class S3Upload extends OutputStream {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final Encryption encryption;
    private final int partSize;
    private final int partsInFlight;
    private final Executor partUploads;
    private final PartChunks chunks;
    private final Runnable beforeVisible;
    /** The part being filled: its chunks, the last one filled up to {@code chunkUsed}. */
    private final List<byte[]> part = new ArrayList<>();
    private byte[] chunk;
    private int chunkUsed;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final Deque<CompletableFuture<CompletedPart>> inFlight = new ArrayDeque<>();
    private int buffered;
    private long total;
    private String uploadId;
    private boolean finished;
    /** The checksum of the object's bytes being kept; null when nobody asked for one. */
    private final ObjectChecksum.Running running;
    private final Map<String, String> metadata;
    private final AtomicLong uploaded = new AtomicLong();
    private String checksum;

    S3Upload(S3Client s3, String bucket, String key, Encryption encryption, Parts parts, ObjectChecksum checksum,
            Map<String, String> metadata, Runnable beforeVisible) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.encryption = encryption;
        this.partSize = parts.size();
        this.partsInFlight = Math.max(1, parts.inFlight());
        this.partUploads = parts.uploads();
        this.chunks = parts.chunks();
        this.beforeVisible = beforeVisible;
        this.running = checksum == null ? null : checksum.start();
        this.metadata = metadata;
    }

    /** How parts are cut and sent: their size, how many of one file go up at once, on which threads, from which chunks. */
    record Parts(int size, int inFlight, Executor uploads, PartChunks chunks) {
    }

    @Override
    public void write(int b) {
        makeRoom();
        chunk[chunkUsed++] = (byte) b;
        buffered++;
        total++;
        if (running != null) {
            running.update(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (running != null) {
            running.update(bytes, offset, length);
        }
        while (length > 0) {
            makeRoom();
            int n = Math.min(length, Math.min(chunk.length - chunkUsed, partSize - buffered));
            System.arraycopy(bytes, offset, chunk, chunkUsed, n);
            chunkUsed += n;
            buffered += n;
            total += n;
            offset += n;
            length -= n;
        }
    }

    public long bytesWritten() {
        return total;
    }

    /** Bytes that reached S3: the parts confirmed so far, or the whole object once complete. */
    public long bytesUploaded() {
        return uploaded.get();
    }

    /** The {@link ObjectChecksum} of the object's bytes once complete; null for an upload opened without one. */
    public String checksum() {
        return checksum;
    }

    /** Makes the object visible: one PUT for a small file, or the last part and CompleteMultipartUpload. */
    public StoredObject complete() {
        String etag;
        if (uploadId == null) {
            String crc32 = PartChunks.crc32(part, buffered);   // before the fence, which stays right before the request
            beforeVisible.run();
            try {
                etag = s3.putObject(encryption.applyTo(PutObjectRequest.builder().bucket(bucket).key(key).metadata(metadata)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32).checksumCRC32(crc32)).build(),
                        PartChunks.body(part, buffered)).eTag();
            } finally {
                releasePart();
            }
        } else {
            if (buffered > 0) {
                sendPart();
            }
            while (!inFlight.isEmpty()) {
                awaitOldestPart();
            }
            beforeVisible.run();
            etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())).eTag();
        }
        finished = true;
        uploaded.set(total);
        if (running != null) {
            checksum = running.value();
        }
        return new StoredObject(key, total, etag);
    }

    /** Aborts an unfinished multipart upload; a no-op after {@link #complete()}. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        releasePart();
        if (uploadId != null) {
            for (CompletableFuture<CompletedPart> sending : inFlight) {
                try {
                    sending.join();
                } catch (RuntimeException e) {
                    // a part that failed is one part less to clean up
                }
            }
            inFlight.clear();
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
            } catch (RuntimeException e) {
                // the bucket's lifecycle rule for incomplete uploads is the last resort; the original failure matters more
            }
        }
    }

    /** A full part goes up; a full chunk (or none yet) takes another. */
    private void makeRoom() {
        if (buffered == partSize) {
            sendPart();
        }
        if (chunk == null || chunkUsed == chunk.length) {
            chunk = chunks.take();
            chunkUsed = 0;
            part.add(chunk);
        }
    }

    /** The part's chunks back to the pool (nothing reads them any more). */
    private void releasePart() {
        chunks.give(part);
        part.clear();
        chunk = null;
        buffered = 0;
    }

    /** Hands the part's chunks to a background upload (waiting first if too many are in flight), which gives them back. */
    private void sendPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(encryption.applyTo(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .metadata(metadata).checksumAlgorithm(ChecksumAlgorithm.CRC32)).build()).uploadId();
        }
        while (inFlight.size() >= partsInFlight) {
            awaitOldestPart();
        }
        int number = parts.size() + inFlight.size() + 1;
        List<byte[]> sending = List.copyOf(part);
        int length = buffered;
        String id = uploadId;
        inFlight.add(CompletableFuture.supplyAsync(() -> {
            try {
                UploadPartResponse sent = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32), PartChunks.body(sending, length));
                uploaded.addAndGet(length);
                // the upload was created with CRC32: completing it lists each part's (S3 echoes it; S3Proxy does not, nor needs it)
                return CompletedPart.builder().partNumber(number).eTag(sent.eTag()).checksumCRC32(sent.checksumCRC32()).build();
            } finally {
                chunks.give(sending);
            }
        }, partUploads));
        part.clear();
        chunk = null;
        buffered = 0;
    }

    /** Waits for the oldest part in flight; its failure is this upload's. */
    private void awaitOldestPart() {
        CompletableFuture<CompletedPart> oldest = inFlight.peekFirst();
        CompletedPart done;
        try {
            done = oldest.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        inFlight.removeFirst();
        parts.add(done);
    }
}
