#pragma once
// A file written beside its destination and renamed over it only once
// complete and synced, so the destination holds either what it held before
// or the whole new file. For `itemctl db backup`, whose staged file is a
// SQLite database: abandoning it also removes the -journal, -wal and -shm
// files SQLite may have left beside it.

#include <string>
#include <utility>

#include "core/domain/error.hpp"

namespace itemctl::core {

class StagedFile {
 public:
  // Creates an empty file, mode 0600, named ".<name>.tmp-XXXXXX" in the
  // directory of `destination`. kStorage naming the directory when it does
  // not exist or the file cannot be created there.
  static Result<StagedFile> Create(const std::string& destination);

  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  // Removes the staged file (and its SQLite companions) unless committed.
  ~StagedFile();

  const std::string& path() const { return path_; }
  // fsync the file, rename it over the destination, fsync the directory.
  // kStorage naming the file when a step fails (the destination is
  // untouched unless the rename was done).
  Status Commit();

 private:
  StagedFile(std::string path, std::string destination, std::string directory)
      : path_(std::move(path)),
        destination_(std::move(destination)),
        directory_(std::move(directory)) {}

  std::string path_;  // empty once committed or moved from
  std::string destination_;
  std::string directory_;
};

}  // namespace itemctl::core
