"""Counts event ids in s3flow's Avro files in a bucket: python3 avro_ids.py ENDPOINT BUCKET -> "files events unique".

A small reader of the Avro object container format (null and deflate codecs), enough for s3flow's event schema, so
the fault benchmark needs nothing beyond boto3."""
import io, json, sys, zlib
from collections import Counter
import boto3

def varint(b):
    shift = result = 0
    while True:
        byte = b.read(1)[0]
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1)

def string(b):
    return b.read(varint(b)).decode()

def records(data):
    b = io.BytesIO(data)
    assert b.read(4) == b"Obj\x01", "not an Avro file"
    meta = {}
    while (n := varint(b)) != 0:
        if n < 0:
            varint(b)
            n = -n
        for _ in range(n):
            key = string(b)
            meta[key] = b.read(varint(b))
    codec = meta.get("avro.codec", b"null").decode()
    sync = b.read(16)
    fields = [f["name"] for f in json.loads(meta["avro.schema"])["fields"]]
    assert fields[:6] == ["id", "type", "time", "userId", "properties", "sequence"], fields
    while b.tell() < len(data):
        count, size = varint(b), varint(b)
        block = b.read(size)
        if codec == "deflate":
            block = zlib.decompress(block, -15)
        r = io.BytesIO(block)
        for _ in range(count):
            record = {"id": string(r), "type": string(r), "time": varint(r)}
            record["userId"] = string(r) if varint(r) == 1 else None
            record["properties"] = string(r)
            record["sequence"] = varint(r)
            yield record
        assert b.read(16) == sync, "bad sync marker"

if __name__ == "__main__":
    s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench")
    ids, files = Counter(), 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=sys.argv[2]):
        for o in page.get("Contents", []):
            files += 1
            ids.update(r["id"] for r in records(s3.get_object(Bucket=sys.argv[2], Key=o["Key"])["Body"].read()))
    print(files, sum(ids.values()), len(ids))
