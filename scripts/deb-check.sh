#!/usr/bin/env bash
# Builds the .deb packages, checks them with lintian and systemd-analyze, and
# installs, runs, upgrades, removes and purges them on this machine
# (docs/packaging.md). Run as root on Debian 12; systemd need not be running
# (the maintainer scripts must cope). Prints one ok/FAIL line per check and
# exits 1 when any failed. The machine is left without the packages, the
# test user and the drop-in, even when a check fails or the script is stopped.
#   scripts/deb-check.sh [--debs DIR]   DIR: take guestkit_*.deb from there
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
debs=
if [[ "${1:-}" == "--debs" ]]; then
    debs=$(cd "$2" && pwd)
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "deb-check: run as root (it installs packages and creates a user)" >&2
    exit 2
fi

# One run at a time: two would install and purge the same packages.
exec 9>/run/guestkit-deb-check.lock
if ! flock -n 9; then
    echo "deb-check: another deb-check.sh is running" >&2
    exit 2
fi

started=$(date +%s)
work=$(mktemp -d /tmp/guestkit-deb-check.XXXXXX)
chmod 755 "$work" # apt's _apt user reads the .deb files from here
log=$work/log
failures=0
user=gkdebcheck
password="deb-check-$RANDOM$RANDOM"
socket=/run/guestkit-vmx.sock
dropin_dir=/etc/systemd/system/guestkitd.service.d
dropin=$dropin_dir/simulator.conf
pam_saved=
user_created=
daemon_pid=

ok() { echo "ok   $*"; }
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
# check DESCRIPTION COMMAND...: ok when the command succeeds; its output goes
# to the log, whose tail is shown on failure.
check() {
    local what=$1
    shift
    echo "--- $what: $*" >>"$log"
    if "$@" >>"$log" 2>&1; then
        ok "$what"
    else
        fail "$what"
        tail -n 15 "$log" | sed 's/^/     | /'
        if [[ -n "$daemon_pid" && -s "$work/daemon.log" ]]; then
            echo "     | guestkitd's log:"
            tail -n 15 "$work/daemon.log" | sed 's/^/     | /'
        fi
    fi
}

apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confold "$@"
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
known() { dpkg-query -W -f='${Status}' "$1" >/dev/null 2>&1; }

stop_daemon() {
    if [[ -n "$daemon_pid" ]]; then
        kill "$daemon_pid" 2>/dev/null
        wait "$daemon_pid" 2>/dev/null
        daemon_pid=
    fi
}

cleanup() {
    stop_daemon
    rm -f "$dropin" "$socket"
    rmdir "$dropin_dir" 2>/dev/null
    if known guestkit || known guestkit-vmx; then
        DEBIAN_FRONTEND=noninteractive dpkg --purge guestkit guestkit-vmx >>"$log" 2>&1
    fi
    # The test suite puts the PAM service in place itself when it is missing
    # (tests/support/TestUser.cpp); give back whatever was there before.
    if [[ -n "$pam_saved" ]]; then
        cp -p "$pam_saved" /etc/pam.d/guestkit
    fi
    if [[ -n "$user_created" ]]; then
        userdel -r "$user" >/dev/null 2>&1
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- packages
echo "=== build the packages"
if known guestkit || known guestkit-vmx; then
    echo "deb-check: guestkit is installed already; purging it first"
    DEBIAN_FRONTEND=noninteractive dpkg --purge guestkit guestkit-vmx >>"$log" 2>&1
fi
if [[ -z "$debs" ]]; then
    if ! "$top/scripts/build-deb.sh" >>"$log" 2>&1; then
        fail "build the packages (scripts/build-deb.sh)"
        tail -n 30 "$log"
        exit 1
    fi
    debs=$top/build-deb
fi
"$top/scripts/install-deps.sh" --deb
shopt -s nullglob
debfiles=("$debs"/guestkit_*.deb "$debs"/guestkit-vmx_*.deb)
shopt -u nullglob
if ((${#debfiles[@]} != 2)); then
    fail "one guestkit_*.deb and one guestkit-vmx_*.deb in $debs (found: ${debfiles[*]})"
    exit 1
fi
main_deb=${debfiles[0]}
vmx_deb=${debfiles[1]}
version=$(dpkg-deb -f "$main_deb" Version)
upgrade_version=$version+upgradetest
cp "$main_deb" "$vmx_deb" "$work/"
main_deb=$work/$(basename "$main_deb")
vmx_deb=$work/$(basename "$vmx_deb")
chmod 644 "$work"/*.deb
ok "packages $(basename "$main_deb") $(basename "$vmx_deb")"
# The upgrade: the same tree packaged again with a higher version.
mkdir -p "$work/upgrade"
check "packages rebuilt as version $upgrade_version" \
    "$top/scripts/build-deb.sh" --version "$upgrade_version" --out "$work/upgrade"
chmod -R a+rX "$work/upgrade"
if [[ -d "$top/build-deb" ]]; then
    # Leave build-deb/ configured for the project's version again.
    cmake -S "$top" -B "$top/build-deb" -DGUESTKIT_PACKAGE_VERSION= >>"$log" 2>&1
fi

echo "=== static checks"
for deb in "$main_deb" "$vmx_deb"; do
    # Errors, and warnings not explained in docs/packaging.md, fail.
    check "lintian $(basename "$deb")" lintian -I --pedantic --fail-on error,warning \
        --suppress-tags-from-file "$top/installer/debian/lintian-explained" "$deb"
done
check "guestkit Depends from dpkg-shlibdeps (libpam0g, libqt5core5a, libpoco)" \
    sh -c "dpkg-deb -f '$main_deb' Depends | grep -q 'libpam0g.*libqt5core5a\|libqt5core5a.*libpam0g' &&
           dpkg-deb -f '$main_deb' Depends | grep -q libpoco"
check "guestkit-vmx Depends on libqt5network5" \
    sh -c "dpkg-deb -f '$vmx_deb' Depends | grep -q libqt5network5"
check "conffiles: guestkit.conf, the PAM service, the power scripts" \
    sh -c "dpkg-deb --ctrl-tarfile '$main_deb' | tar -xO ./conffiles | sort | tr '\n' ' ' |
           grep -qx '$(sort "$top/installer/debian/guestkit/conffiles" | tr '\n' ' ')'"

# ---------------------------------------------------------------- install
echo "=== install"
if [[ -e /etc/pam.d/guestkit ]] && ! dpkg -S /etc/pam.d/guestkit >/dev/null 2>&1; then
    pam_saved=$work/pam.d-guestkit
    cp -p /etc/pam.d/guestkit "$pam_saved"
    rm -f /etc/pam.d/guestkit
fi
check "apt-get install ./guestkit_*.deb ./guestkit-vmx_*.deb (no systemd running)" \
    apt_get install "$main_deb" "$vmx_deb"
if ! installed guestkit || ! installed guestkit-vmx; then
    fail "packages installed; the rest needs them"
    exit 1
fi

# path owner:group mode, for every file the packages own that this script
# knows; anything else they own must be root:root, 0644 or 0755.
expected_modes() {
    cat <<EOF
/usr/sbin/guestkitd root:root 755
/usr/bin/guestkit root:root 755
/usr/bin/guestkit-vmx root:root 755
/lib/systemd/system/guestkitd.service root:root 644
/etc/pam.d/guestkit root:root 644
/etc/guestkit root:root 755
/etc/guestkit/guestkit.conf root:root 644
/etc/guestkit/poweroff-vm-default root:root 755
/etc/guestkit/poweron-vm-default root:root 755
/etc/guestkit/resume-vm-default root:root 755
/etc/guestkit/suspend-vm-default root:root 755
/usr/share/man/man8/guestkitd.8.gz root:root 644
/usr/share/man/man1/guestkit.1.gz root:root 644
/usr/share/man/man1/guestkit-vmx.1.gz root:root 644
/usr/share/doc/guestkit root:root 755
/usr/share/doc/guestkit/copyright root:root 644
/usr/share/doc/guestkit/changelog.gz root:root 644
/usr/share/doc/guestkit/README.md root:root 644
/usr/share/doc/guestkit/configuration.md root:root 644
/usr/share/doc/guestkit/packaging.md root:root 644
/usr/share/doc/guestkit/power.md root:root 644
/usr/share/doc/guestkit/security.md root:root 644
/usr/share/doc/guestkit/examples/guestkit.conf root:root 644
/usr/share/doc/guestkit/examples/simulator.conf root:root 644
/usr/share/doc/guestkit-vmx/copyright root:root 644
/usr/share/doc/guestkit-vmx/changelog.gz root:root 644
EOF
}
files_as_expected() {
    local bad=0 path owner mode actual
    while read -r path owner mode; do
        actual=$(stat -c '%U:%G %a' "$path" 2>/dev/null) || actual=missing
        if [[ "$actual" != "$owner $mode" ]]; then
            echo "$path: $actual, expected $owner $mode"
            bad=1
        fi
    done < <(expected_modes)
    return $bad
}
owned_files_sane() {
    local bad=0 path
    while read -r path; do
        # dpkg -L: "/." first, a blank line between packages; on a merged-/usr
        # system /lib is the distribution's symlink to usr/lib, not ours.
        [[ -z "$path" || "$path" == /. ]] && continue
        [[ -L "$path" && -d "$path" && "$path" != *guestkit* ]] && continue
        # Ownership and mode: no setuid, nothing writable but by root.
        case $(stat -c '%U:%G %a %F' "$path" 2>/dev/null || echo missing) in
        "root:root 755 directory" | "root:root 755 regular file" | "root:root 644 regular file") ;;
        *) echo "$path: $(stat -c '%U:%G %a %F' "$path" 2>&1)"; bad=1 ;;
        esac
    done < <(dpkg -L guestkit guestkit-vmx)
    return $bad
}
check "files in place with owner and mode" files_as_expected
check "every packaged path root:root, 0644/0755, no setuid" owned_files_sane
dpkg -L guestkit guestkit-vmx | sort -u >"$work/owned"
check "unit enabled for the next boot (multi-user.target.wants link)" \
    test "$(readlink /etc/systemd/system/multi-user.target.wants/guestkitd.service)" \
    = /lib/systemd/system/guestkitd.service
not_running() {
    local pid
    for pid in $(pgrep -x guestkitd); do
        [[ "$(readlink "/proc/$pid/exe")" == /usr/sbin/guestkitd ]] && return 1
    done
    return 0
}
check "postinst started nothing without systemd" not_running
check "systemd-analyze verify guestkitd.service" \
    systemd-analyze verify /lib/systemd/system/guestkitd.service
# shellcheck disable=SC2016 # expanded by the inner shell
check "man pages render (guestkitd.8, guestkit.1, guestkit-vmx.1)" \
    sh -c 'for p in guestkitd.8 guestkit.1 guestkit-vmx.1; do
               MANWIDTH=80 man --warnings -E UTF-8 "${p#*.}" "${p%.*}" 2>&1 >/dev/null |
                   grep . && exit 1; man -w "${p#*.}" "${p%.*}" >/dev/null || exit 1; done; exit 0'
check "guestkitd --version is $version" sh -c "/usr/sbin/guestkitd --version | grep -qx 'guestkitd ${version%%+*}'"

# ---------------------------------------------------------------- run
echo "=== run the installed guestkitd against the installed guestkit-vmx"
mkdir -p "$dropin_dir"
cp /usr/share/doc/guestkit/examples/simulator.conf "$dropin"
check "systemd-analyze verify with the simulator drop-in" systemd-analyze verify guestkitd.service
# The drop-in's command line, as systemd would run it.
exec_start=$(sed -n 's/^ExecStart=\(..*\)$/\1/p' "$dropin" | tail -n 1)
if [[ -z "$(id -u "$user" 2>/dev/null)" ]]; then
    useradd -m -s /bin/sh "$user" && user_created=1
fi
check "test user $user with a password" sh -c "echo '$user:$password' | chpasswd"
export GUESTKIT_VMX_PASSWORD=$password
vmx() { /usr/bin/guestkit-vmx --channel "sim:unix:$socket" --timeout 30 "$@"; }

start_daemon() {
    rm -f "$socket"
    # shellcheck disable=SC2086 # the drop-in's command line, split as systemd does here
    setsid $exec_start --foreground >>"$work/daemon.log" 2>&1 &
    daemon_pid=$!
}
start_daemon
check "ping through the installed daemon" vmx ping
check "VIX ValidateCredentials as $user (PAM service guestkit)" vmx --user "$user" validate
check "VIX StartProgram as $user: run /bin/true" vmx --user "$user" run /bin/true
created_as_user() {
    local path
    path=$(vmx --user "$user" mktemp -p deb-check /tmp | tail -n 1) || return 1
    echo "created $path"
    [[ -f "$path" && "$(stat -c %U "$path")" == "$user" ]] || return 1
    vmx --user "$user" rm "$path" && [[ ! -e "$path" ]]
}
check "VIX file operations as $user: mktemp is owned by $user, rm" created_as_user
check "a wrong password is refused" sh -c "! GUESTKIT_VMX_PASSWORD=wrong-$password \
    /usr/bin/guestkit-vmx --channel sim:unix:$socket --timeout 30 --user $user run /bin/true"
stop_daemon

# ---------------------------------------------------------------- upgrade
echo "=== upgrade to $upgrade_version"
edit="; deb-check: an administrator's edit $RANDOM"
echo "$edit" >>/etc/guestkit/guestkit.conf
sed -i 's/^; poll_interval = 30$/poll_interval = 45/' /etc/guestkit/guestkit.conf
check "apt-get install the upgrade" apt_get install "$work"/upgrade/guestkit_*.deb \
    "$work"/upgrade/guestkit-vmx_*.deb
check "guestkit $upgrade_version installed" \
    test "$(dpkg-query -W -f='${Version}' guestkit)" = "$upgrade_version"
edits_kept() {
    grep -qxF "$edit" /etc/guestkit/guestkit.conf &&
        grep -qx 'poll_interval = 45' /etc/guestkit/guestkit.conf
}
check "config edits kept" edits_kept
check "no .dpkg-new/.dpkg-dist/.dpkg-old left" \
    sh -c '! ls /etc/guestkit/*.dpkg-* /etc/pam.d/guestkit.dpkg-* 2>/dev/null | grep .'
check "files in place after the upgrade" files_as_expected
check "still enabled after the upgrade" test -L /etc/systemd/system/multi-user.target.wants/guestkitd.service
start_daemon
check "ping through the upgraded daemon (edited config)" vmx ping
stop_daemon
rm -f "$dropin" "$socket"
rmdir "$dropin_dir"

# ---------------------------------------------------------------- remove
echo "=== remove"
check "apt-get remove guestkit guestkit-vmx" apt_get remove guestkit guestkit-vmx
removed_keeping_config() {
    dpkg-query -W -f='${db:Status-Abbrev}\n' guestkit | grep -q '^rc' &&
        ! installed guestkit && ! installed guestkit-vmx
}
check "guestkit removed with its config kept (rc), guestkit-vmx removed" removed_keeping_config
check "programs and unit gone" sh -c '! ls /usr/sbin/guestkitd /usr/bin/guestkit /usr/bin/guestkit-vmx /lib/systemd/system/guestkitd.service 2>/dev/null | grep .'
check "config kept, with the edit" grep -qxF "$edit" /etc/guestkit/guestkit.conf
check "PAM service and power scripts kept" \
    test -f /etc/pam.d/guestkit -a -x /etc/guestkit/poweroff-vm-default

# ---------------------------------------------------------------- purge
echo "=== purge"
check "apt-get purge guestkit guestkit-vmx" apt_get purge guestkit guestkit-vmx
check "dpkg knows neither package" sh -c '! dpkg-query -W guestkit guestkit-vmx 2>/dev/null | grep .'
leftovers() {
    local path found=0
    while read -r path; do
        [[ -e "$path" || -L "$path" ]] || continue
        # Shared folders (/usr/bin, /etc/pam.d ...) stay; files and our own
        # folders must be gone.
        if [[ ! -d "$path" || "$path" == *guestkit* ]]; then
            echo "left: $path"
            found=1
        fi
    done <"$work/owned"
    for path in /etc/guestkit /etc/systemd/system/guestkitd.service \
        /etc/systemd/system/multi-user.target.wants/guestkitd.service \
        /var/lib/systemd/deb-systemd-helper-enabled/guestkitd.service.dsh-also \
        /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/guestkitd.service \
        /var/lib/systemd/deb-systemd-helper-masked/guestkitd.service; do
        if [[ -e "$path" || -L "$path" ]]; then
            echo "left: $path"
            found=1
        fi
    done
    return $found
}
check "nothing left (files, /etc/guestkit, unit, enable and mask state)" leftovers

echo
echo "deb-check: $failures failed, $(($(date +%s) - started)) s"
((failures == 0))
