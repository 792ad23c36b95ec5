# Shared by the export benchmarks: the stack, a token, connections and streams through the gateway, S3 servers.
# Sourced, not run. Expects ROOT to be set.
GW=http://127.0.0.1:8080
MOTO=http://127.0.0.1:5000
S3PROXY=http://127.0.0.1:5100
mkdir -p "$ROOT/bench/results"
command -v hey >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq hey >/dev/null; }

BENCH_ORG=bench-org
BENCH_SANDBOX="bench$(date +%s)"   # a sandbox per run: its streams see only this run's events
TOKEN=$("$ROOT/suite" token --org "$BENCH_ORG" --ttl 7200)
H=(-H "Authorization: Bearer $TOKEN" -H "x-gw-ims-org-id: $BENCH_ORG" -H "x-sandbox-name: $BENCH_SANDBOX")

json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[k]
print(d)' "$1"; }

s3() { # endpoint, python statements using `s3` -> runs them with a boto3 client on that endpoint
  python3 -c "import boto3, sys, os, time
s3 = boto3.client('s3', endpoint_url='$1', region_name='us-east-1', aws_access_key_id='bench', aws_secret_access_key='bench')
$2"
}

post_json() { # url body -> the answer's body; an HTTP error fails, its status and problem on stderr (curl -f kept none)
  local out code
  out=$(curl -sS -w '\n%{http_code}' "${H[@]}" -H 'Content-Type: application/json' "$1" -d "$2") || return 1
  code=${out##*$'\n'}; out=${out%$'\n'*}
  [ "${code:0:1}" = 2 ] || { echo "POST $1: HTTP $code $out" >&2; return 1; }
  printf '%s' "$out"
}

wait_gateway_ready() { # url seconds: until a GET of url through the gateway answers 200 (a restarted service is reached)
  local deadline=$(( $(date +%s) + $2 )) code
  while code=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$1"); [ "$code" != 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "GET $1 through the gateway: HTTP $code after $2 s" >&2; return 1; }
    sleep 0.5
  done
}

create_connection() { # endpoint bucket -> connection id (a new Access Key connection to the bucket)
  post_json "$GW/connections" '{"name": "bench", "auth": {"specName": "Access Key",
    "params": {"s3AccessKey": "AKIAIOSFODNN7EXAMPLE", "s3SecretKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "serviceUrl": "'"$1"'", "bucketName": "'"$2"'"}}, "connectionSpec": {"id": "ecadc60c-7455-4d87-84dc-2a0e293d997b"}}' | json_get id
}

create_stream() { # endpoint bucket folder compression -> stream id (a new Access Key connection to the bucket)
  local connection
  connection=$(create_connection "$1" "$2")
  curl -sf "${H[@]}" -H 'Content-Type: application/json' "$GW/streams" -d '{"name": "bench '"$3"'", "connectionId": "'"$connection"'",
    "folderPath": "'"$3"'", "compression": "'"$4"'", "flush": {"maxSeconds": '"${5:-60}"'}}' | json_get id
}

delivered() { # 0 while export-service cannot answer (a benchmark may be restarting it)
  curl -sf "${H[@]}" "$GW/streams/$1" | json_get status.deliveredEvents 2>/dev/null || echo 0
}

wait_delivered() { # stream-id count timeout-seconds
  local deadline=$(( $(date +%s) + $3 ))
  while [ "$(delivered "$1")" -lt "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "stream $1: not delivered in $3 s" >&2; return 1; }
    sleep 0.2
  done
}

event_request() { # file: one request of 1,000 events of ~1 KB
  python3 - "$1" <<'PY'
import json, sys, random, string
random.seed(11)
types = ["users.messages.email.Send", "users.messages.email.Open", "users.behaviors.Purchase"]
pad = lambda n: "".join(random.choices(string.ascii_letters + string.digits, k=n))
json.dump([{"type": types[i % 3], "userId": "user-%d" % i, "properties": {"campaign": "bench", "payload": pad(900)}}
           for i in range(1000)], open(sys.argv[1], "w"))
PY
}

start_s3proxy() { # dir -> S3Proxy (filesystem backend, no auth) on 5100, pid in dir/s3proxy.pid
  local jar="$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar"
  [ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -Dtransitive=false >/dev/null
  mkdir -p "$1/data"
  printf 's3proxy.endpoint=%s\ns3proxy.authorization=none\njclouds.provider=filesystem\njclouds.filesystem.basedir=%s\n' \
    "$S3PROXY" "$1/data" >"$1/s3proxy.conf"
  java -Xmx512m -jar "$jar" --properties "$1/s3proxy.conf" >"$1/s3proxy.log" 2>&1 &
  echo $! >"$1/s3proxy.pid"
  local i; for i in $(seq 1 60); do curl -s -o /dev/null "$S3PROXY/" && return 0; sleep 0.5; done
  echo "S3Proxy did not start: $(tail -5 "$1/s3proxy.log")" >&2; return 1
}
