#pragma once

#include <QString>

// Where the source tree is and where the build put the binaries under test.
//
// Only BuildPaths.cpp is compiled with these absolute paths (as -D values):
// ccache's base_dir makes path arguments relative but not macro values, so a
// path in a common compile command would make every suite miss the cache in
// a checkout at any other place (CI's fresh clone).
namespace gk::test {

QString sourceDir();       // the top of the checkout
QString guestkitdPath();   // the daemon
QString guestkitPath();    // the guest-side command (empty where not built)
QString guestkitVmxPath(); // the VMX-side command (empty where not built)

} // namespace gk::test
