# CPack settings for the Debian packages guestkit and guestkit-vmx
# (docs/packaging.md), included from installer/CMakeLists.txt after the
# install rules. scripts/build-deb.sh runs `cpack -G DEB` on the build tree.

# The package version: the project's, or another one for upgrade tests.
set(GUESTKIT_PACKAGE_VERSION "" CACHE STRING
    "Version of the .deb packages (empty: the project version)")
if(GUESTKIT_PACKAGE_VERSION)
    set(GK_PACKAGE_VERSION ${GUESTKIT_PACKAGE_VERSION})
else()
    set(GK_PACKAGE_VERSION ${PROJECT_VERSION})
endif()
set(GK_MAINTAINER "guestkit maintainers <maintainers@users.noreply.h-seed-9c9f4cce.example>")

# The changelog both packages carry (lintian wants one); SOURCE_DATE_EPOCH,
# when set, fixes its date.
string(TIMESTAMP GK_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${CMAKE_CURRENT_LIST_DIR}/../installer/debian/changelog.in
               ${CMAKE_CURRENT_BINARY_DIR}/changelog @ONLY)

# guestkit_gzip(<source> <name>): <name> in the current binary folder is
# <source> compressed the way Debian wants man pages and changelogs
# (gzip -9, no name or time stamp inside).
function(guestkit_gzip source name)
    get_filename_component(source ${source} ABSOLUTE)
    add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${name}
        COMMAND sh -c "gzip -9nc \"$1\" > \"$2\"" sh ${source} ${CMAKE_CURRENT_BINARY_DIR}/${name}
        DEPENDS ${source} VERBATIM)
endfunction()

set(CPACK_PACKAGE_NAME guestkit)
set(CPACK_PACKAGE_VERSION ${GK_PACKAGE_VERSION})
set(CPACK_PACKAGE_VENDOR "guestkit maintainers")
set(CPACK_PACKAGE_CONTACT ${GK_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Empty, so that CPackDeb takes each package's synopsis from the first line
# of its description below instead of putting the project's in front.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL guestkit vmx)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${GK_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the ELF files' shared libraries, through dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Maintainer scripts 0755, conffiles 0644, as dpkg-deb wants them.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(GK_DEBIAN_DIR ${CMAKE_CURRENT_LIST_DIR}/../installer/debian)

set(CPACK_DEBIAN_GUESTKIT_PACKAGE_NAME guestkit)
set(CPACK_DEBIAN_GUESTKIT_FILE_NAME DEB-DEFAULT)
# PAM's common-auth (libpam-runtime) for /etc/pam.d/guestkit;
# deb-systemd-helper (init-system-helpers) for the maintainer scripts.
set(CPACK_DEBIAN_GUESTKIT_PACKAGE_DEPENDS "libpam-runtime, init-system-helpers (>= 1.52)")
set(CPACK_DEBIAN_GUESTKIT_PACKAGE_SUGGESTS "guestkit-vmx")
set(CPACK_DEBIAN_GUESTKIT_DESCRIPTION
    "guest tools service for VMware virtual machines
guestkitd runs inside a VMware virtual machine and lets the hypervisor and
the vSphere API operate the guest, as open-vm-tools' vmtoolsd does: it
answers the VMX's commands, reports guest information (network interfaces,
host name, OS, disks), runs power operations with their scripts, and runs
guest operations (files, processes, transfers) as the authenticated user.
.
This package holds the guestkitd service with its systemd unit, PAM
service and configuration, and the guestkit command line.")
set(CPACK_DEBIAN_GUESTKIT_PACKAGE_CONTROL_EXTRA
    ${GK_DEBIAN_DIR}/guestkit/conffiles ${GK_DEBIAN_DIR}/guestkit/postinst
    ${GK_DEBIAN_DIR}/guestkit/prerm ${GK_DEBIAN_DIR}/guestkit/postrm)

set(CPACK_DEBIAN_VMX_PACKAGE_NAME guestkit-vmx)
set(CPACK_DEBIAN_VMX_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_VMX_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_VMX_PACKAGE_SUGGESTS "guestkit")
set(CPACK_DEBIAN_VMX_DESCRIPTION
    "simulated VMware VMX for trying and testing guestkit
guestkit-vmx plays the hypervisor's side of the guest tools channel on a
local socket: a guestkitd connects to it, and it drives the daemon with
govc-like commands (ping, info, power, run, ps, ls, upload, download and
more). It is a development, demonstration and test tool for a host or a
test machine, not needed inside a VMware virtual machine.")

include(CPack)
