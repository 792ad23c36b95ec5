package io.s3flow.export.sink;

import io.s3flow.common.aws.Encryption;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StorageFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * A connection's bucket opened for writing, as streams, their test events and export runs all open it: with the
 * credentials connection-service gave, encrypting as asked, and telling the connection when S3 redirects the writes to
 * the bucket's new region.
 */
@ApplicationScoped
public class Buckets {

    @Inject
    ConnectionClient connections;
    @Inject
    StorageFactory storage;

    public BucketStorage open(Tenant tenant, UUID connectionId, Access access, Encryption encryption) {
        return storage.open(access, encryption, connections.regionMoved(tenant, connectionId));
    }
}
