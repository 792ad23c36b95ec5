package io.s3flow.credential.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The platform role is recognised however a Role ARN spells it, and no other role is taken for it. */
class PlatformRoleTest {

    private final PlatformConfig platform = () -> "arn:aws:iam::123456789012:role/s3flow-platform";

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/s3flow-platform", "arn:aws:iam::123456789012:role/S3flow-Platform",
            "arn:aws:iam::123456789012:role/some/path/s3flow-platform", "ARN:AWS:IAM::123456789012:ROLE/S3FLOW-PLATFORM"})
    void thePlatformRoleInAnySpelling(String roleArn) {
        assertTrue(platform.isPlatformRole(roleArn), roleArn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::210987654321:role/s3flow-platform", "arn:aws:iam::123456789012:role/customer-s3flow-platform",
            "arn:aws:iam::123456789012:role/s3flow-platform-2", "arn:aws:iam::123456789012:role/s3flow-platform/other"})
    void otherRoles(String roleArn) {
        assertFalse(platform.isPlatformRole(roleArn), roleArn);
    }
}
