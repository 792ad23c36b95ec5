package io.s3flow.export.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/exports/{exportId}/runs")
@Tag(name = "Export runs", description = "Runs of an export: asked for, or by its schedule; status, metrics, files and errors.")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    static final String EXPORT_ID = "7d3f2a1b-6c5e-4b4a-8f9e-1a2b3c4d5e6f";
    static final String RUN_ID = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";

    public record RunStarted(UUID runId) {
    }

    public record RunList(List<RunView> items) {
    }

    @Inject
    RunService runs;
    @Inject
    CurrentTenant tenant;
    @Inject
    ObjectMapper json;

    @POST
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Run an export now")
    @APIResponse(responseCode = "202", description = "Queued", headers = @Header(name = "Location", ref = "Location"),
            content = @Content(schema = @Schema(implementation = RunStarted.class)))
    public Response start(@PathParam("exportId") @Parameter(example = EXPORT_ID) String exportId) {
        ExportRun run = runs.start(tenant.get(), exportId);
        return Response.accepted(new RunStarted(run.id)).location(URI.create("/exports/" + exportId + "/runs/" + run.id)).build();
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "List an export's runs, newest first")
    public RunList list(@PathParam("exportId") @Parameter(example = EXPORT_ID) String exportId,
            @QueryParam("limit") @DefaultValue("20") @Parameter(description = "1 to 200") int limit) {
        return new RunList(runs.list(tenant.get(), exportId, limit).stream().map(run -> RunView.of(run, json)).toList());
    }

    @GET
    @Path("/{runId}")
    @RolesAllowed(Groups.EXPORTS_READ)
    @Operation(summary = "Read a run")
    public RunView get(@PathParam("exportId") @Parameter(example = EXPORT_ID) String exportId,
            @PathParam("runId") @Parameter(example = RUN_ID) String runId) {
        return RunView.of(runs.get(tenant.get(), exportId, runId), json);
    }

    @DELETE
    @Path("/{runId}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    @Operation(summary = "Cancel a queued or running run")
    @APIResponse(responseCode = "202", description = "Cancelling: the run as it is now",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "409", ref = "Problem409")
    public Response cancel(@PathParam("exportId") @Parameter(example = EXPORT_ID) String exportId,
            @PathParam("runId") @Parameter(example = RUN_ID) String runId) {
        return Response.accepted(RunView.of(runs.cancel(tenant.get(), exportId, runId), json)).build();
    }
}
