# Shared steps of the browser-test runners (run-e2e.sh, elgg/run.sh). Source it after
# scripts/lib.sh; do not run it.

# free_port [TAKEN...]: a free TCP port on 127.0.0.1 other than the TAKEN ones (the kernel may
# hand out a port it just gave, once that socket is closed: two servers would then collide).
free_port() {
  python3 - "$@" <<'PY'
import socket, sys
taken = set(sys.argv[1:])
while True:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = str(s.getsockname()[1])
    s.close()
    if port not in taken:
        print(port)
        break
PY
}

# wait_http URL: waits up to 15 s for URL to answer 2xx/3xx.
wait_http() {
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "$(basename "$0"): $1 did not answer" >&2
  return 1
}

# write_sidecar_ctl WORK SIDECAR_BIN PORT: WORK/sidecar-ctl.sh start|stop, through which a test
# stops and starts the sidecar itself (it reads its settings from the KLUSSEN_* environment);
# its log is WORK/sidecar.log, its pid WORK/sidecar.pid.
write_sidecar_ctl() {
  local work="$1" bin="$2" port="$3"
  cat >"$work/sidecar-ctl.sh" <<CTL
#!/usr/bin/env bash
# start | stop: the sidecar of this run
case "\$1" in
  start)
    "$bin" --config "$KLUSSEN_ROOT/config/sidecar.minimal.conf" serve >>"$work/sidecar.log" 2>&1 &
    echo \$! >"$work/sidecar.pid"
    for _ in \$(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && exit 0; sleep 0.1; done
    echo "sidecar did not become ready" >&2; exit 1 ;;
  stop)
    pid=\$(cat "$work/sidecar.pid"); kill "\$pid" 2>/dev/null || true
    for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -9 "\$pid" 2>/dev/null || true ;;
esac
CTL
  chmod +x "$work/sidecar-ctl.sh"
}
