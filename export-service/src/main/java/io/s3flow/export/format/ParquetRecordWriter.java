package io.s3flow.export.format;

import io.s3flow.export.event.StoredEvent;
import io.s3flow.export.storage.S3Upload;
import io.s3flow.export.storage.StoredObject;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file written into the upload through parquet-java's {@link OutputFile}, with no Hadoop filesystem: rows
 * are held in memory up to a row group, which then goes out as the upload's bytes (so a file of any size holds at
 * most one row group and the upload's parts); committing writes the footer and completes the upload.
 */
final class ParquetRecordWriter implements RecordWriter {

    /**
     * What bounds a Parquet file's memory while it is written: the rows of one row group, encoded and compressed
     * (parquet-java's default of 128 MiB would be half of a 256 MB heap for a single file).
     */
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    /** The codecs of a Parquet file's pages, as requests name them; the first is the default. */
    static final List<String> COMPRESSIONS = List.of("snappy", "zstd", "gzip", "none");

    private final S3Upload upload;
    private final UploadFile file;
    private final ParquetWriter<StoredEvent> writer;
    private boolean committed;

    ParquetRecordWriter(S3Upload upload, ParquetColumns columns, CompressionCodecName codec) throws IOException {
        this.upload = upload;
        this.file = new UploadFile(upload);
        this.writer = new Builder(file, columns).withConf(new PlainParquetConfiguration()).withCompressionCodec(codec)
                .withRowGroupSize(ROW_GROUP_BYTES).build();
    }

    static CompressionCodecName codec(String compression) {
        return switch (compression) {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "gzip" -> CompressionCodecName.GZIP;
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            default -> CompressionCodecName.SNAPPY;
        };
    }

    @Override
    public void write(StoredEvent event) throws IOException {
        writer.write(event);
    }

    @Override
    public StoredObject commit() throws IOException {
        writer.close();
        committed = true;
        return upload.complete();
    }

    /** Aborts the upload; an uncommitted writer is closed into nothing, which releases its compressors. */
    @Override
    public void close() {
        if (!committed) {
            file.discard();
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // the file is abandoned: its footer goes nowhere, and the failure that got here matters more
            }
        }
        upload.close();
    }

    private static final class Builder extends ParquetWriter.Builder<StoredEvent, Builder> {

        private final ParquetColumns columns;

        Builder(OutputFile file, ParquetColumns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<StoredEvent> getWriteSupport(Configuration conf) {
            return columns;
        }

        @Override
        protected WriteSupport<StoredEvent> getWriteSupport(ParquetConfiguration conf) {
            return columns;
        }
    }

    /** The upload as parquet-java's output file; closing it leaves the upload to {@link #commit()} or {@link #close()}. */
    private static final class UploadFile implements OutputFile {

        private final S3Upload upload;
        private boolean discard;

        UploadFile(S3Upload upload) {
            this.upload = upload;
        }

        void discard() {
            discard = true;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return upload.bytesWritten();
                }

                @Override
                public void write(int b) {
                    if (!discard) {
                        upload.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    if (!discard) {
                        upload.write(bytes, offset, length);
                    }
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "s3-upload";
        }
    }
}
