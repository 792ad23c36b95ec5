package io.s3flow.common.etag;

import io.s3flow.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
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

    /** Flow Service's codes: If-Match missing on a PATCH, and an etag that is no longer current. */
    public static final String IF_MATCH_REQUIRED = "1403-400";
    public static final String ETAG_MISMATCH = "1404-412";

    private Etags() {
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

    /** A PATCH must say which version it edits: 400 without If-Match, as Flow Service answers. */
    public static void requireIfMatch(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.badRequest(IF_MATCH_REQUIRED, "The If-Match header with the " + what + "'s etag is required.");
        }
    }

    /** 412 unless {@code ifMatch} names {@code current}. */
    public static void requireMatch(String ifMatch, String current, String what) {
        if (!matches(ifMatch, current)) {
            throw mismatch(what);
        }
    }

    /** A PATCH: 400 without If-Match, 412 unless it names {@code current}. */
    public static void requireCurrent(String ifMatch, String current, String what) {
        requireIfMatch(ifMatch, what);
        requireMatch(ifMatch, current, what);
    }

    /** A DELETE: If-Match is optional, but when given it must name {@code current} (412 otherwise). */
    public static void requireIfGiven(String ifMatch, String current, String what) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            requireMatch(ifMatch, current, what);
        }
    }

    public static ProblemException mismatch(String what) {
        return ProblemException.of(Response.Status.PRECONDITION_FAILED, ETAG_MISMATCH,
                "The " + what + " changed since this etag was read: GET it again and retry with the new etag.");
    }
}
