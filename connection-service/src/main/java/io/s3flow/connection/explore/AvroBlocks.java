package io.s3flow.connection.explore;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.xerial.snappy.Snappy;

/**
 * The first block of an Avro object container file, measured before Avro reads it: Avro allocates whatever size a
 * block declares, and inflates it without a limit.
 */
final class AvroBlocks {

    private AvroBlocks() {
    }

    /**
     * Reads the first block's row count and size where the header ends, and refuses a block (or, deflated or snappy,
     * its content) larger than a preview reads: Avro would allocate whatever the file declares. Returns its row count.
     */
    static long checkFirst(RangedObject file, long headerEnd, String codec) {
        byte[] head = new byte[20];
        int n = Math.max(0, file.read(headerEnd, head, 0, head.length));
        long[] varints = new long[2];
        int at = 0;
        for (int v = 0; v < 2; v++) {
            long raw = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= n || shift > 63) {
                    return 0; // no block: a file of a header alone
                }
                byte b = head[at++];
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            varints[v] = (raw >>> 1) ^ -(raw & 1);
        }
        long rows = varints[0];
        long size = varints[1];
        if (rows < 0 || size < 0 || size > ColumnarPreview.MAX_ROW_GROUP_BYTES || headerEnd + at + size > file.length()) {
            throw new UnparseableFile("a first block of " + size + " bytes, which a preview does not read");
        }
        if (!codec.equals("null")) {
            byte[] block = new byte[(int) size];
            for (int read = 0; read < size; ) {
                int got = file.read(headerEnd + at + read, block, read, (int) size - read);
                if (got < 0) {
                    throw new UnparseableFile("not an Avro object container file, or one cut short");
                }
                read += got;
            }
            if (decompressedSize(block, codec) > ColumnarPreview.MAX_DECOMPRESSED_BYTES) {
                throw new UnparseableFile("a first block of more than " + ColumnarPreview.MAX_DECOMPRESSED_BYTES + " bytes decompressed, which a preview does not read");
            }
        }
        return rows;
    }

    /** How large the block becomes, counted (deflate) or read from its header (snappy, without the CRC Avro appends). */
    private static long decompressedSize(byte[] block, String codec) {
        try {
            if (codec.equals("snappy")) {
                return block.length < 4 ? 0 : Snappy.uncompressedLength(block, 0, block.length - 4);
            }
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(block);
                byte[] sink = new byte[64 * 1024];
                long total = 0;
                while (!inflater.finished() && !inflater.needsInput() && total <= ColumnarPreview.MAX_DECOMPRESSED_BYTES) {
                    int got = inflater.inflate(sink);
                    if (got == 0 && inflater.needsDictionary()) {
                        break;
                    }
                    total += got;
                }
                return total;
            } finally {
                inflater.end();
            }
        } catch (IOException | DataFormatException e) {
            throw new UnparseableFile("a first block that does not decompress");
        }
    }
}
