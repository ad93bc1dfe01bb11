#!/usr/bin/env bash
# A disposable PostgreSQL 15 cluster for tests and CI: trust auth on 127.0.0.1 only, a free port,
# data in DIR. `start DIR` prints the SQLAlchemy URL as its last line; `stop DIR` stops it.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
data="$dir/data"
log="$dir/postgres.log"

# initdb and postgres refuse to run as root, so the cluster belongs to an unprivileged user.
pg_user=postgres
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if [[ $(id -u) -eq 0 ]] && ! id "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
  fi
  if [[ $(id -u) -eq 0 ]]; then
    chown "$pg_user" "$dir"
    as_pg test -w "$dir" || { echo "user $pg_user cannot write to $dir (check parent dirs)" >&2; exit 1; }
  fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    as_pg initdb --pgdata="$data" --username=postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log"
    # Loopback TCP only; the socket lives in DIR so nothing under /var/run is needed.
    cat >"$data/pg_hba.conf" <<HBA
host all all 127.0.0.1/32 trust
local all all trust
HBA
  fi
  local port
  port=$(free_port)
  echo "$port" >"$dir/port"
  as_pg pg_ctl --pgdata="$data" --log="$log" --wait --timeout=60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c fsync=off" \
    start >/dev/null
  for _ in $(seq 1 60); do
    if as_pg pg_ctl --pgdata="$data" status >/dev/null 2>&1 \
      && python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" \
        2>/dev/null; then
      echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    sleep 0.5
  done
  echo "PostgreSQL did not become ready; see $log" >&2
  exit 1
}

stop() {
  [[ -f "$data/PG_VERSION" ]] || { echo "no cluster in $dir" >&2; exit 1; }
  as_pg pg_ctl --pgdata="$data" --mode=fast --wait stop >/dev/null
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
