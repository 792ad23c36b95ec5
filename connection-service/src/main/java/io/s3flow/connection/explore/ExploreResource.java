package io.s3flow.connection.explore;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.CurrentTenant;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.connection.access.BucketAccess;
import io.s3flow.connection.access.BucketAccess.OpenBucket;
import io.s3flow.connection.check.Purpose;
import io.s3flow.connection.connection.Connection;
import io.s3flow.connection.connection.ConnectionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** Flow Service's explore: list a connection's folders and files, preview a file's first rows with inferred types. */
@Path("/connections/{id}/explore")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Groups.CONNECTIONS_READ)
public class ExploreResource {

    private static final int MAX_LIST = 1000;
    private static final int MAX_PREVIEW_ROWS = 100;

    private final ConnectionService connections;
    private final BucketAccess buckets;
    private final CurrentTenant tenant;

    ExploreResource(ConnectionService connections, BucketAccess buckets, CurrentTenant tenant) {
        this.connections = connections;
        this.buckets = buckets;
        this.tenant = tenant;
    }

    @GET
    public Object explore(@PathParam("id") String id, @QueryParam("objectType") @DefaultValue("root") String objectType,
            @QueryParam("object") String object, @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("continuationToken") String continuationToken, @QueryParam("fileType") @DefaultValue("delimited") String fileType,
            @QueryParam("columnDelimiter") @DefaultValue(",") String columnDelimiter,
            @QueryParam("compressionType") String compressionType, @QueryParam("encoding") @DefaultValue("UTF-8") String encoding,
            @QueryParam("previewRows") @DefaultValue("10") int previewRows) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIST);
        }
        BucketBrowser.PreviewOptions preview = "file".equals(objectType)
                ? previewOptions(fileType, columnDelimiter, compressionType, encoding, previewRows) : null;
        if (!"root".equals(objectType) && (object == null || object.isBlank())) {
            throw ProblemException.invalid("object", "is required for objectType " + objectType);
        }
        Tenant t = tenant.get();
        Connection connection = connections.get(t, id);
        try (OpenBucket bucket = buckets.open(t, BucketAccess.Subject.of(connection, connections.params(connection)),
                Purpose.SOURCE.access(), null)) {
            BucketBrowser browser = new BucketBrowser(bucket.s3(), bucket.location());
            return switch (objectType) {
                case "root" -> browser.root(limit, continuationToken);
                case "folder" -> browser.folder(object, limit, continuationToken);
                case "file" -> browser.preview(object, preview);
                default -> throw ProblemException.invalid("objectType", "must be root, folder or file");
            };
        }
    }

    private static BucketBrowser.PreviewOptions previewOptions(String fileType, String delimiter, String compression, String encoding,
            int rows) {
        if (!"delimited".equals(fileType) && !"json".equals(fileType)) {
            throw ProblemException.invalid("fileType", "must be delimited or json");
        }
        String sep = "\\t".equals(delimiter) ? "\t" : delimiter;
        if (sep.length() != 1) {
            throw ProblemException.invalid("columnDelimiter", "must be one character (\\t for tab)");
        }
        if (compression != null && !compression.equals("gzip") && !compression.equals("none")) {
            throw ProblemException.invalid("compressionType", "must be gzip or none");
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
        return new BucketBrowser.PreviewOptions(fileType, sep.charAt(0), "gzip".equals(compression), charset, rows);
    }
}
