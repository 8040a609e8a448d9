#!/usr/bin/env bash
# One command to try guestkit without a hypervisor: installs the dependencies,
# builds, starts a simulated VMX and a guestkitd, and walks through the protocol.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" "$top/build"
# Options (--json, --daemon PATH, ...) go before the command.
exec "$top/build/src/vmx/guestkit-vmx" "$@" demo
