package io.s3flow.connection.explore;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.file.SeekableInput;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An object read only by ranged GETs, never whole: a read at a position fetches a window from there (at least
 * {@link #WINDOW} bytes, or what the read asks for), so a reader that seeks to a footer or a header and reads on from it
 * fetches just those parts. A read that starts where the window ends extends it (up to {@link #MAX_WINDOW}), so a
 * reader going back over what a check before it read (Avro over its first block) finds the bytes already fetched. Seen
 * as parquet-java's {@link InputFile} and as Avro's {@link SeekableInput}.
 */
final class RangedObject {

    static final int WINDOW = 64 * 1024;
    /** A first block or row group as large as a preview reads, with the header or footer before it. */
    static final long MAX_WINDOW = ColumnarPreview.MAX_ROW_GROUP_BYTES + 2L * WINDOW;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long length;
    private byte[] window = new byte[0];
    private int windowLength;
    private long windowStart;

    RangedObject(S3Client s3, String bucket, String key, long length) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.length = length;
    }

    long length() {
        return length;
    }

    /** Up to {@code count} bytes at {@code position} (fewer at the window's end); -1 at the object's end. */
    int read(long position, byte[] into, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        long windowEnd = windowStart + windowLength;
        if (position < windowStart || position >= windowEnd) {
            long end = Math.min(length, position + Math.max(count, WINDOW)) - 1;
            byte[] fetched = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + position + "-" + end)).asByteArrayUnsafe();
            if (position == windowEnd && windowLength + (long) fetched.length <= MAX_WINDOW) {
                if (windowLength + fetched.length > window.length) {
                    // doubling, so a reader going forward in small steps copies the window a few times, not once a step
                    window = Arrays.copyOf(window, (int) Math.min(MAX_WINDOW, Math.max(2L * window.length, windowLength + fetched.length)));
                }
                System.arraycopy(fetched, 0, window, windowLength, fetched.length);
                windowLength += fetched.length;
            } else {
                window = fetched;
                windowLength = fetched.length;
                windowStart = position;
            }
        }
        int at = (int) (position - windowStart);
        int n = Math.min(count, windowLength - at);
        System.arraycopy(window, at, into, offset, n);
        return n;
    }

    InputFile asParquet() {
        return new InputFile() {
            @Override
            public long getLength() {
                return length;
            }

            @Override
            public SeekableInputStream newStream() {
                return new Stream();
            }
        };
    }

    SeekableInput asAvro() {
        Stream stream = new Stream();
        return new SeekableInput() {
            @Override
            public void seek(long p) {
                stream.seek(p);
            }

            @Override
            public long tell() {
                return stream.getPos();
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return stream.read(b, off, len);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A position in the object, read forward through its windows. */
    private final class Stream extends SeekableInputStream {

        private long position;

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPos) {
            position = newPos;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            int n = RangedObject.this.read(position, bytes, offset, count);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int offset, int count) throws IOException {
            while (count > 0) {
                int n = read(bytes, offset, count);
                if (n < 0) {
                    throw new EOFException(count + " bytes past the end of " + key);
                }
                offset += n;
                count -= n;
            }
        }

        @Override
        public int read(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            int n = read(bytes, 0, bytes.length);
            if (n > 0) {
                buffer.put(bytes, 0, n);
            }
            return n;
        }

        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            byte[] bytes = new byte[buffer.remaining()];
            readFully(bytes);
            buffer.put(bytes);
        }
    }
}
