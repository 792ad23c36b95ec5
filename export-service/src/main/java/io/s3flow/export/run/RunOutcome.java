package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.export.run.RunAttempt.Stop;
import io.s3flow.export.sink.Failure;
import io.s3flow.export.storage.BucketStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * How an attempt that did not succeed ends: a failure S3 or the network may get over is retried (with backoff) from
 * the same plan into the same keys, up to {@code maxAttempts}; one only the user can fix, the last attempt's, a
 * cancellation or the export's deletion end the run, its files removed; a lost lease leaves the run to the runner that
 * has it; a shutdown hands it back for a restart.
 */
@ApplicationScoped
class RunOutcome {

    private static final Logger LOG = Logger.getLogger(RunOutcome.class);

    @Inject
    RunStore store;
    @Inject
    RunCleanup cleanup;
    @Inject
    ExportsConfig config;
    @Inject
    ObjectMapper json;

    void stopped(RunAttempt a, Stop why, BucketStorage bucket, String manifestKey, Instant started) throws Exception {
        switch (why) {
            case LOST -> LOG.infof("run %s: lease lost, another runner has it", a.claim.id());
            case SHUTDOWN -> {
                store.release(a.claim.id(), a.claim.token(), json.writeValueAsString(a.completed()));
                LOG.infof("run %s: handed back for a restart", a.claim.id());
            }
            case CANCEL, GONE -> {
                List<String> left = cleanup.remove(a, bucket, manifestKey);
                store.finish(a.claim.id(), a.claim.token(), ExportRun.Status.CANCELLED, null, totals(a, left, started));
                LOG.infof("run %s %s", a.claim.id(), why == Stop.CANCEL ? "cancelled" : "ended: its export was deleted");
            }
        }
    }

    void failed(RunAttempt a, Exception error, BucketStorage bucket, String manifestKey, Instant started) throws Exception {
        Failure failure = error instanceof RunFiles.KeyTaken taken
                ? new Failure(true, "KEY_TAKEN", taken.getMessage(), "Change the export's fileName, then start a run.")
                : Failure.of(error, RunHints.INSTANCE);
        int attempts = a.run.attempts();
        if (!failure.needsUser() && attempts < config.maxAttempts()) {
            Duration retryIn = Failure.backoff(attempts - 1, config.backoffBase(), config.backoffCap());
            store.retry(a.claim.id(), a.claim.token(), errorJson(attempts, failure, List.of()),
                    json.writeValueAsString(a.completed()), retryIn);
            LOG.warnf("run %s failed (attempt %d, retry in %d ms): %s", a.claim.id(), attempts, retryIn.toMillis(), failure.reason());
            return;
        }
        List<String> left = cleanup.remove(a, bucket, manifestKey);
        store.finish(a.claim.id(), a.claim.token(), ExportRun.Status.FAILED, errorJson(attempts, failure, left), totals(a, left, started));
        LOG.warnf("run %s FAILED after %d attempts: %s (%s)", a.claim.id(), attempts, failure.errorCode(), failure.reason());
    }

    /** What a run that did not succeed got through before it stopped, and the files it had to leave behind. */
    private RunStore.Totals totals(RunAttempt a, List<String> left, Instant started) throws JsonProcessingException {
        RunFiles files = a.files;
        long rows = files == null ? 0 : files.rows();
        List<Map<String, String>> leftBehind = left.stream().map(key -> Map.of("key", key)).toList();
        return new RunStore.Totals(rows, 0, 0, Duration.between(started, Instant.now()).toMillis(), json.writeValueAsString(leftBehind));
    }

    private String errorJson(int attempt, Failure failure, List<String> left) throws JsonProcessingException {
        return json.writeValueAsString(new RunView.RunError(Instant.now(), attempt, failure.errorCode(), failure.reason(), failure.hint(),
                left.isEmpty() ? null : left));
    }
}
