package io.s3flow.credential.platform;

import io.smallrye.config.ConfigMapping;

/** s3flow's own AWS identity: the role customers allow-list in their bucket policies and trust policies. */
@ConfigMapping(prefix = "s3flow.platform")
public interface PlatformConfig {

    /** ARN of the platform role, {@code arn:aws:iam::<account>:role/<name>}. */
    String roleArn();
}
