#include "core/services/secret_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/file_io.hpp"
#include "core/digest.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::core {
namespace {

constexpr std::size_t kMinKeyLength = 16;
constexpr std::size_t kGeneratedKeyLength = 64;
constexpr std::size_t kMaxKeyFileBytes = 4096;

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Octal(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

Error FileError(std::string_view what, const std::string& path, int error) {
  return MakeError(Errc::kStorage, std::string(what) + " key file '" + path +
                                       "': " + std::strerror(error));
}

// Reads an existing key file, refusing one that others may read. Trailing
// whitespace is dropped so a key written with `echo` works.
Result<std::string> ReadKeyFile(const std::string& path, int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return FileError("cannot inspect", path, errno);
  if (!S_ISREG(info.st_mode)) {
    return MakeError(Errc::kStorage, "key file '" + path + "' is not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    return MakeError(Errc::kStorage, "key file '" + path + "' has mode " + Octal(info.st_mode) +
                                         ": it must be readable by its owner only (chmod 600 '" +
                                         path + "')");
  }
  std::string key;
  char buffer[512];
  while (key.size() <= kMaxKeyFileBytes) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileError("cannot read", path, errno);
    }
    if (n == 0) break;
    key.append(buffer, static_cast<std::size_t>(n));
  }
  if (key.size() > kMaxKeyFileBytes) {
    return MakeError(Errc::kStorage, "key file '" + path + "' is larger than " +
                                         std::to_string(kMaxKeyFileBytes) + " bytes");
  }
  std::size_t end = key.find_last_not_of(" \t\r\n");
  key.resize(end == std::string::npos ? 0 : end + 1);
  if (key.size() < kMinKeyLength) {
    return MakeError(Errc::kStorage, "key file '" + path + "' holds " +
                                         std::to_string(key.size()) + " characters: at least " +
                                         std::to_string(kMinKeyLength) + " are needed");
  }
  return key;
}

// Writes a new key to a private temporary file and links it into place, so
// the key file never exists half-written and a concurrent first run (say
// `migrate` and `serve` together) sees either no file or the whole key.
// Returns the key, or nullopt when another process created the file first.
Result<std::optional<std::string>> CreateKeyFile(const std::string& path) {
  std::string temp = path + ".XXXXXX";
  // mkstemp opens with O_CREAT | O_EXCL and mode 0600.
  Fd fd(::mkstemp(temp.data()));
  if (fd.get() < 0) return FileError("cannot create", path, errno);
  std::string key = RandomAlphanumeric(kGeneratedKeyLength);
  int error = WriteAllToFd(fd.get(), key);
  if (error == 0 && ::fchmod(fd.get(), 0600) != 0) error = errno;
  if (error == 0 && ::fsync(fd.get()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    return FileError("cannot create", path, error);
  }
  int linked = ::link(temp.c_str(), path.c_str());
  int link_error = errno;
  ::unlink(temp.c_str());
  if (linked == 0) return std::optional<std::string>(std::move(key));
  if (link_error == EEXIST) return std::optional<std::string>();
  return FileError("cannot create", path, link_error);
}

}  // namespace

Result<std::string> LoadSecretKey(const std::string& db, const SecretKeySources& sources) {
  if (sources.env_value) return LoadOrCreateSecretKey(db, sources.env_value);
  if (sources.key_file) {
    Fd fd(::open(sources.key_file->c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return FileError("cannot open", *sources.key_file, errno);
    return ReadKeyFile(*sources.key_file, fd.get());
  }
  if (EngineOf(db) == Engine::kPostgres) {
    return MakeError(Errc::kInvalidArgument,
                     "a PostgreSQL database needs the password pepper every instance shares: "
                     "set ITEMCTL_SECRET_KEY or --secret-key-file");
  }
  return LoadOrCreateSecretKey(db, std::nullopt);
}

Result<std::string> CheckSecretKey(const std::string& db, const SecretKeySources& sources) {
  if (sources.env_value) {
    // Validates the value; never touches a file.
    Result<std::string> key = LoadOrCreateSecretKey(db, sources.env_value);
    if (!key) return key.error();
    return std::string("the key comes from ITEMCTL_SECRET_KEY");
  }
  std::string path;
  if (sources.key_file) {
    path = *sources.key_file;
  } else if (EngineOf(db) == Engine::kPostgres) {
    return LoadSecretKey(db, sources).error();
  } else if (db == ":memory:") {
    return std::string("an in-memory database uses a key made up for the process");
  } else {
    path = db + ".key";
  }
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 && errno == ENOENT && !sources.key_file) {
    return MakeError(Errc::kStorage,
                     "key file '" + path + "' does not exist: restore it from a backup, or set "
                     "ITEMCTL_SECRET_KEY or --secret-key-file to the key the passwords were "
                     "hashed with");
  }
  if (fd.get() < 0) return FileError("cannot open", path, errno);
  if (Result<std::string> key = ReadKeyFile(path, fd.get()); !key) return key.error();
  return "key file '" + path + "' is readable by its owner only";
}

Result<std::string> LoadOrCreateSecretKey(const std::string& db_path,
                                          const std::optional<std::string>& env_value) {
  if (env_value) {
    if (env_value->size() < kMinKeyLength) {
      // The message gives the length only: the value is a secret.
      return MakeError(Errc::kInvalidArgument,
                       "ITEMCTL_SECRET_KEY is too short: use at least " +
                           std::to_string(kMinKeyLength) + " characters (got " +
                           std::to_string(env_value->size()) + ")");
    }
    return *env_value;
  }
  if (db_path == ":memory:") return RandomAlphanumeric(kGeneratedKeyLength);

  const std::string path = db_path + ".key";
  // Two rounds: a concurrent first run may create the file between our
  // failed open and our own attempt to create it.
  for (int round = 0; round < 2; ++round) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) return ReadKeyFile(path, fd.get());
    if (errno != ENOENT) return FileError("cannot open", path, errno);
    Result<std::optional<std::string>> created = CreateKeyFile(path);
    if (!created) return created.error();
    if (*created) return std::move(**created);
  }
  return MakeError(Errc::kStorage, "cannot create key file '" + path +
                                       "': it keeps appearing and disappearing");
}

}  // namespace itemctl::core
