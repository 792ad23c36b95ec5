-- The region of the connection's bucket, once discovered (HeadBucket's x-amz-bucket-region, GetBucketLocation, or a
-- redirect of S3 naming it), so that every S3 client of the connection signs for it from then on. Null until known,
-- and again after a PATCH changes the bucket, the serviceUrl or the region param. Not part of the etag's version: it is
-- what S3 says, not what the user edited.
ALTER TABLE connection ADD COLUMN region text;
