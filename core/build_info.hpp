#pragma once
// Build identity for `itemctl --version` and the build-info metric: this
// binary's version, git description and build type, and the versions of the
// SQLite and Botan libraries it runs with. Thread-safe; no failure modes.

#include <string>

namespace itemctl::core {

struct BuildInfo {
  std::string version;       // PROJECT_VERSION, e.g. "1.0.0"
  std::string git_describe;  // `git describe --tags --always --dirty`, or "unknown"
  std::string build_type;    // CMake build type, e.g. "RelWithDebInfo"
  std::string sqlite_version;  // of the library loaded at run time
  std::string botan_version;   // of the library loaded at run time
};

const BuildInfo& GetBuildInfo();

}  // namespace itemctl::core
