#include "core/services/staged_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace itemctl::core {

namespace {

std::string Why(int error) { return std::strerror(error); }

// fsync(2) of the file or directory at `path`; 0 or the errno of the failure.
int SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

}  // namespace

Result<StagedFile> StagedFile::Create(const std::string& destination) {
  namespace fs = std::filesystem;
  fs::path target(destination);
  std::string directory = target.parent_path().string();
  if (directory.empty()) directory = ".";
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return MakeError(Errc::kStorage, "cannot write '" + destination + "': directory '" +
                                         directory + "' does not exist");
  }
  std::string name = directory + "/." + target.filename().string() + ".tmp-XXXXXX";
  std::vector<char> pattern(name.begin(), name.end());
  pattern.push_back('\0');
  // mkstemp creates the file 0600 with O_EXCL; fchmod in case the mode differs.
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    return MakeError(Errc::kStorage, "cannot write '" + destination +
                                         "': cannot create a file in '" + directory +
                                         "': " + Why(errno));
  }
  int error = ::fchmod(fd, 0600) == 0 ? 0 : errno;
  ::close(fd);
  StagedFile staged(pattern.data(), destination, directory);
  if (error != 0) {
    return MakeError(Errc::kStorage,
                     "cannot write '" + destination + "': chmod of '" + staged.path_ +
                         "': " + Why(error));
  }
  return staged;
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      destination_(std::move(other.destination_)),
      directory_(std::move(other.directory_)) {
  other.path_.clear();
}

StagedFile::~StagedFile() {
  if (path_.empty()) return;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    (void)std::remove((path_ + suffix).c_str());
  }
}

Status StagedFile::Commit() {
  if (int error = SyncPath(path_, O_RDONLY); error != 0) {
    return MakeError(Errc::kStorage, "cannot write '" + destination_ + "': fsync of '" +
                                         path_ + "': " + Why(error));
  }
  if (::rename(path_.c_str(), destination_.c_str()) != 0) {
    return MakeError(Errc::kStorage, "cannot write '" + destination_ + "': rename of '" +
                                         path_ + "': " + Why(errno));
  }
  path_.clear();
  // The rename is durable once the directory is synced.
  if (int error = SyncPath(directory_, O_RDONLY | O_DIRECTORY); error != 0) {
    return MakeError(Errc::kStorage, "wrote '" + destination_ + "' but fsync of directory '" +
                                         directory_ + "' failed: " + Why(error));
  }
  return Ok();
}

}  // namespace itemctl::core
