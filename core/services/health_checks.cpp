#include "core/services/health_checks.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>

namespace itemctl::core {
namespace {

// How many locked users a verdict names before "and N more".
constexpr std::size_t kMaxNamedUsers = 5;

// `text` as a shell word: as it is when that is safe, else in single quotes.
std::string ShellWord(const std::string& text) {
  bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("/._-+:@%=,").find(c) != std::string_view::npos;
  });
  if (plain) return text;
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string Plural(std::int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace

HealthCheck CouldNotCheck(const std::string& name, const std::string& why) {
  return {name, false, "could not check: " + why};
}

HealthCheck NotApplicable(const std::string& name, const std::string& why) {
  return {name, true, "not applicable " + why};
}

std::string FormatBytes(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", value, units[unit]);
  return buffer;
}

std::string FormatSeconds(std::int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + " min";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

HealthCheck SchemaVerdict(int applied, int latest) {
  std::string at = "at version " + std::to_string(applied);
  if (applied == latest) return {kCheckSchema, true, at + ", current"};
  if (applied < latest) {
    return {kCheckSchema, false,
            at + ", this binary needs " + std::to_string(latest) + ": run itemctl migrate"};
  }
  return {kCheckSchema, false,
          at + ", newer than this binary's " + std::to_string(latest) +
              ": use the itemctl that migrated it, or a newer one"};
}

HealthCheck IntegrityVerdict(const IntegrityReport& report) {
  if (!report.checked) return {kCheckIntegrity, true, report.method};
  if (report.problems.empty()) return {kCheckIntegrity, true, report.method + ": ok"};
  return {kCheckIntegrity, false,
          report.method + " found damage: " + Join(report.problems, "; ") +
              ": restore the database from a backup"};
}

HealthCheck KeyFileVerdict(bool ok, const std::string& source) {
  return {kCheckKeyFile, ok, source};
}

HealthCheck DatabaseFilesVerdict(const std::vector<DatabaseFile>& files) {
  std::vector<std::string> existing;
  std::vector<std::string> loose;
  std::vector<std::string> to_fix;
  for (const DatabaseFile& file : files) {
    if (!file.facts) continue;
    existing.push_back(file.path);
    if ((file.facts->mode & 077U) != 0) {
      loose.push_back("'" + file.path + "' has mode " + OctalMode(file.facts->mode));
      to_fix.push_back(ShellWord(file.path));
    }
  }
  if (loose.empty()) {
    return {kCheckDatabaseFiles, true, "readable by their owner only: " + Join(existing, ", ")};
  }
  const DatabaseFile& database = files.front();
  if (database.facts && (database.facts->mode & 077U) != 0) {
    // SQLite creates the -wal and -shm files with the database's mode (the
    // doctor's own connection just did) and removes them with the last
    // connection: the database's mode is what to fix.
    return {kCheckDatabaseFiles, false,
            loose.front() + " (SQLite gives its -wal and -shm files the same): others may read "
                            "the data: chmod 600 " + to_fix.front()};
  }
  return {kCheckDatabaseFiles, false,
          Join(loose, ", ") + ": others may read the data: chmod 600 " + Join(to_fix, " ")};
}

HealthCheck AdminsVerdict(std::int64_t active_admins) {
  if (active_admins > 0) return {kCheckAdmins, true, Plural(active_admins, "active admin")};
  return {kCheckAdmins, false,
          "no active admin: itemctl user enable NAME (a disabled admin) or "
          "itemctl role grant NAME admin"};
}

HealthCheck WalVerdict(const DatabaseFile& wal) {
  if (!wal.facts) return {kCheckWalSize, true, "no '" + wal.path + "' (fully checkpointed)"};
  std::string size = "'" + wal.path + "' holds " + FormatBytes(wal.facts->size);
  if (wal.facts->size <= kMaxWalBytes) return {kCheckWalSize, true, size};
  return {kCheckWalSize, false,
          size + ", over " + FormatBytes(kMaxWalBytes) +
              ": a reader that never finishes keeps SQLite from checkpointing it: stop "
              "long-running readers of the database; SQLite then checkpoints by itself"};
}

HealthCheck ExpiredSessionsVerdict(std::int64_t expired, std::int64_t stale) {
  if (stale > 0) {
    return {kCheckExpiredSessions, false,
            Plural(stale, "session") + " expired over " +
                FormatSeconds(kStaleExpiredSessionSeconds) +
                " ago and still stored: the purge is not running: itemctl token purge "
                "(serve purges every --purge-interval; without serve, schedule it in cron)"};
  }
  if (expired == 0) return {kCheckExpiredSessions, true, "no expired sessions"};
  return {kCheckExpiredSessions, true,
          Plural(expired, "expired session") + " awaiting the next purge"};
}

HealthCheck LockedAccountsVerdict(const std::vector<std::string>& users,
                                  std::int64_t locked_names) {
  std::int64_t others = std::max<std::int64_t>(
      0, locked_names - static_cast<std::int64_t>(users.size()));
  std::string unknown = others == 0 ? std::string()
                                    : " (" + Plural(others, "name") +
                                          " of no user locked; they unlock by themselves)";
  if (users.empty()) return {kCheckLockedAccounts, true, "no user is locked out" + unknown};
  std::vector<std::string> named;
  std::vector<std::string> fixes;
  for (std::size_t i = 0; i < users.size() && i < kMaxNamedUsers; ++i) {
    named.push_back(users[i]);
    fixes.push_back("itemctl user unlock " + ShellWord(users[i]));
  }
  std::string list = Join(named, ", ");
  if (users.size() > kMaxNamedUsers) {
    list += " and " + std::to_string(users.size() - kMaxNamedUsers) + " more";
    fixes.push_back("...");
  }
  return {kCheckLockedAccounts, false,
          "locked out by failed logins: " + list + unknown + ": " + Join(fixes, "; ")};
}

HealthCheck DiskSpaceVerdict(const std::string& directory, const DiskSpace& space) {
  std::uint64_t percent =
      space.total_bytes == 0 ? 0 : space.available_bytes * 100 / space.total_bytes;
  std::string found = FormatBytes(space.available_bytes) + " free of " +
                      FormatBytes(space.total_bytes) + " (" + std::to_string(percent) +
                      " %) in '" + directory + "'";
  bool low = space.available_bytes < kMinFreeDiskBytes ||
             space.available_bytes * 100 < space.total_bytes * kMinFreeDiskPercent;
  if (!low) return {kCheckDiskSpace, true, found};
  return {kCheckDiskSpace, false,
          found + ", under " + FormatBytes(kMinFreeDiskBytes) + " or " +
              std::to_string(kMinFreeDiskPercent) +
              " %: free space there (a full disk stops every write)"};
}

HealthCheck ClockVerdict(UnixSeconds now, const std::optional<StoredTime>& newest,
                         const std::optional<UnixSeconds>& server_now) {
  std::vector<std::string> problems;
  if (now < kEarliestPlausibleTime) {
    problems.push_back("the system clock reads " + FormatIso8601(now) + ", before " +
                       FormatIso8601(kEarliestPlausibleTime));
  }
  if (newest && newest->at - now > kMaxClockSkewSeconds) {
    problems.push_back("the system clock (" + FormatIso8601(now) + ") is " +
                       FormatSeconds(newest->at - now) + " behind the newest stored time (" +
                       newest->column + " " + FormatIso8601(newest->at) + ")");
  }
  if (server_now && std::llabs(*server_now - now) > kMaxClockSkewSeconds) {
    problems.push_back("the database server's clock (" + FormatIso8601(*server_now) +
                       ") and this machine's (" + FormatIso8601(now) + ") differ by " +
                       FormatSeconds(std::llabs(*server_now - now)));
  }
  if (!problems.empty()) {
    return {kCheckClock, false,
            Join(problems, "; ") + ": set the clock right (enable NTP: timedatectl set-ntp true)"};
  }
  std::string found = "the system clock reads " + FormatIso8601(now);
  if (newest) found += ", not behind the newest stored time (" + newest->column + ")";
  if (server_now) {
    found += ", within " + FormatSeconds(kMaxClockSkewSeconds) + " of the database server's";
  }
  return {kCheckClock, true, found};
}

}  // namespace itemctl::core
