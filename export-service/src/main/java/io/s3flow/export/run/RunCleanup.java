package io.s3flow.export.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.export.sink.Destination;
import io.s3flow.export.storage.BucketStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes what a run that failed for good or was cancelled wrote: every file any of its attempts began (each key is
 * recorded before its upload starts) and its manifest, so the next run, starting from the same mark, exports those
 * events once; what it could not remove (S3 out of reach) the export's next run removes before it writes. Only objects
 * whose {@code s3flow-run} metadata still names the run are removed.
 */
@ApplicationScoped
class RunCleanup {

    private static final Logger LOG = Logger.getLogger(RunCleanup.class);
    private static final TypeReference<List<Map<String, String>>> LEFT_FILES = new TypeReference<>() {
    };

    @Inject
    RunStore store;
    @Inject
    ObjectMapper json;

    /**
     * Removes the files earlier runs of the export failed or were cancelled with but could not remove (S3 was out of
     * reach): their events go out again with this run, so they would otherwise be in the bucket twice. Only objects
     * that still hold that run's file (by their {@code s3flow-run} metadata) are removed; best effort, the rest stays
     * listed for the next run.
     */
    void removeLeftBehind(RunWork run, Destination destination, BucketStorage bucket) {
        try {
            for (RunStore.LeftBehind earlier : store.leftBehind(run.exportId())) {
                Destination where = json.readValue(earlier.destination(), Destination.class);
                if (!where.bucket().equals(destination.bucket())) {
                    continue; // written elsewhere: not this access's to touch
                }
                List<Map<String, String>> remaining = new ArrayList<>();
                for (Map<String, String> file : json.readValue(earlier.files(), LEFT_FILES)) {
                    String key = file.get("key");
                    boolean theirs = bucket.metadata(key).map(m -> earlier.runId().toString().equals(m.get(RunFiles.RUN_METADATA)))
                            .orElse(false);
                    if (theirs && !bucket.delete(List.of(key)).isEmpty()) {
                        remaining.add(file);
                    }
                }
                store.stillLeftBehind(earlier.runId(), json.writeValueAsString(remaining));
                LOG.infof("run %s removed the files run %s had left behind (%d still there)", run.runId(), earlier.runId(), remaining.size());
            }
        } catch (Exception e) {
            LOG.warnf("run %s: files earlier runs left behind not removed yet: %s", run.runId(), e.getMessage());
        }
    }

    /**
     * Removes every file any attempt of the run began (those it completed, and those an attempt that died may have
     * completed unrecorded) and its manifest, where the object still says it is this run's; returns the keys left
     * behind (all of them when the bucket could not be reached, for the run's status to show).
     */
    List<String> remove(RunAttempt a, BucketStorage bucket, String manifestKey) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        a.completed().forEach(f -> keys.add(f.key()));
        store.load(a.claim.id()).ifPresent(run -> keys.addAll(run.keysStarted()));
        if (bucket == null) {
            return List.copyOf(keys);
        }
        if (manifestKey != null) {
            keys.add(manifestKey);
        }
        String runId = a.claim.id().toString();
        List<String> left = new ArrayList<>();
        for (String key : keys) {
            try {
                boolean ours = bucket.metadata(key).map(m -> runId.equals(m.get(RunFiles.RUN_METADATA))).orElse(false);
                if (ours && !bucket.delete(List.of(key)).isEmpty()) {
                    left.add(key);
                }
            } catch (RuntimeException unreachable) {
                left.add(key);
            }
        }
        if (!left.isEmpty()) {
            LOG.warnf("run %s: could not remove %s", a.claim.id(), left);
        }
        return left;
    }
}
