package io.s3flow.export.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
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

@Path("/exports/{exportId}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    public record RunStarted(UUID runId) {
    }

    public record RunList(List<RunView> items) {
    }

    private final RunService runs;
    private final CurrentTenant tenant;
    private final ObjectMapper json;

    RunResource(RunService runs, CurrentTenant tenant, ObjectMapper json) {
        this.runs = runs;
        this.tenant = tenant;
        this.json = json;
    }

    @POST
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response start(@PathParam("exportId") String exportId) {
        ExportRun run = runs.start(tenant.get(), exportId);
        return Response.accepted(new RunStarted(run.id)).location(URI.create("/exports/" + exportId + "/runs/" + run.id)).build();
    }

    @GET
    @RolesAllowed(Groups.EXPORTS_READ)
    public RunList list(@PathParam("exportId") String exportId, @QueryParam("limit") @DefaultValue("20") int limit) {
        return new RunList(runs.list(tenant.get(), exportId, limit).stream().map(run -> RunView.of(run, json)).toList());
    }

    @GET
    @Path("/{runId}")
    @RolesAllowed(Groups.EXPORTS_READ)
    public RunView get(@PathParam("exportId") String exportId, @PathParam("runId") String runId) {
        return RunView.of(runs.get(tenant.get(), exportId, runId), json);
    }

    @DELETE
    @Path("/{runId}")
    @RolesAllowed(Groups.EXPORTS_WRITE)
    public Response cancel(@PathParam("exportId") String exportId, @PathParam("runId") String runId) {
        return Response.accepted(RunView.of(runs.cancel(tenant.get(), exportId, runId), json)).build();
    }
}
