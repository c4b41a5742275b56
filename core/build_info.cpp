#include "core/build_info.hpp"

#include "core/digest.hpp"
#include "core/storage/sqlite/database.hpp"

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
                              SqliteLibraryVersion(), CryptoLibraryVersion()};
  return info;
}

}  // namespace itemctl::core
