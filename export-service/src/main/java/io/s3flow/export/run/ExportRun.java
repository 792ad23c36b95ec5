package io.s3flow.export.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A run as the API reads and queues it; the runner moves it on through {@link RunStore}, under its lease. */
@Entity
@Table(name = "export_run")
public class ExportRun extends PanacheEntityBase {

    public enum Status { QUEUED, IN_PROGRESS, SUCCESS, PARTIAL_SUCCESS, FAILED, CANCELLED }

    public enum Trigger { SCHEDULE, MANUAL }

    @Id
    public UUID id;
    public UUID exportId;
    public String status;
    public String trigger;
    public Instant runTime;
    public Instant queuedAt;
    public Instant startedAt;
    public Instant completedAt;
    public Long recordsInput;
    public Long recordsOutput;
    public Long recordsFailed;
    public Long bytes;
    public Long durationMs;
    public long recordsWritten;
    public long bytesUploaded;
    public String files;
    /** JSON: the manifest a successful run wrote last (key, bytes, etag, writtenAt); null without one. */
    public String manifest;
    public String errors;
    public boolean cancelRequested;
    public int attempts;
    public Instant nextAttemptAt;

    static ExportRun queued(UUID exportId, Trigger trigger, Instant runTime) {
        ExportRun run = new ExportRun();
        run.id = UUID.randomUUID();
        run.exportId = exportId;
        run.status = Status.QUEUED.name();
        run.trigger = trigger.name();
        run.runTime = runTime;
        run.queuedAt = Instant.now();
        run.nextAttemptAt = run.queuedAt;
        run.files = "[]";
        run.errors = "[]";
        return run;
    }

}
