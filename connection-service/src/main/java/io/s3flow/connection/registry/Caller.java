package io.s3flow.connection.registry;

/** Who makes a change: the token's subject and client, recorded as createdBy / createdClient and so on. */
public record Caller(String subject, String client) {
}
