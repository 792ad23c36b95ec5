package io.s3flow.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on every core, as pigz does: the bytes written are cut into chunks of {@link #CHUNK} bytes, each deflated on a
 * shared pool into a gzip member of its own while the writing thread fills the next; the members go to the underlying
 * stream in the order of their bytes, from the writing thread. A series of members is one gzip file (RFC 1952 2.2):
 * gzip, zlib and Java's {@code GZIPInputStream} read it as one stream. Each member starts without the previous one's
 * 32 KiB dictionary, which costs next to nothing at this size (measured: the same file within 0.1%).
 *
 * <p>Memory stays bounded whatever the file's size and however many files are open (a stream's batch writes up to 16
 * at once, on each worker): a chunk in flight holds its input (one chunk), its output (about one chunk) and a
 * deflater's native state (~270 KiB at this level). A file has at most {@link #IN_FLIGHT} chunks in flight, and the
 * replica's files together about {@link #MEMBERS}: past that, a file writes its own oldest member and reuses it
 * rather than make another, so beyond the budget each open file holds one chunk (a small file one buffer that grows as
 * it fills). On 2 cores: ~8 MiB of heap and ~4.5 MiB native in flight, whatever the files. {@link #release()} (an
 * aborted file) waits for the chunks being deflated and drops them.
 */
final class ParallelGzipOutputStream extends OutputStream {

    /**
     * Input bytes per member: large enough that headers and fresh dictionaries cost nothing, small enough that many
     * are queued per part, so a deflating thread the machine pauses holds up little (1 MiB chunks, 3 in flight, took
     * twice as long as these on a loaded machine).
     */
    static final int CHUNK = 256 * 1024;
    /**
     * zlib's level 1, as {@code pigz -1}: on event rows (random payloads included) level 6 gains a few % of size for
     * 1.5-2x the CPU, and CPU is what a run is short of.
     */
    private static final int LEVEL = Deflater.BEST_SPEED;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    /**
     * One pool for every file of this replica (formats are opened by plain code, per file): the cores are the limit,
     * not the files. Each file keeps at most {@link #IN_FLIGHT} chunks in it, so its queue stays short.
     */
    private static final ExecutorService DEFLATING = Executors.newFixedThreadPool(THREADS, r -> {
        Thread thread = new Thread(r, "gzip-deflate");
        thread.setDaemon(true);
        return thread;
    });

    private final OutputStream out;
    /** Chunks of one file handed to the pool and not yet written: a queue deep enough that every core stays busy. */
    static final int IN_FLIGHT = 4 * THREADS;
    /** Members (chunks with their deflaters) alive in this replica, past which files reuse their own. */
    static final int MEMBERS = 2 * IN_FLIGHT;
    private static final AtomicInteger ALIVE = new AtomicInteger();
    private final Deque<CompletableFuture<Member>> deflating = new ArrayDeque<>();
    /** Members written, whose buffers and deflater the next chunks reuse. */
    private final Deque<Member> free = new ArrayDeque<>();
    private Member filling;
    private boolean anyWritten;
    private boolean released;

    ParallelGzipOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (filling == null) {
                filling = nextMember();
            }
            int n = filling.append(bytes, offset, length);
            offset += n;
            length -= n;
            if (filling.length == CHUNK) {
                send();
            }
        }
    }

    /** Deflates what is buffered and writes every member; an empty file is still one (empty) gzip member. */
    void finish() throws IOException {
        if (filling != null && filling.length > 0 || !anyWritten) {
            if (filling == null) {
                filling = nextMember();
            }
            send();
        }
        while (!deflating.isEmpty()) {
            writeOldest();
        }
    }

    /** Frees the deflaters' native memory now; what is still being deflated is waited for and dropped. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        for (CompletableFuture<Member> member : deflating) {
            try {
                free.push(member.join());
            } catch (CompletionException e) {
                // a chunk that failed holds nothing to free but its deflater, ended by the task
            }
        }
        deflating.clear();
        if (filling != null) {
            free.push(filling);
            filling = null;
        }
        free.forEach(Member::end);
        free.clear();
    }

    /** Members alive in this replica now. */
    static int alive() {
        return ALIVE.get();
    }

    /** A written member to reuse, else a new one while the replica's budget allows, else this file's oldest, written. */
    private Member nextMember() throws IOException {
        if (free.isEmpty() && !deflating.isEmpty() && ALIVE.get() >= MEMBERS) {
            writeOldest();
        }
        if (!free.isEmpty()) {
            return free.pop();
        }
        ALIVE.incrementAndGet();
        return new Member();
    }

    private void send() throws IOException {
        while (deflating.size() >= IN_FLIGHT) {
            writeOldest();
        }
        Member member = filling;
        filling = null;
        anyWritten = true;
        deflating.add(CompletableFuture.supplyAsync(member::deflate, DEFLATING));
    }

    /** Waits for the oldest chunk and writes its member: members leave in the order their bytes came. */
    private void writeOldest() throws IOException {
        Member member;
        try {
            member = deflating.peekFirst().join();
        } catch (CompletionException e) {
            throw new IOException("gzip failed: " + e.getCause(), e.getCause());
        }
        deflating.removeFirst();
        try {
            out.write(member.output, 0, member.outputLength);
        } finally {
            // reused or, if the upload failed, freed by release()
            member.length = 0;
            free.push(member);
        }
    }

    /** One chunk's input and its gzip member, and the deflater making it; reused from chunk to chunk. */
    private static final class Member {
        /** ID1 ID2, deflate, no flags, no time, no extra flags, OS unknown. */
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        private static final int TRAILER = 8;

        private final Deflater deflater = new Deflater(LEVEL, true);
        private final CRC32 crc = new CRC32();
        /** Grows up to a chunk, so a small file holds little. */
        private byte[] input = new byte[64 * 1024];
        private int length;
        private byte[] output = new byte[0];
        private int outputLength;

        int append(byte[] bytes, int offset, int count) {
            if (length == input.length && input.length < CHUNK) {
                input = Arrays.copyOf(input, Math.min(CHUNK, input.length * 2));
            }
            int n = Math.min(count, input.length - length);
            System.arraycopy(bytes, offset, input, length, n);
            length += n;
            return n;
        }

        /** On the pool: the chunk as one complete gzip member in {@code output}. */
        Member deflate() {
            try {
                // deflate's worst case (stored blocks) is a few bytes per 16 KiB over the input
                int bound = HEADER.length + length + (length >> 12) + 64 + TRAILER;
                if (output.length < bound) {
                    output = new byte[bound];
                }
                System.arraycopy(HEADER, 0, output, 0, HEADER.length);
                deflater.reset();
                deflater.setInput(input, 0, length);
                deflater.finish();
                int at = HEADER.length;
                while (!deflater.finished()) {
                    if (at == output.length - TRAILER) {
                        output = Arrays.copyOf(output, output.length * 2);
                    }
                    at += deflater.deflate(output, at, output.length - TRAILER - at);
                }
                crc.reset();
                crc.update(input, 0, length);
                littleEndian((int) crc.getValue(), at);
                littleEndian(length, at + 4);
                outputLength = at + TRAILER;
                return this;
            } catch (RuntimeException | Error e) {
                end();
                throw e;
            }
        }

        private void littleEndian(int value, int at) {
            for (int i = 0; i < 4; i++) {
                output[at + i] = (byte) (value >>> (8 * i));
            }
        }

        void end() {
            deflater.end();
            ALIVE.decrementAndGet();
        }
    }
}
