#include "core/build_info.hpp"

#include <botan/version.h>
#include <sqlite3.h>

// Defined for this file only by core/CMakeLists.txt, so a new commit
// recompiles nothing else.
#ifndef ITEMCTL_VERSION
#error "ITEMCTL_VERSION must be defined by the build"
#endif
#ifndef ITEMCTL_GIT_DESCRIBE
#error "ITEMCTL_GIT_DESCRIBE must be defined by the build"
#endif
#ifndef ITEMCTL_BUILD_TYPE
#error "ITEMCTL_BUILD_TYPE must be defined by the build"
#endif

namespace itemctl::core {

const BuildInfo& GetBuildInfo() {
  static const BuildInfo info{ITEMCTL_VERSION, ITEMCTL_GIT_DESCRIBE, ITEMCTL_BUILD_TYPE,
                              sqlite3_libversion(), Botan::short_version_string()};
  return info;
}

}  // namespace itemctl::core
