package io.s3flow.export.event;

/**
 * Each tenant's newest sequence (event_head, see V8__event_head.sql): what delivery's claim compares a stream's cursor
 * with. Advanced in the appending transaction, with its events, so it commits (or rolls back) with them.
 */
public final class EventHeads {

    /**
     * The upsert that advances a tenant's head (parameters: org, sandbox) to {@code lastSequence}, an SQL expression:
     * a parameter, or the sequence a statement around it draws.
     */
    public static String advanceTo(String lastSequence) {
        return "INSERT INTO event_head (org_id, sandbox_name, last_seq) VALUES (?, ?, " + lastSequence + ") "
                + "ON CONFLICT (org_id, sandbox_name) DO UPDATE SET last_seq = greatest(event_head.last_seq, excluded.last_seq)";
    }

    private EventHeads() {
    }
}
