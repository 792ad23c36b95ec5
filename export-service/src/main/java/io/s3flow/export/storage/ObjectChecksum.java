package io.s3flow.export.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The checksum an upload keeps of its object's bytes as they are written, given as {@code <algorithm>:<hex>}: SHA-256
 * where a reader was promised one (an export's manifest), CRC-32 otherwise, at a small fraction of SHA-256's CPU per
 * byte (a gigabyte costs ~0.8 s of a core in SHA-256 with the CPU's SHA instructions, ~0.03 s in CRC-32).
 */
public enum ObjectChecksum {
    /** {@code sha256:<64 hex digits>}. */
    SHA256,
    /** {@code crc32:<8 hex digits>}, the CRC-32 of zlib, gzip, Python's {@code zlib.crc32} and S3's CRC32. */
    CRC32;

    /** A checksum of the bytes to come. */
    Running start() {
        return switch (this) {
            case SHA256 -> new Running() {
                private final MessageDigest digest = sha256();

                @Override
                public void update(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void update(byte[] bytes, int offset, int length) {
                    digest.update(bytes, offset, length);
                }

                @Override
                public String value() {
                    return "sha256:" + HexFormat.of().formatHex(digest.digest());
                }
            };
            case CRC32 -> new Running() {
                private final CRC32 crc = new CRC32();

                @Override
                public void update(int b) {
                    crc.update(b);
                }

                @Override
                public void update(byte[] bytes, int offset, int length) {
                    crc.update(bytes, offset, length);
                }

                @Override
                public String value() {
                    return "crc32:" + HexFormat.of().toHexDigits((int) crc.getValue());
                }
            };
        };
    }

    /** The checksum of the bytes given so far; {@link #value()} once, at the end. */
    interface Running {
        void update(int b);

        void update(byte[] bytes, int offset, int length);

        String value();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
