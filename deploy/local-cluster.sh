#!/usr/bin/env bash
# A Sweep cluster on this machine: redis-server (membership and grain state), a results store, and
# N silo processes on loopback.
#
#   deploy/local-cluster.sh start [N]   start Redis and N silos (default 3), wait until all have joined
#   deploy/local-cluster.sh stop        stop the silos (SIGTERM, then SIGKILL after 30 s) and Redis
#   deploy/local-cluster.sh kill [I]    SIGKILL silo I (default: every silo), as a crash would; Redis
#                                       stays, and `start N` then starts silos on the same state
#   deploy/local-cluster.sh store-stop  stop the PostgreSQL results store only (SWEEP_RESULTS=postgres), as an
#                                       outage would; the silos keep running and wait to store results
#   deploy/local-cluster.sh store-start start it again on its data
#   deploy/local-cluster.sh redis-stop  stop Redis only (membership and grain state), as an outage would; it keeps
#                                       its data (append-only file) and the silos keep running
#   deploy/local-cluster.sh redis-start start it again on its data
#   deploy/local-cluster.sh status      the silos Redis lists as active
#   deploy/local-cluster.sh clean       stop, then delete the state folder (Redis's data included)
#
# Settings (environment): SWEEP_CLUSTER_DIR (state, logs and pid files; default .local-cluster),
# SWEEP_REDIS_PORT (6379), SWEEP_SILO_PORT and SWEEP_GATEWAY_PORT (first ports; 11111, 30000),
# SWEEP_MAX_TRIALS (trials per silo at once; 1), SWEEP_CLUSTER_ID (sweep), SWEEP_SILO_DLL (a built
# Sweep.Silo.dll; default: build src/Silo in Release), SWEEP_DASHBOARD_PORT (the first silo serves the
# Orleans Dashboard on 127.0.0.1 at this port; unset: no dashboard), SWEEP_WEB_PORT (the first silo serves
# Sweep's web UI, the pages of sweep serve, on 127.0.0.1 at this port; unset: none), SWEEP_RESULTS (where the silos keep
# results: sqlite, one file in the state folder that every silo shares, or postgres, a PostgreSQL server
# (Debian's postgresql) started in the state folder; default sqlite), SWEEP_POSTGRES_PORT (5432),
# SWEEP_POSTGRES_NETNS and SWEEP_POSTGRES_HOST (run PostgreSQL in that Linux network namespace, made by the
# caller, listening on that address of it, so that a test can cut the store's link; default: this
# namespace, 127.0.0.1), SWEEP_HOST_ADDRESS (an address of this machine's end of a link to another network
# namespace, besides 127.0.0.1, on which Redis and PostgreSQL also listen, without passwords, and that the
# silos advertise, so that a silo in that namespace reaches them; for tests on one machine only, never a
# LAN address; default 127.0.0.1), SWEEP_SILO_NETNS (I:NAMESPACE:ADDRESS: silo I runs in that network
# namespace, made by the caller, advertising that address of it; a test cuts its link to partition it),
# SWEEP_SILO_REDIS_PORT and SWEEP_SILO_POSTGRES_PORT (the ports the silos connect to for Redis and
# PostgreSQL, where a test's relay forwards to the real ones, slower; default: the real ones),
# SWEEP_SILO_LISTEN_PORT (the first port the silos listen on for each other, while they advertise
# SWEEP_SILO_PORT + i, where a test's relay forwards to them, slower; default: the advertised ones).
# Redis and PostgreSQL keep their data in the state folder, so a stopped cluster started again resumes
# where it was.
# Clients reach the cluster with: sweep ... --cluster 127.0.0.1:$SWEEP_REDIS_PORT
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SWEEP_CLUSTER_DIR:-$root/.local-cluster}
redis_port=${SWEEP_REDIS_PORT:-6379}
silo_port=${SWEEP_SILO_PORT:-11111}
gateway_port=${SWEEP_GATEWAY_PORT:-30000}
max_trials=${SWEEP_MAX_TRIALS:-1}
cluster_id=${SWEEP_CLUSTER_ID:-sweep}
dashboard_port=${SWEEP_DASHBOARD_PORT:-0}
web_port=${SWEEP_WEB_PORT:-0}
results=${SWEEP_RESULTS:-sqlite}
postgres_port=${SWEEP_POSTGRES_PORT:-5432}
silo_redis_port=${SWEEP_SILO_REDIS_PORT:-$redis_port}
silo_postgres_port=${SWEEP_SILO_POSTGRES_PORT:-$postgres_port}
silo_listen_port=${SWEEP_SILO_LISTEN_PORT:-$silo_port}
postgres_netns=${SWEEP_POSTGRES_NETNS:-}
host_address=${SWEEP_HOST_ADDRESS:-127.0.0.1}
postgres_host=${SWEEP_POSTGRES_HOST:-$host_address}
silo_netns=${SWEEP_SILO_NETNS:-}
members="$cluster_id/members/$cluster_id"

fail() { echo "local-cluster: $*" >&2; exit 1; }

active() {
  redis-cli -p "$redis_port" hvals "$members" 2>/dev/null | grep -c '"Status":3' || true
}

# Whether something listens on port $1 of address $2 (default 127.0.0.1).
listening() {
  (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null
}

# PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
# In SWEEP_POSTGRES_NETNS, where one is named.
as_postgres() {
  local in_ns=()
  [[ -n $postgres_netns ]] && in_ns=(ip netns exec "$postgres_netns")
  if [[ $(id -u) == 0 ]]; then "${in_ns[@]}" runuser -u postgres -- "$@"; else "${in_ns[@]}" "$@"; fi
}

postgres_bin() {
  local bins=(/usr/lib/postgresql/*/bin/pg_ctl)
  [[ -x ${bins[-1]} ]] || fail "PostgreSQL is not installed (apt-get install postgresql), needed by SWEEP_RESULTS=postgres"
  dirname "$(printf '%s\n' "${bins[@]}" | sort -V | tail -1)"
}

# Starts PostgreSQL on its data in the state folder (creating it the first time) and prints the silos' connection string.
start_postgres() {
  local bin data=$dir/postgres
  bin=$(postgres_bin)
  if [[ ! -e $data/PG_VERSION ]]; then
    mkdir -p "$data"
    [[ $(id -u) == 0 ]] && chown postgres: "$data"
    as_postgres "$bin/initdb" -D "$data" -U sweep -A trust -E UTF8 --no-sync >"$dir/postgres-init.log" 2>&1 \
      || fail "initdb failed; see $dir/postgres-init.log"
    # Listening on a link to another network namespace, it takes the silos that connect from that link's subnet.
    if [[ -n $postgres_netns || $postgres_host != 127.0.0.1 ]]; then
      echo "host all all samenet trust" >>"$data/pg_hba.conf"
    fi
  fi
  local listen=$postgres_host
  [[ -z $postgres_netns && $postgres_host != 127.0.0.1 ]] && listen="127.0.0.1,$postgres_host"
  if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $postgres_port -k $data -c listen_addresses=$listen" start >/dev/null \
      || fail "PostgreSQL did not start on port $postgres_port; see $data/server.log"
  fi
  if ! as_postgres "$bin/psql" -h "$postgres_host" -p "$postgres_port" -U sweep -d postgres -Atc "select 1 from pg_database where datname = 'sweep'" | grep -q 1; then
    as_postgres "$bin/createdb" -h "$postgres_host" -p "$postgres_port" -U sweep sweep || fail "could not create the database sweep on port $postgres_port"
  fi
}

stop_postgres() {
  [[ -e $dir/postgres/PG_VERSION ]] || return 0
  local bin
  bin=$(postgres_bin)
  as_postgres "$bin/pg_ctl" -D "$dir/postgres" -m fast -w stop >/dev/null 2>&1 || true
}

start_redis() {
  # Redis without a password takes connections from loopback only unless protected mode is off: off where it also
  # listens on SWEEP_HOST_ADDRESS, an address of this machine's own network namespaces.
  local binds=(127.0.0.1) protected=yes
  [[ $host_address != 127.0.0.1 ]] && binds+=("$host_address") && protected=no
  redis-server --port "$redis_port" --bind "${binds[@]}" --protected-mode "$protected" --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    --appendonly yes --save "" >/dev/null
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 || fail "redis-server did not start on port $redis_port; see $dir/redis.log"
}

stop_redis() {
  if [[ -e $dir/redis.pid ]]; then
    local pid
    pid=$(cat "$dir/redis.pid")
    redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/redis.pid"
  fi
}

start() {
  local count=${1:-3}
  [[ $count =~ ^[1-9][0-9]*$ ]] || fail "N must be a positive number, got '$count'"
  command -v redis-server >/dev/null || fail "redis-server is not installed (apt-get install redis-server)"
  for file in "$dir"/silo*.pid; do
    [[ -e $file ]] || continue
    kill -0 "$(cat "$file")" 2>/dev/null && fail "a cluster already runs from $dir; stop it first"
    rm -f "$file"
  done
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)

  if [[ -e $dir/redis.pid ]] && redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    echo "local-cluster: Redis already runs on port $redis_port; starting silos on its state"
  else
    start_redis
  fi
  # Membership rows of silos that are gone (stopped or killed) would only slow the new ones down.
  redis-cli -p "$redis_port" del "$members" >/dev/null

  local results_settings
  case $results in
    sqlite) results_settings=(--Sweep:Silo:Results sqlite --Sweep:Silo:DatabasePath "$dir/results.db") ;;
    postgres)
      start_postgres
      results_settings=(--Sweep:Silo:Results postgres --Sweep:Silo:Postgres "Host=$postgres_host;Port=$silo_postgres_port;Username=sweep;Database=sweep")
      ;;
    *) fail "SWEEP_RESULTS must be sqlite or postgres, got '$results'" ;;
  esac

  local dll=${SWEEP_SILO_DLL:-}
  if [[ -z $dll ]]; then
    dotnet build "$root/src/Silo" -c Release -v quiet -nologo >"$dir/build.log" 2>&1 || fail "building the silo failed; see $dir/build.log"
    dll="$root/src/Silo/bin/Release/net10.0/Sweep.Silo.dll"
  fi

  local first_address=$host_address
  for ((i = 0; i < count; i++)); do
    local dashboard=0
    ((i == 0)) && dashboard=$dashboard_port
    local web=0
    ((i == 0)) && web=$web_port
    # A restarted silo appends to its predecessor's log, so what happened before a kill stays readable.
    echo "local-cluster: starting silo $i at $(date -u +%FT%T.%3NZ)" >>"$dir/silo$i.log"
    local in_ns=() address=$host_address
    if [[ -n $silo_netns && ${silo_netns%%:*} == "$i" ]]; then
      local rest=${silo_netns#*:}
      in_ns=(ip netns exec "${rest%%:*}")
      address=${rest#*:}
    fi
    # Silo 0 serves the dashboard and the web UI on the address it advertises.
    ((i == 0)) && first_address=$address
    nohup "${in_ns[@]}" dotnet "$dll" \
      --Sweep:Silo:Clustering redis --Sweep:Silo:Storage redis --Sweep:Silo:Redis "$host_address:$silo_redis_port" \
      --Sweep:Silo:AdvertisedAddress "$address" \
      "${results_settings[@]}" \
      --Sweep:Silo:ClusterId "$cluster_id" --Sweep:Silo:ServiceId "$cluster_id" \
      --Sweep:Silo:SiloPort $((silo_port + i)) --Sweep:Silo:SiloListeningPort $((silo_listen_port + i)) \
      --Sweep:Silo:GatewayPort $((gateway_port + i)) \
      --Sweep:Execution:MaxConcurrentTrials "$max_trials" --Sweep:Silo:DashboardPort "$dashboard" \
      --Sweep:Silo:WebPort "$web" \
      >>"$dir/silo$i.log" 2>&1 &
    echo $! >"$dir/silo$i.pid"
  done

  for _ in $(seq 240); do
    # The dashboard's web server starts after its silo has joined.
    if [[ $(active) -ge $count ]] && { ((dashboard_port == 0)) || listening "$dashboard_port" "$first_address"; } && { ((web_port == 0)) || listening "$web_port" "$first_address"; }; then
      echo "local-cluster: $count silos joined; clients: --cluster 127.0.0.1:$redis_port --cluster-id $cluster_id"
      ((dashboard_port == 0)) || echo "local-cluster: Orleans Dashboard at http://$first_address:$dashboard_port/"
      ((web_port == 0)) || echo "local-cluster: Sweep's web UI at http://$first_address:$web_port/"
      return 0
    fi
    for ((i = 0; i < count; i++)); do
      kill -0 "$(cat "$dir/silo$i.pid")" 2>/dev/null || { stop; fail "silo $i exited; the end of its log: $(tail -40 "$dir/silo$i.log" 2>/dev/null)"; }
    done
    sleep 0.5
  done
  stop
  fail "only $(active) of $count silos joined (dashboard port $dashboard_port, web port $web_port) within 120 s; logs in $dir"
}

stop() {
  local pids=()
  for file in "$dir"/silo*.pid; do
    [[ -e $file ]] || continue
    pids+=("$(cat "$file")")
    kill -TERM "$(cat "$file")" 2>/dev/null || true
    rm -f "$file"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  stop_redis
  stop_postgres
}

kill_silos() {
  local which=${1:-}
  [[ -z $which || $which =~ ^[0-9]+$ ]] || fail "I must be a silo number, got '$which'"
  local killed=0
  for file in "$dir"/silo*.pid; do
    [[ -e $file ]] || continue
    [[ -z $which || $file == "$dir/silo$which.pid" ]] || continue
    kill -KILL "$(cat "$file")" 2>/dev/null && killed=$((killed + 1))
    rm -f "$file"
  done
  echo "local-cluster: killed $killed silo(s); Redis and the results store still run"
}

store_running() {
  [[ -e $dir/postgres/PG_VERSION ]] || fail "the cluster in $dir has no PostgreSQL results store (SWEEP_RESULTS=postgres)"
}

case ${1:-} in
  start) start "${2:-3}" ;;
  kill) kill_silos "${2:-}" ;;
  store-stop) store_running; stop_postgres; echo "local-cluster: the results store is stopped" ;;
  store-start) store_running; start_postgres; echo "local-cluster: the results store runs" ;;
  redis-stop) [[ -e $dir/redis.pid ]] || fail "no Redis of a cluster runs from $dir"; stop_redis; echo "local-cluster: Redis is stopped" ;;
  redis-start)
    [[ -d $dir ]] || fail "no cluster in $dir"
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && fail "a Redis already answers on port $redis_port"
    dir=$(cd "$dir" && pwd); start_redis; echo "local-cluster: Redis runs" ;;
  stop) stop; echo "local-cluster: stopped" ;;
  status) echo "local-cluster: $(active) silos active in Redis on port $redis_port" ;;
  clean) stop; rm -rf "$dir"; echo "local-cluster: removed $dir" ;;
  *) fail "usage: $0 start [N] | stop | kill [I] | store-stop | store-start | redis-stop | redis-start | status | clean" ;;
esac
