#pragma once
// Opens the database the --db value names: a postgres:// or postgresql://
// URL is PostgreSQL, anything else a SQLite file path. The one place that
// picks an engine; everything above it sees only Backend.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/domain/error.hpp"
#include "core/storage/file_state.hpp"
#include "core/storage/open_mode.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// Every member has an initializer, so designated initializers may name any
// subset without -Wmissing-field-initializers.
struct BackendOptions {
  std::string url{};  // a SQLite path (":memory:" allowed) or a PostgreSQL URL
  OpenMode mode = OpenMode::kMustExist;  // SQLite only: whether the file may be created
  FileStateObserver on_file_state{};     // SQLite: hears of the file's changes
  std::size_t max_connections = 0;       // 0: the engine's default
};

// The engine `url` names.
Engine EngineOf(std::string_view url);

// `url` as messages show it, without opening anything: a PostgreSQL URL
// with its password masked (as Backend::display_name), a path as it is.
std::string DisplayName(std::string_view url);

// An open Backend: for SQLite, the file opened once (kStorage naming the path
// when it is missing and `mode` requires it, unreadable, or not a database);
// for PostgreSQL, one connection made (kStorage naming the URL, password
// masked, when it fails) and at most `max_connections` (0: 16) pooled.
Result<std::unique_ptr<Backend>> OpenBackend(const BackendOptions& options);

}  // namespace itemctl::core
