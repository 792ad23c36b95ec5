package io.s3flow.export.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3flow.export.readback.GzipFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** gzip members deflated on several cores still make one gzip file whose bytes are the rows, in order. */
class ParallelGzipOutputStreamTest {

    /** Numbered rows up to {@code bytes}, each unlike the last so that a member out of place changes the file. */
    private static byte[] rows(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 100);
        for (int i = 0; text.length() < bytes; i++) {
            text.append("row-").append(i).append(',').append(Long.toString(i * 0x9E3779B97F4A7C15L >>> 1, 36)).append('\n');
        }
        return text.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rowsOverSeveralChunksBecomeOneMemberPerChunkInTheirOrder() throws Exception {
        byte[] rows = rows(3 * ParallelGzipOutputStream.CHUNK + 12_345);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(file);
        // as a format writes: buffers of odd sizes across the chunks' boundaries, and single bytes
        int at = 0;
        for (int size = 1; at < rows.length; size = size * 7 % 70_001 + 1) {
            if (size % 5 == 0) {
                gzip.write(rows[at++]);
                continue;
            }
            int n = Math.min(size, rows.length - at);
            gzip.write(rows, at, n);
            at += n;
        }
        gzip.finish();
        gzip.release();

        GzipFiles.Read read = GzipFiles.check(file.toByteArray());
        assertEquals(4, read.members(), "one member per chunk of " + ParallelGzipOutputStream.CHUNK + " bytes");
        assertArrayEquals(rows, read.content(), "Python reads every row, in order");
        try (GZIPInputStream java = new GZIPInputStream(new ByteArrayInputStream(file.toByteArray()))) {
            assertArrayEquals(rows, java.readAllBytes(), "and so does Java's GZIPInputStream");
        }
        assertTrue(file.size() < rows.length * 3 / 4, "compressed: " + file.size() + " of " + rows.length + " bytes");
    }

    /**
     * A stream's batch writes many files at once, event by event: together they stay within the replica's budget of
     * members (one each beyond it), every member is freed once the files are, and every file is still its rows in order.
     */
    @Test
    void manyFilesWrittenAtOnceShareTheReplicasBudgetOfMembers() throws Exception {
        int files = 3 * ParallelGzipOutputStream.MEMBERS;
        byte[] rows = rows(3 * ParallelGzipOutputStream.CHUNK);
        int aliveBefore = ParallelGzipOutputStream.alive();
        List<ByteArrayOutputStream> outputs = new ArrayList<>();
        List<ParallelGzipOutputStream> gzips = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            outputs.add(new ByteArrayOutputStream());
            gzips.add(new ParallelGzipOutputStream(outputs.get(i)));
        }
        int most = 0;
        for (int at = 0; at < rows.length; at += 64 * 1024) {
            for (ParallelGzipOutputStream gzip : gzips) {
                gzip.write(rows, at, Math.min(64 * 1024, rows.length - at));
                most = Math.max(most, ParallelGzipOutputStream.alive() - aliveBefore);
            }
        }
        for (ParallelGzipOutputStream gzip : gzips) {
            gzip.finish();
            gzip.release();
        }
        assertTrue(most <= ParallelGzipOutputStream.MEMBERS + files, "members alive at most: " + most);
        assertEquals(aliveBefore, ParallelGzipOutputStream.alive(), "every member freed");
        for (GzipFiles.Read read : GzipFiles.checkAll(outputs.stream().map(ByteArrayOutputStream::toByteArray).toList())) {
            assertArrayEquals(rows, read.content());
        }
    }

    @Test
    void anEmptyFileIsOneEmptyMember() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(file);
        gzip.finish();
        gzip.release();
        GzipFiles.Read read = GzipFiles.check(file.toByteArray());
        assertEquals(1, read.members());
        assertEquals(0, read.content().length);
    }

    @Test
    void aFailureToWriteAMemberIsTheWritersAndReleaseStillFreesEverything() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("simulated: the upload failed");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("simulated: the upload failed");
            }
        };
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(broken);
        byte[] rows = rows((ParallelGzipOutputStream.IN_FLIGHT + 2) * ParallelGzipOutputStream.CHUNK);
        IOException failed = assertThrows(IOException.class, () -> gzip.write(rows, 0, rows.length),
                "once more chunks wait than are deflated at once, the oldest is written, and its failure surfaces");
        assertEquals("simulated: the upload failed", failed.getMessage());
        gzip.release();
        gzip.release();
    }
}
