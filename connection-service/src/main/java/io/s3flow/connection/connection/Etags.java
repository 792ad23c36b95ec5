package io.s3flow.connection.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Opaque etags in Flow Service's shape ({@code "1700d77b-0000-0200-0000-5e3b41a10000"}), derived from the row's id and
 * version: a new version always means a new etag, and nothing about the row can be read from it.
 */
public final class Etags {

    private Etags() {
    }

    public static String of(Connection connection) {
        return of(connection.id.toString(), connection.version);
    }

    public static String of(String id, long version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((id + ':' + version).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest, 0, 16);
            return '"' + hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-'
                    + hex.substring(16, 20) + '-' + hex.substring(20, 32) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an {@code If-Match} header (a list of etags, weak or strong, or {@code *}) names the current etag. */
    public static boolean matches(String ifMatch, String current) {
        String bare = current.replace("\"", "");
        return Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .map(tag -> tag.replace("\"", ""))
                .anyMatch(tag -> tag.equals("*") || tag.equals(bare));
    }
}
