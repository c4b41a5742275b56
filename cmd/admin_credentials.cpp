// Where the first run's generated admin password goes (SPEC §8 "Files at
// rest"): to a terminal, or else to a private file beside the database (for
// a PostgreSQL URL: in the working directory), so it never lands in
// systemd's journal, `docker logs` or a CI log.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string_view>

#include "cmd/commands.hpp"
#include "core/file_io.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::cmd {

namespace {

bool OnPostgres(const Context& ctx) {
  return core::EngineOf(ctx.options().db_path) == core::Engine::kPostgres;
}

bool PasswordGoesToFile(const Context& ctx) {
  return !ctx.OutIsTerminal() && !EnvValue("ITEMCTL_ADMIN_PASSWORD");
}

core::Error FileExists(const std::string& path, const std::string& then) {
  return core::MakeError(core::Errc::kAlreadyExists,
                         "'" + path + "' already exists, and a new generated admin password " +
                             "would be written there: " + then);
}

constexpr const char* kRecover =
    "set the admin's password with 'itemctl user passwd ID' (ID from 'itemctl user list')";

core::Error CannotWrite(const std::string& path, int error) {
  return core::MakeError(core::Errc::kStorage, "cannot write the generated admin password to '" +
                                                   path + "': " + std::strerror(error) + "; " +
                                                   kRecover);
}

}  // namespace


std::string AdminPasswordPath(const Context& ctx) {
  if (!OnPostgres(ctx)) return ctx.options().db_path + ".admin-password";
  // A URL has no directory beside it; the working directory is the
  // service's own (systemd's WorkingDirectory, the container's /data).
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  return (ec ? std::filesystem::path(".") : cwd) / "itemctl.admin-password";
}

core::Status CheckAdminPasswordFileFree(const Context& ctx) {
  if (!PasswordGoesToFile(ctx)) return core::Ok();
  // Whether a PostgreSQL database has its admin yet is not known before it is
  // migrated; writing the file (O_EXCL) refuses a leftover there instead.
  if (OnPostgres(ctx)) return core::Ok();
  std::error_code ec;
  if (std::filesystem::exists(ctx.options().db_path, ec)) return core::Ok();
  std::string path = AdminPasswordPath(ctx);
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return core::Ok();
  return FileExists(path, "read it if it is still needed, delete it, then run again");
}

core::Result<std::optional<std::string>> StoreAdminPasswordUnlessTerminal(
    const Context& ctx, const std::string& password) {
  if (ctx.OutIsTerminal()) return std::optional<std::string>();
  std::string path = AdminPasswordPath(ctx);
  // O_EXCL | O_NOFOLLOW: never through a planted file or symlink. fchmod
  // because a umask could have cut the mode below 0600.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return FileExists(path, std::string("delete it, then ") + kRecover);
    return CannotWrite(path, errno);
  }
  int error = ::fchmod(fd, 0600) == 0 ? 0 : errno;
  if (error == 0) error = core::WriteAllToFd(fd, password + "\n");
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  ::close(fd);
  if (error != 0) {
    ::unlink(path.c_str());
    return CannotWrite(path, error);
  }
  return std::optional<std::string>(path);
}

core::Status PrintAdminCredentials(Context& ctx, const core::BootstrapReport& report) {
  if (!report.admin_created) return core::Ok();
  const std::string admin = core::kAdminUsername;
  if (!report.generated_admin_password) {
    ctx.out() << "Created user '" << admin << "' with the password from ITEMCTL_ADMIN_PASSWORD.\n";
    return core::Ok();
  }
  core::Result<std::optional<std::string>> file =
      StoreAdminPasswordUnlessTerminal(ctx, *report.generated_admin_password);
  if (!file) return file.error();
  if (*file) {
    ctx.out() << "Created user '" << admin << "'; its generated password is in '" << **file
              << "' (mode 0600): read it, then delete the file.\n";
  } else {
    ctx.out() << "Created user '" << admin
              << "' with password: " << *report.generated_admin_password << "\n"
              << "Store it now: it is not shown again.\n";
  }
  return core::Ok();
}

}  // namespace itemctl::cmd
