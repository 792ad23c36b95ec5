-- The manifest a successful run wrote, after its files: {key, bytes, etag, writtenAt} as JSON (null without one).
ALTER TABLE export_run ADD COLUMN manifest text;
-- Every key an attempt of the run began to write, recorded before the upload starts: what a run that fails for good
-- or is cancelled removes (if the object still says it is the run's), even a file completed by an attempt that died
-- before it could record it.
ALTER TABLE export_run ADD COLUMN keys_started text[] NOT NULL DEFAULT '{}';
