package io.s3flow.export.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Object keys of a stream's files, as Braze Currents lays them out. A key is a pure function of the stream, the
 * group (type and hour) and the group's first sequence number, so a batch written again after a crash overwrites
 * exactly the objects it wrote before.
 */
public final class ObjectKeys {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    /** {@code keyPrefix} is the connection's folder and the stream's folder path, ending in '/'. */
    public static String fileKey(String keyPrefix, UUID streamId, FileGroup group, long firstSequence, String extension) {
        return folder(keyPrefix, streamId, group) + streamId + "+" + String.format("%020d", firstSequence) + extension;
    }

    /** Test events go beside the real files, named so they never collide with a delivered batch. */
    public static String testFileKey(String keyPrefix, UUID streamId, String type, Instant now, String extension) {
        return folder(keyPrefix, streamId, FileGroup.of(type, now)) + streamId + "+test-" + now.toEpochMilli() + extension;
    }

    /** The stream's folder inside the connection's folder: {@code connectionPrefix + folderPath + "/"}. */
    public static String streamPrefix(String connectionPrefix, String folderPath) {
        return connectionPrefix + folderPath + "/";
    }

    private static String folder(String keyPrefix, UUID streamId, FileGroup group) {
        return keyPrefix + "dataexport.s3flow.S3.integration." + streamId + "/event_type=" + group.type()
                + "/date=" + HOUR.format(group.hour()) + "/";
    }
}
