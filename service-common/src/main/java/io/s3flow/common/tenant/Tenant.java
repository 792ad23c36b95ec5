package io.s3flow.common.tenant;

/** Who owns a row: an IMS org and one of its sandboxes. */
public record Tenant(String org, String sandbox) {
}
