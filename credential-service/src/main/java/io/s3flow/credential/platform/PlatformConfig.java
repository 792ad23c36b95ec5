package io.s3flow.credential.platform;

import io.smallrye.config.ConfigMapping;
import java.util.Locale;

/** s3flow's own AWS identity: the role customers allow-list in their bucket policies and trust policies. */
@ConfigMapping(prefix = "s3flow.platform")
public interface PlatformConfig {

    /** ARN of the platform role, {@code arn:aws:iam::<account>:role/<name>}. */
    String roleArn();

    /**
     * Whether {@code roleArn} names the platform role, however spelled: IAM role names are unique regardless of case,
     * and a path does not make another role of the same name.
     */
    default boolean isPlatformRole(String roleArn) {
        return identity(roleArn).equals(identity(roleArn()));
    }

    /** {@code partition:account:name} in lower case, for {@code arn:partition:iam::account:role/path/name}. */
    private static String identity(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return arn.toLowerCase(Locale.ROOT);
        }
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return (parts[1] + ":" + parts[4] + ":" + name).toLowerCase(Locale.ROOT);
    }
}
