#pragma once
// What `itemctl doctor` reads from the file system: a file's permission
// bits and size, and the space left on a file system. Reading only; the
// results are values so the verdicts on them can be tested without files.

#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/error.hpp"

namespace itemctl::core {

struct FileFacts {
  unsigned mode = 0;        // the permission bits, e.g. 0600
  std::uint64_t size = 0;   // bytes
};

// stat(2) of `path` (following symlinks): nullopt when nothing is there;
// kStorage naming the path and the reason when it cannot be examined.
Result<std::optional<FileFacts>> ReadFileFacts(const std::string& path);

struct DiskSpace {
  std::uint64_t available_bytes = 0;  // to unprivileged users (f_bavail)
  std::uint64_t total_bytes = 0;
};

// statvfs(3) of the file system holding `directory`; kStorage naming it and
// the reason when that fails.
Result<DiskSpace> ReadDiskSpace(const std::string& directory);

// "0644": permission bits as chmod takes them.
std::string OctalMode(unsigned mode);

}  // namespace itemctl::core
