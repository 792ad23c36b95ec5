package io.s3flow.connection.explore;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.access.BucketAccess;
import io.s3flow.connection.access.BucketAccess.OpenBucket;
import io.s3flow.connection.check.Purpose;
import io.s3flow.connection.registry.Connection;
import io.s3flow.connection.registry.ConnectionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Flow Service's explore: list a connection's folders and files, preview a file's first rows with inferred types. */
@Path("/connections/{id}/explore")
@Tag(name = "Explore", description = "Folders and files a connection can see, a file's structure and first rows, in Flow Service's shapes.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CONNECTIONS_READ)
public class ExploreResource {

    private static final int MAX_LIST = 1000;
    private static final int MAX_PREVIEW_ROWS = 100;
    private static final String DELIMITED = "delimited";
    private static final String JSON = "json";
    private static final String GZIP = "gzip";
    /** Compressions Flow Service names that s3flow does not read (yet): a clear 422, not a 400. */
    private static final Set<String> OTHER_COMPRESSIONS = Set.of("bzip2", "deflate", "zipdeflate", "targzip", "tar");

    @Inject
    ConnectionService connections;
    @Inject
    BucketAccess buckets;
    @Inject
    CurrentTenant tenant;

    @GET
    @Operation(summary = "List a folder, or read a file's structure (with preview=true, also its first rows)")
    @APIResponse(responseCode = "200", description = "root and folder: an array of entries (a Link header with rel=\"next\" "
            + "when there is more); file: an array of columns; file with preview=true: columns and rows",
            headers = @Header(name = "Link", description = "<URL of the next page>; rel=\"next\"", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(anyOf = {BucketBrowser.Entry[].class, FileViews.Column[].class, FileViews.FilePreview.class})))
    @APIResponse(responseCode = "422", ref = "Problem422")
    public Response explore(@PathParam("id") @Parameter(example = "9a1b6c3e-2f4d-4e5a-8b7c-0d1e2f3a4b5c") String id,
            @QueryParam("objectType") @DefaultValue("root") @Parameter(description = "root, folder or file, in any case") String objectType,
            @QueryParam("object") @Parameter(description = "/bucket/path/ of a folder (root for the root), or /bucket/path of a file",
                    example = "/my-bucket/landing/people.csv") String object,
            @QueryParam("limit") @DefaultValue("100") @Parameter(description = "entries per page, 1 to 1000") int limit,
            @QueryParam("continuationToken") @Parameter(description = "the next page, as the Link header names it") String continuationToken,
            @QueryParam("fileType") @DefaultValue("delimited") @Parameter(description = "delimited, json, parquet (the footer's schema and the first row group's rows) "
                    + "or avro (the header's schema and the first rows), in any case")
            String fileType,
            @QueryParam("columnDelimiter") @DefaultValue(",") @Parameter(description = "one character; \\t for a tab") String columnDelimiter,
            @QueryParam("compressionType") @Parameter(description = "gzip (or none); Flow Service's other types answer 422") String compressionType,
            @QueryParam("encoding") @DefaultValue("UTF-8") @Parameter(description = "the file's character set, e.g. ISO-8859-1") String encoding,
            @QueryParam("preview") @Parameter(description = "true: the first rows too") boolean preview,
            @QueryParam("previewRows") @DefaultValue("10") @Parameter(description = "rows in a preview, 1 to 100") int previewRows,
            @Context UriInfo uriInfo) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIST);
        }
        ObjectType type = ObjectType.of(objectType, object);
        BucketBrowser.PreviewOptions options = type == ObjectType.FILE
                ? previewOptions(fileType, columnDelimiter, compressionType, encoding, previewRows) : null;
        if (type != ObjectType.ROOT && (object == null || object.isBlank())) {
            throw ProblemException.invalid("object", "is required for objectType " + objectType);
        }
        Tenant t = tenant.get();
        Connection connection = connections.get(t, id);
        try (OpenBucket bucket = buckets.open(t, BucketAccess.Subject.of(connection, connections.params(connection)),
                Purpose.SOURCE.access(), null)) {
            BucketBrowser browser = new BucketBrowser(bucket.s3(), bucket.location());
            return switch (type) {
                case ROOT -> listing(browser.root(limit, continuationToken), uriInfo);
                case FOLDER -> listing(browser.folder(object, limit, continuationToken), uriInfo);
                case FILE -> {
                    Preview read = browser.preview(object, options);
                    yield Response.ok(preview ? FileViews.preview(read) : FileViews.structure(read)).build();
                }
            };
        }
    }

    /** The entries as a bare array, as Flow Service answers; a next page is a {@code Link} with {@code rel="next"}. */
    private static Response listing(BucketBrowser.Listing listing, UriInfo uriInfo) {
        Response.ResponseBuilder answer = Response.ok(listing.entries());
        if (listing.continuationToken() != null) {
            answer.link(uriInfo.getRequestUriBuilder().replaceQueryParam("continuationToken", listing.continuationToken()).build(), "next");
        }
        return answer.build();
    }

    /** Flow Service's object types, in any case ({@code FILE} in Adobe's samples); {@code object=root} is the root. */
    enum ObjectType {
        ROOT, FOLDER, FILE;

        static ObjectType of(String objectType, String object) {
            ObjectType type;
            try {
                type = valueOf(objectType.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("objectType", "must be root, folder or file");
            }
            return type == FOLDER && ROOT.name().equalsIgnoreCase(object) ? ROOT : type;
        }
    }

    private static BucketBrowser.PreviewOptions previewOptions(String fileType, String delimiter, String compression, String encoding,
            int rows) {
        String kind = fileType.trim().toLowerCase(Locale.ROOT);
        if (!DELIMITED.equals(kind) && !JSON.equals(kind) && !BucketBrowser.PARQUET.equals(kind) && !BucketBrowser.AVRO.equals(kind)) {
            throw ProblemException.invalid("fileType", "must be delimited, json, parquet or avro");
        }
        String sep = "\\t".equals(delimiter) ? "\t" : delimiter;
        if (sep.length() != 1) {
            throw ProblemException.invalid("columnDelimiter", "must be one character (\\t for tab)");
        }
        String compressed = compression == null ? "none" : compression.trim().toLowerCase(Locale.ROOT);
        if (OTHER_COMPRESSIONS.contains(compressed)) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content",
                    "Only gzip-compressed files can be previewed; " + compression + " is not supported.", "COMPRESSION_TYPE_NOT_SUPPORTED"));
        }
        if (!compressed.equals(GZIP) && !compressed.equals("none")) {
            throw ProblemException.invalid("compressionType", "must be gzip or none");
        }
        if (compressed.equals(GZIP) && (BucketBrowser.PARQUET.equals(kind) || BucketBrowser.AVRO.equals(kind))) {
            throw ProblemException.invalid("compressionType", "does not apply to " + kind + " files, which compress inside");
        }
        if (rows < 1 || rows > MAX_PREVIEW_ROWS) {
            throw ProblemException.invalid("previewRows", "must be between 1 and " + MAX_PREVIEW_ROWS);
        }
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw ProblemException.invalid("encoding", "is not a known character set");
        }
        return new BucketBrowser.PreviewOptions(kind, sep.charAt(0), GZIP.equals(compressed), charset, rows);
    }
}
