package io.s3flow.export.stream;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.delivery.StreamHints;
import io.s3flow.export.sink.Buckets;
import io.s3flow.export.sink.Failure;
import io.s3flow.export.format.FileFormat;
import io.s3flow.export.format.RecordWriter;
import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.keys.ObjectKeys;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.common.aws.Encryption;
import io.s3flow.export.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Braze's "Send Test Events": one sample event per selected type, written at once into the stream's folder in the
 * stream's format, so a user sees files land (or learns why not) without waiting for real traffic. Test files never
 * touch the events table or the cursor.
 */
@ApplicationScoped
public class TestEvents {

    static final String DEFAULT_TYPE = "s3flow.test.Event";

    @Inject
    ConnectionClient connections;
    @Inject
    Buckets buckets;

    public List<StoredObject> send(Tenant tenant, Stream stream) {
        List<String> types = stream.eventTypes == null ? List.of(DEFAULT_TYPE) : List.of(stream.eventTypes);
        Access access = null;
        FileFormat format = new FileFormat(stream.format, stream.compression);
        Instant now = Instant.now();
        List<StoredObject> written = new ArrayList<>();
        try {
            Encryption encryption = Encryption.of(stream.sseAlgorithm, stream.sseKmsKeyId);
            access = connections.writeAccess(tenant, stream.connectionId, encryption);
            String prefix = stream.keyPrefix;
            try (BucketStorage bucket = buckets.open(tenant, stream.connectionId, access, encryption)) {
                for (String type : types) {
                    String key = ObjectKeys.testFileKey(prefix, stream.id, type, now, format.extension());
                    try (RecordWriter writer = format.open(bucket.open(key))) {
                        writer.write(new StoredEvent(0, "test-" + UUID.randomUUID(), type, now, "s3flow-test-user",
                                "{\"test\":true,\"stream\":\"" + stream.id + "\"}"));
                        written.add(writer.commit());
                    }
                }
            }
            return written;
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            Failure failure = Failure.of(e, new StreamHints(stream.bucket, stream.keyPrefix));
            throw new ProblemException(Problem.of(failure.needsUser() ? 422 : 502,
                    failure.needsUser() ? "Unprocessable Content" : "Bad Gateway",
                    failure.reason() + (failure.hint() == null ? "" : " " + failure.hint()), failure.errorCode()));
        }
    }
}
