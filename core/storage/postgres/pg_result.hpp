#pragma once
// The values that go into and come out of a PostgreSQL statement, in text
// format: PgParams binds $1, $2, ... and PgResult owns a PGresult. Neither
// exposes libpq types.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_result;  // libpq's PGresult

namespace itemctl::core {

// Statement parameters in order, each as text or SQL NULL. A builder:
// `PgParams().Add(id).Add(name).Add(std::nullopt)`.
class PgParams {
 public:
  PgParams& Add(std::int64_t value);
  PgParams& Add(int value);
  PgParams& Add(bool value);  // "true" / "false"
  PgParams& Add(std::string_view value);
  PgParams& Add(const std::string& value) { return Add(std::string_view(value)); }
  // Without this, a string literal would convert to bool, not string_view.
  PgParams& Add(const char* value) { return Add(std::string_view(value)); }
  PgParams& Add(std::nullopt_t);
  PgParams& Add(const std::optional<std::string>& value);
  PgParams& Add(const std::optional<std::int64_t>& value);

  // Index i holds $(i+1); nullopt is NULL.
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// A successful statement's result. Rows and columns count from 0. Reading a
// cell as the wrong type, a NULL through Int/Bool/Text, or a cell out of
// range is a bug in the calling SQL and throws std::logic_error.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result);  // takes ownership

  int rows() const;
  int columns() const;
  bool IsNull(int row, int col) const;
  std::int64_t Int(int row, int col) const;
  bool Bool(int row, int col) const;  // 't' or 'f', as PostgreSQL prints booleans
  std::string Text(int row, int col) const;
  std::optional<std::int64_t> OptionalInt(int row, int col) const;
  std::optional<std::string> OptionalText(int row, int col) const;
  // Rows an INSERT, UPDATE, DELETE (or SELECT) touched (PQcmdTuples); 0 for
  // a statement that reports none.
  std::int64_t AffectedRows() const;
  // The command tag: "INSERT 0 1", "COMMIT", "ROLLBACK", ...
  std::string CommandTag() const;

 private:
  struct Free {
    void operator()(pg_result* result) const;
  };
  const char* Cell(int row, int col) const;  // non-null; throws on NULL

  std::unique_ptr<pg_result, Free> result_;
};

}  // namespace itemctl::core
