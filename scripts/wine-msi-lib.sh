# Sourced by wine-msi-check.sh and wine-msi-upgrade-check.sh: a private Wine
# prefix with one wineserver for the whole check, the check/report helpers,
# and the service's state and process. Set `me` (the name on every line)
# before sourcing; then call wine_msi_start PREFIX ... wine_msi_end.

fails=0
check() { # check <what> <command...>
    local what=$1; shift
    if "$@"; then echo "$me: ok   - $what"; else echo "$me: FAIL - $what"; fails=$((fails + 1)); fi
}

# A fresh prefix and a session that outlives each command (see
# ../shared/win-sysroot/selftest): create the prefix, let it end, then keep
# one wineserver for the whole check. Sets C to its drive C.
wine_msi_start() {
    export WINEPREFIX=$1 WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES=mscoree,mshtml=
    unset WINEPATH
    rm -rf "$WINEPREFIX"
    C=$WINEPREFIX/drive_c
    wine wineboot --init >/dev/null 2>&1
    wineserver -w
    wineserver -p 900
    wine cmd /c exit </dev/null >/dev/null 2>&1
}

# Ends the session, removes the prefix (KEEP_PREFIX=1 keeps it), reports and exits.
wine_msi_end() {
    wineserver -k
    [[ ${KEEP_PREFIX:-0} == 1 ]] || rm -rf "$WINEPREFIX"
    echo "$me: $fails failed check(s)"
    exit $((fails > 0))
}

state_of() { wine sc query guestkitd 2>&1 | tr -d '\r' | sed -n 's/^ *STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p'; }
wait_state() { local i; for i in $(seq 1 "${2:-30}"); do [[ $(state_of) == "$1" ]] && return 0; sleep 1; done; return 1; }

# The Linux pid of this prefix's guestkitd.exe, or nothing (Wine 8's
# tasklist is a stub that prints nothing). A Wine process's command line is
# its Windows one; its environment names its prefix.
svcpid() {
    local pid
    for pid in $(pgrep -f 'guestkitd\.exe' 2>/dev/null); do
        { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX" &&
            { echo "$pid"; return; }
    done
}
process_gone() { local i; for i in $(seq 1 60); do [[ -z $(svcpid) ]] && return 0; sleep 0.5; done; return 1; }

# Stops the service and waits for its process to end. Wine's msiexec cannot
# be trusted with it: its StopServices sends SERVICE_CONTROL_STOP and does
# not wait for STOPPED (ServiceControl's Wait is honoured only on start), and
# its RemoveFiles tries each delete once and drops a failure silently. A
# service process still exiting keeps guestkitd.exe and its DLLs mapped, so
# they would stay behind. Windows' msiexec waits; docs/windows.md says more.
stop_service() {
    wine sc stop guestkitd </dev/null >/dev/null 2>&1
    wait_state STOPPED && process_gone
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
