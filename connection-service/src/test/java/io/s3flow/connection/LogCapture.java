package io.s3flow.connection;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Every log record written while it is open, from any thread, with the MDC it was written under. */
final class LogCapture extends Handler implements AutoCloseable {

    private final ConcurrentLinkedQueue<ExtLogRecord> records = new ConcurrentLinkedQueue<>();

    private LogCapture() {
    }

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            ext.copyMdc();
            records.add(ext);
        }
    }

    List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as one line: the message, its parameters and what was thrown. */
    List<String> lines() {
        return records.stream().map(r -> r.getMessage() + " " + Arrays.toString(r.getParameters())
                + (r.getThrown() == null ? "" : " " + r.getThrown())).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
