#include "core/storage/open_backend.hpp"

#if ITEMCTL_WITH_POSTGRES
#include "core/storage/postgres/pg_backend.hpp"
#include "core/storage/postgres/pg_url.hpp"
#endif
#include "core/storage/sqlite/sqlite_backend.hpp"

namespace itemctl::core {

Engine EngineOf(std::string_view url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return Engine::kPostgres;
  }
  return Engine::kSqlite;
}

std::string DisplayName(std::string_view url) {
  if (EngineOf(url) == Engine::kSqlite) return std::string(url);
#if ITEMCTL_WITH_POSTGRES
  return RedactedUrl(url);
#else
  // Without the PostgreSQL engine its masking is not built either: show
  // only the scheme rather than risk a password.
  return std::string(url.substr(0, url.find("://") + 3)) + "***";
#endif
}

Result<std::unique_ptr<Backend>> OpenBackend(const BackendOptions& options) {
  switch (EngineOf(options.url)) {  // no default: -Werror=switch catches a new engine
    case Engine::kPostgres: {
#if ITEMCTL_WITH_POSTGRES
      // No OpenMode here: the database must exist; `migrate` creates the tables.
      Result<std::unique_ptr<PgBackend>> postgres =
          PgBackend::Open(options.url, options.max_connections);
      if (!postgres) return postgres.error();
      return std::unique_ptr<Backend>(std::move(*postgres));
#else
      return MakeError(Errc::kInvalidArgument,
                       "this itemctl was built without PostgreSQL support (ITEMCTL_POSTGRES=OFF): "
                       "--db takes a SQLite file");
#endif
    }
    case Engine::kSqlite: {
      // The SQLite pool opens connections on demand, without a limit.
      Result<std::unique_ptr<SqliteBackend>> sqlite =
          SqliteBackend::Open(options.url, options.mode, options.on_file_state);
      if (!sqlite) return sqlite.error();
      return std::unique_ptr<Backend>(std::move(*sqlite));
    }
  }
  return MakeError(Errc::kInternal, "unknown storage engine");
}

}  // namespace itemctl::core
