"""Copies moto and the distributions it needs to serve S3, STS, IAM and KMS (its server's Flask, the S3 extras) from
this Python's site-packages into a folder: the site-packages of the moto image. Usage: closure.py DEST"""
import importlib.metadata as metadata
import shutil
import sys
from pathlib import Path

from packaging.requirements import Requirement

ROOTS = [("moto", ()), ("flask", ()), ("flask-cors", ()), ("pyyaml", ()), ("py-partiql-parser", ())]


def closure():
    seen = {}

    def walk(name, extras):
        dist = metadata.distribution(name)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen and set(extras) <= seen[key][1]:
            return
        seen[key] = (dist, seen.get(key, (dist, set()))[1] | set(extras))
        for line in dist.requires or []:
            req = Requirement(line)
            wanted = [{"extra": e} for e in (extras or ("",))]
            if req.marker is None or any(req.marker.evaluate(env) for env in wanted):
                walk(req.name, tuple(req.extras))

    for name, extras in ROOTS:
        walk(name, extras)
    return [dist for dist, _ in seen.values()]


def main(dest):
    dest = Path(dest)
    for dist in closure():
        for file in dist.files or []:
            source = Path(dist.locate_file(file))
            if file.parts[0] == ".." or not source.is_file():
                continue  # console scripts live outside site-packages; the image runs python3 -m moto.server
            target = dest / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        print(f"{dist.metadata['Name']} {dist.version}")


if __name__ == "__main__":
    main(sys.argv[1])
