package io.s3flow.connection.explore;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.file.SeekableInput;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An object read only by ranged GETs, never whole: a read at a position fetches a window from there (at least
 * {@link #WINDOW} bytes, or what the read asks for), so a reader that seeks to a footer or a header and reads on from it
 * fetches just those parts. Seen as parquet-java's {@link InputFile} and as Avro's {@link SeekableInput}.
 */
final class RangedObject {

    static final int WINDOW = 64 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long length;
    private byte[] window = new byte[0];
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
        if (position < windowStart || position >= windowStart + window.length) {
            long end = Math.min(length, position + Math.max(count, WINDOW)) - 1;
            window = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + position + "-" + end)).asByteArray();
            windowStart = position;
        }
        int at = (int) (position - windowStart);
        int n = Math.min(count, window.length - at);
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
