-- A stream whose batch is not due yet (fewer events than maxEvents, the oldest younger than maxSeconds) is given back
-- until that batch comes due (next_attempt_at = its oldest wanted event's ingestion + maxSeconds), not looked at again
-- every second. Two things can make it due sooner, and each reaches it:
-- * more events, which may fill the batch: once the tenant's head passes wake_seq (the head the worker had seen), but
--   no sooner than wake_after (the release + the recheck interval), so a steady trickle leases it at most once per
--   recheck, never once per ingestion commit. Both are cleared by every claim; null: no wake.
-- * new settings (a PATCH): the PATCH makes the stream due now and records the stream's version here; a worker that
--   read older settings gives the stream back for a recheck instead of until a due time those settings computed.
ALTER TABLE stream_delivery
    ADD COLUMN wake_seq         bigint,
    ADD COLUMN wake_after       timestamptz,
    ADD COLUMN settings_version bigint NOT NULL DEFAULT 0;

UPDATE stream_delivery d SET settings_version = s.version FROM stream s WHERE s.id = d.stream_id;
