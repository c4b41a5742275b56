#include "core/file_facts.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace itemctl::core {

Result<std::optional<FileFacts>> ReadFileFacts(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::optional<FileFacts>();
    return MakeError(Errc::kStorage, "cannot examine '" + path + "': " + std::strerror(errno));
  }
  return std::optional<FileFacts>(FileFacts{static_cast<unsigned>(info.st_mode & 07777),
                                            static_cast<std::uint64_t>(info.st_size)});
}

Result<DiskSpace> ReadDiskSpace(const std::string& directory) {
  struct statvfs info {};
  if (::statvfs(directory.c_str(), &info) != 0) {
    return MakeError(Errc::kStorage, "cannot examine the file system of '" + directory +
                                         "': " + std::strerror(errno));
  }
  std::uint64_t unit = info.f_frsize != 0 ? info.f_frsize : info.f_bsize;
  return DiskSpace{static_cast<std::uint64_t>(info.f_bavail) * unit,
                   static_cast<std::uint64_t>(info.f_blocks) * unit};
}

std::string OctalMode(unsigned mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", mode & 07777U);
  return buffer;
}

}  // namespace itemctl::core
