#!/usr/bin/env bash
# Builds guestkit-VERSION-x64.msi with Debian's wixl from the Windows build
# (scripts/test-windows.sh --build-only makes it): guestkitd.exe, guestkit.exe,
# the sysroot's DLLs they load, and the default config.
#   scripts/build-msi.sh [--version X.Y.Z] [BUILD_DIR]   (default build-win; the MSI lands there)
# --version overrides the project's version in the package (an upgrade test
# builds an older and a newer package from the same binaries).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^project(guestkit VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
if [[ ${1:-} == --version ]]; then
    [[ ${2:-} =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "build-msi: --version needs X.Y.Z" >&2; exit 2; }
    version=$2
    shift 2
fi
build=$(cd "${1:-$top/build-win}" && pwd)
sysroot=$build/sysroot
stage=$build/msi-stage-$version
rm -rf "$stage" && mkdir -p "$stage"
cp "$build/src/daemon/guestkitd.exe" "$build/src/cli/guestkit.exe" "$stage/"
cp "$top/installer/msi/guestkit.conf" "$stage/"
# The DLLs the programs import, found transitively in the sysroot (system
# DLLs are not there and stay out).
dlls=()
queue=("$stage/guestkitd.exe" "$stage/guestkit.exe")
while ((${#queue[@]})); do
    file=${queue[0]}; queue=("${queue[@]:1}")
    for dll in $(x86_64-w64-mingw32-objdump -p "$file" | sed -n 's/^\s*DLL Name: //p'); do
        [[ -f $sysroot/bin/$dll && ! -f $stage/$dll ]] || continue
        cp "$sysroot/bin/$dll" "$stage/"
        dlls+=("$dll")
        queue+=("$stage/$dll")
    done
done
# Stable component GUIDs per file name, so upgrades match components.
components="" refs=""
for dll in "${dlls[@]}"; do
    id=dll_$(echo "$dll" | tr -c 'A-Za-z0-9_\n' '_')
    guid=$(python3 -c "import uuid,sys; print(str(uuid.uuid5(uuid.NAMESPACE_URL, 'guestkit-msi/' + sys.argv[1])).upper())" "$dll")
    components+="<Component Id=\"$id\" Guid=\"$guid\" Win64=\"yes\"><File Id=\"f_$id\" Name=\"$dll\" Source=\"$dll\" KeyPath=\"yes\"/></Component>"
    refs+="<ComponentRef Id=\"$id\"/>"
done
sed -e "s|@VERSION@|$version|" -e "s|@DLL_COMPONENTS@|$components|" -e "s|@DLL_REFS@|$refs|" \
    "$top/installer/msi/guestkit.wxs" > "$stage/guestkit.wxs"
msi=$build/guestkit-$version-x64.msi
(cd "$stage" && wixl -a x64 -o "$msi" guestkit.wxs 2> >(grep -v -e "has no property named 'Permanent'" \
    -e "has no property named 'NeverOverwrite'" -e '^$' >&2))
# wixl ignores Permanent and NeverOverwrite: set those component attribute
# bits (msidbComponentAttributesPermanent 0x10, NeverOverwrite 0x80) on the
# config's component in the built MSI's Component table.
msiinfo export "$msi" Component > "$stage/Component.idt"
awk -F'\t' 'BEGIN { OFS = "\t" } $1 == "Config" { $4 = $4 + 16 + 128 } { print }' \
    "$stage/Component.idt" > "$stage/Component.new" && mv "$stage/Component.new" "$stage/Component.idt"
msibuild "$msi" -i "$stage/Component.idt"
echo "$msi"
