package io.s3flow.common.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The {@code aws-chunked} content encoding of SigV4 streaming uploads: {@code <hex size>[;chunk-signature=…]\r\n<bytes>\r\n}
 * chunks, a zero-size one, then trailer lines ({@code x-amz-checksum-crc32:…}) and an empty line.
 */
final class AwsChunked {

    private AwsChunked() {
    }

    /** The payload; the trailers go into {@code trailers}, names in lower case. */
    static byte[] decode(byte[] body, Map<String, String> trailers) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int end = lineEnd(body, at);
            String line = new String(body, at, end - at, StandardCharsets.US_ASCII);
            at = end + 2;
            int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            payload.write(body, at, size);
            at += size + 2;
        }
        while (at < body.length) {
            int end = lineEnd(body, at);
            String line = new String(body, at, end - at, StandardCharsets.US_ASCII);
            at = end + 2;
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return payload.toByteArray();
    }

    /** S3's form of a CRC32: its four bytes, big-endian, in base64. */
    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return body.length;
    }
}
