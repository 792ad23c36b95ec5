package io.s3flow.connection.explore;

import io.s3flow.common.net.ForbiddenAddressException;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import io.s3flow.connection.bucket.BucketLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Lists and previews what a connection may see. Paths are {@code /bucket/key}; nothing outside the connection's bucket
 * and folder is listed or read.
 */
public final class BucketBrowser {

    /** How much of a file a preview reads at most: one ranged GET, never the whole object. */
    static final int PREVIEW_BYTES = 256 * 1024;
    static final String FOLDER = "folder";
    static final String FILE = "file";
    static final String PARQUET = "parquet";
    static final String AVRO = "avro";
    /** What a preview can read. */
    private static final Set<String> PREVIEWABLE = Set.of("csv", "tsv", "txt", "json", "jsonl", "ndjson", "gz", "parquet", "avro");

    /** One folder or file, as Flow Service lists them. */
    public record Entry(String type, String name, String path, boolean canPreview, boolean canFetchSchema) {
    }

    /** A page of entries; {@code continuationToken} names the next page when there is one. */
    public record Listing(List<Entry> entries, String continuationToken) {
    }

    /** Options of a file preview, as Flow Service names them. */
    public record PreviewOptions(String fileType, char delimiter, boolean gzip, Charset encoding, int maxRows) {
    }

    private final S3Client s3;
    private final BucketLocation location;

    public BucketBrowser(S3Client s3, BucketLocation location) {
        this.s3 = s3;
        this.location = location;
    }

    /** The connection's root: its folder, or the buckets its keys can list when it names no bucket. */
    public Listing root(int limit, String continuationToken) {
        if (location.bucket().isEmpty()) {
            return new Listing(call(s3::listBuckets).buckets().stream()
                    .map(b -> new Entry(FOLDER, b.name(), "/" + b.name() + "/", false, false)).toList(), null);
        }
        return folder("/" + location.bucket().get() + "/" + location.prefix(), limit, continuationToken);
    }

    public Listing folder(String path, int limit, String continuationToken) {
        ObjectPath target = inside(path.endsWith("/") ? path : path + "/");
        ListObjectsV2Response page = call(() -> s3.listObjectsV2(b -> b.bucket(target.bucket()).prefix(target.key()).delimiter("/")
                .maxKeys(limit).continuationToken(continuationToken)));
        List<Entry> entries = new ArrayList<>();
        page.commonPrefixes().forEach(p -> entries.add(new Entry(FOLDER, lastSegment(p.prefix()),
                "/" + target.bucket() + "/" + p.prefix(), false, false)));
        page.contents().stream().filter(o -> !o.key().equals(target.key())).forEach(o -> {
            boolean previewable = PREVIEWABLE.contains(extension(o.key()));
            entries.add(new Entry(FILE, lastSegment(o.key()), "/" + target.bucket() + "/" + o.key(), previewable, previewable));
        });
        return new Listing(entries, page.isTruncated() ? page.nextContinuationToken() : null);
    }

    public Preview preview(String path, PreviewOptions options) {
        ObjectPath target = inside(path);
        if (PARQUET.equals(options.fileType()) || AVRO.equals(options.fileType())) {
            return columnar(path, target, options);
        }
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(target.bucket()).key(target.key()).range("bytes=0-" + (PREVIEW_BYTES - 1)));
        } catch (NoSuchKeyException e) {
            throw ProblemException.notFound("No file " + path + ".");
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new Preview(List.of(), List.of());
            }
            throw asProblem(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        boolean complete = bytes.response().contentRange() == null || bytes.response().contentRange().endsWith("/" + bytes.asByteArray().length);
        Decoded decoded = decode(bytes.asByteArray(), options.gzip(), complete);
        String text = new String(decoded.bytes(), options.encoding());
        return "json".equals(options.fileType())
                ? PreviewParser.json(text, options.maxRows(), decoded.complete())
                : PreviewParser.delimited(text, options.delimiter(), options.maxRows(), decoded.complete());
    }

    /** A Parquet or Avro file, read by ranged GETs of its footer or header and first rows, never whole. */
    private Preview columnar(String path, ObjectPath target, PreviewOptions options) {
        long length;
        try {
            length = s3.headObject(b -> b.bucket(target.bucket()).key(target.key())).contentLength();
        } catch (NoSuchKeyException e) {
            throw ProblemException.notFound("No file " + path + ".");
        } catch (S3Exception e) {
            throw e.statusCode() == 404 ? ProblemException.notFound("No file " + path + ".") : asProblem(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        RangedObject file = new RangedObject(s3, target.bucket(), target.key(), length);
        try {
            return PARQUET.equals(options.fileType()) ? ColumnarPreview.parquet(file, options.maxRows()) : ColumnarPreview.avro(file, options.maxRows());
        } catch (S3Exception e) {
            throw asProblem(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private record Decoded(byte[] bytes, boolean complete) {
    }

    /** Gunzips what was read; a gzip stream cut by the range ends early, which is expected, not an error. */
    private static Decoded decode(byte[] raw, boolean gzip, boolean complete) {
        if (!gzip) {
            return new Decoded(raw, complete);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0 && out.size() < 4 * PREVIEW_BYTES) {
                out.write(buffer, 0, n);
            }
            return new Decoded(out.toByteArray(), complete && n <= 0);
        } catch (EOFException truncated) {
            return new Decoded(out.toByteArray(), false);
        } catch (IOException e) {
            throw new UnparseableFile(1, "not a gzip stream");
        }
    }

    private record ObjectPath(String bucket, String key) {
    }

    /** Parses {@code /bucket/key} and refuses anything outside the connection's bucket and folder. */
    private ObjectPath inside(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        if (slash <= 0 || trimmed.contains("/../") || trimmed.endsWith("/..")) {
            throw ProblemException.invalid("object", "must be a path /bucket/folder/ inside the connection");
        }
        ObjectPath target = new ObjectPath(trimmed.substring(0, slash), trimmed.substring(slash + 1));
        boolean allowed = location.bucket().map(b -> b.equals(target.bucket()) && target.key().startsWith(location.prefix()))
                .orElse(true);
        if (!allowed) {
            throw ProblemException.invalid("object", "is outside the connection's folder /" + location.bucket().orElse("")
                    + "/" + location.prefix());
        }
        return target;
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            throw asProblem(e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    /**
     * S3's refusal, passed on with its status and error code (a 4xx stays what it was: a bad continuation token is the
     * caller's 400); S3 failing on its side is a 502. Never the SDK's message, which names request ids and hosts.
     */
    private static ProblemException asProblem(S3Exception e) {
        String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "S3_ERROR";
        int status = e.statusCode() >= 400 && e.statusCode() < 500 ? e.statusCode() : e.statusCode() < 400 ? 400 : 502;
        Response.Status known = Response.Status.fromStatusCode(status);
        return new ProblemException(Problem.of(status, known != null ? known.getReasonPhrase() : "HTTP " + status,
                "S3 refused the request (" + code + ").", code));
    }

    /** The connection's endpoint could not be reached, or may not be: the connection is what needs fixing. */
    static ProblemException unreachable(SdkClientException e) {
        return ForbiddenAddressException.in(e)
                .map(forbidden -> ProblemException.badRequest(ForbiddenAddressException.ERROR_CODE,
                        "The connection's serviceUrl may not be called: " + forbidden.getMessage() + "."))
                .orElseGet(() -> new ProblemException(Problem.of(422, "Unprocessable Content",
                        "The connection's S3 endpoint could not be reached; check serviceUrl and bucketName.", "S3_ENDPOINT_UNREACHABLE")));
    }

    private static String lastSegment(String key) {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    private static String extension(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
