package io.s3flow.export.run;

import io.s3flow.export.sink.Failure;

/** A run does not resume: whatever the user must fix, the next run they start exports from the same mark. */
enum RunHints implements Failure.Hints {
    INSTANCE;

    private static final String FIX_THEN_START = "Fix the connection (PATCH /connections/{id}: working credentials, or s3:PutObject, "
            + "s3:DeleteObject and s3:AbortMultipartUpload on its folder), then start a run: it exports from the same mark.";

    @Override
    public String connectionRefused() {
        return FIX_THEN_START;
    }

    @Override
    public String destinationChanged() {
        return FIX_THEN_START;
    }

    @Override
    public String forbiddenAddress() {
        return FIX_THEN_START;
    }

    @Override
    public String s3(String code, String message) {
        return FIX_THEN_START;
    }
}
