-- The batch after the pending one, read and written while the pending one's files complete: (pending_end_seq,
-- next_end_seq]. Recorded before any of it is written, so a replica taking the stream over writes the very same
-- batches; it becomes the pending batch when the pending one commits.
ALTER TABLE stream_delivery ADD COLUMN next_end_seq bigint;
