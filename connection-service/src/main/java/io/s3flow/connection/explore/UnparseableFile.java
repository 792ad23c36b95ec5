package io.s3flow.connection.explore;

import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemException;

/** A file that is not what its preview options say it is: 422, naming the line and the reason. */
public class UnparseableFile extends ProblemException {

    public UnparseableFile(long line, String reason) {
        super(Problem.of(422, "Unprocessable Content", "Line " + line + ": " + reason, "UNPARSEABLE_FILE"));
    }

    /** A file without lines (Parquet, Avro): the reason alone. */
    public UnparseableFile(String reason) {
        super(Problem.of(422, "Unprocessable Content", "The file cannot be previewed: " + reason + ".", "UNPARSEABLE_FILE"));
    }
}
