package io.s3flow.export;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.test.junit.QuarkusMock;
import io.s3flow.common.aws.AwsConfig;
import io.s3flow.common.aws.ServiceUrlConfig;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.storage.StorageConfig;
import io.s3flow.export.storage.StorageFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The S3 clients of this test's export-service, behind a proxy that is told of every call first and may fail it (by
 * throwing, as the client would): for tests of what delivery and runs do when S3 breaks at a chosen moment.
 */
public final class S3Faults {

    /** Told of each S3 call: the operation, the object's key ("" if none), the part number (0 if none). */
    public interface Hook {
        /** Before the call goes; throwing fails it before S3 sees it. */
        void before(String call, String key, int part);

        /** After S3 did it; throwing loses its answer (S3 did it, the client sees a failure). */
        default void after(String call, String key, int part) {
        }

        /** A client is made: a bucket is being opened for a batch or a run, before anything of it is written. */
        default void opened() {
        }
    }

    private S3Faults() {
    }

    /** For the current test only (QuarkusMock); the factory is made with the application's own settings. */
    public static void install(Hook hook) {
        ArcContainer beans = Arc.container();
        StorageFactory factory = new StorageFactory(beans.select(AwsConfig.class).get(), beans.select(StorageConfig.class).get(),
                beans.select(ServiceUrlConfig.class).get()) {
            @Override
            protected S3Client client(Access access, Consumer<String> onRegionMoved) {
                S3Client real = super.client(access, onRegionMoved);
                hook.opened();
                return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                return method.invoke(real, args);
                            }
                            Object request = args == null || args.length == 0 ? null : args[0];
                            String key = keyOf(request);
                            int part = partOf(request);
                            hook.before(method.getName(), key, part);
                            Object answer;
                            try {
                                answer = method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            hook.after(method.getName(), key, part);
                            return answer;
                        });
            }
        };
        QuarkusMock.installMockForType(factory, StorageFactory.class);
    }

    private static String keyOf(Object request) {
        if (request instanceof CreateMultipartUploadRequest create) {
            return create.key();
        }
        if (request instanceof PutObjectRequest put) {
            return put.key();
        }
        UploadPartRequest part = uploadPart(request);
        if (part != null) {
            return part.key();
        }
        CompleteMultipartUploadRequest.Builder complete = built(request, CompleteMultipartUploadRequest.builder());
        return complete == null ? "" : complete.build().key();
    }

    private static int partOf(Object request) {
        UploadPartRequest part = uploadPart(request);
        return part == null ? 0 : part.partNumber();
    }

    /** Storage sends parts with a request builder consumer: built here to see what it asks for. */
    private static UploadPartRequest uploadPart(Object request) {
        UploadPartRequest.Builder builder = built(request, UploadPartRequest.builder());
        return builder == null ? null : builder.build();
    }

    /** The builder after a request given as a builder consumer has filled it; null if the request is another kind. */
    @SuppressWarnings("unchecked")
    private static <B> B built(Object request, B builder) {
        if (!(request instanceof Consumer<?> consumer)) {
            return null;
        }
        try {
            ((Consumer<Object>) consumer).accept(builder);
        } catch (ClassCastException anotherKind) {
            return null;
        }
        return builder;
    }
}
