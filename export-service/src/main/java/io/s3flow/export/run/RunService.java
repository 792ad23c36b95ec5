package io.s3flow.export.run;

import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.scheduled.Export;
import io.s3flow.export.scheduled.ExportService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The runs of a tenant's exports: started on demand, listed, cancelled. */
@ApplicationScoped
public class RunService {

    static final int MAX_LIST = 200;

    @Inject
    ExportService exports;

    /** Queues a run now; it starts once the export's earlier runs are done. */
    @Transactional
    public ExportRun start(Tenant tenant, String exportId) {
        Export export = exports.get(tenant, exportId);
        ExportRun run = ExportRun.queued(export.id, ExportRun.Trigger.MANUAL, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        run.persist();
        return run;
    }

    /** The export's newest {@code limit} runs, newest first. */
    public List<ExportRun> list(Tenant tenant, String exportId, int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIST);
        }
        Export export = exports.get(tenant, exportId);
        return ExportRun.<ExportRun>find("exportId = ?1 order by queuedAt desc, id", export.id).page(0, limit).list();
    }

    /** The export's run with this id; empty for a malformed id or a run of another export. */
    private Optional<ExportRun> find(Tenant tenant, String exportId, String runId) {
        Export export = exports.get(tenant, exportId);
        try {
            return ExportRun.<ExportRun>findByIdOptional(UUID.fromString(runId)).filter(run -> run.exportId.equals(export.id));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a run id: no such run
        }
    }

    public ExportRun get(Tenant tenant, String exportId, String runId) {
        return find(tenant, exportId, runId)
                .orElseThrow(() -> ProblemException.notFound("No run " + runId + " of export " + exportId + "."));
    }

    /**
     * A queued run is cancelled at once; a run in flight is asked to stop, and its runner aborts the open upload and
     * removes the files it completed. A finished run cannot be cancelled (409).
     */
    @Transactional
    public ExportRun cancel(Tenant tenant, String exportId, String runId) {
        ExportRun run = get(tenant, exportId, runId);
        // conditional updates, not a read-modify-write: the runner may finish the run at this very moment
        boolean cancelled = ExportRun.update("status = ?1, completedAt = ?2, cancelRequested = true where id = ?3 and status = ?4",
                ExportRun.Status.CANCELLED.name(), Instant.now(), run.id, ExportRun.Status.QUEUED.name()) == 1
                || ExportRun.update("cancelRequested = true where id = ?1 and status = ?2", run.id,
                        ExportRun.Status.IN_PROGRESS.name()) == 1;
        ExportRun.getEntityManager().refresh(run);
        if (!cancelled) {
            throw ProblemException.of(Response.Status.CONFLICT, "RUN_FINISHED", "Run " + runId + " has finished (" + run.status + ").");
        }
        return run;
    }
}
