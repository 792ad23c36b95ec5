package io.s3flow.connection.check;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One permission, tried for real. {@code required = false} marks permissions s3flow works without but that the user
 * should know about (for example aborting multipart uploads, which otherwise only a lifecycle rule cleans up).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String permission, boolean ok, boolean required, String errorCode, String hint) {

    static CheckResult passed(String permission, boolean required) {
        return new CheckResult(permission, true, required, null, null);
    }
}
