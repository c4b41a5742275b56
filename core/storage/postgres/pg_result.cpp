#include "core/storage/postgres/pg_result.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace itemctl::core {
namespace {

std::string CellName(int row, int col) {
  return "row " + std::to_string(row) + " column " + std::to_string(col);
}

std::int64_t ParseInt(const char* text, std::string_view what) {
  std::int64_t value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) {
    throw std::logic_error(std::string(what) + " is not an integer: '" + text + "'");
  }
  return value;
}

}  // namespace

PgParams& PgParams::Add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

PgParams& PgParams::Add(int value) { return Add(static_cast<std::int64_t>(value)); }

PgParams& PgParams::Add(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return *this;
}

PgParams& PgParams::Add(std::string_view value) {
  values_.emplace_back(std::string(value));
  return *this;
}

PgParams& PgParams::Add(std::nullopt_t) {
  values_.emplace_back(std::nullopt);
  return *this;
}

PgParams& PgParams::Add(const std::optional<std::string>& value) {
  values_.push_back(value);
  return *this;
}

PgParams& PgParams::Add(const std::optional<std::int64_t>& value) {
  if (!value) return Add(std::nullopt);
  return Add(*value);
}

void PgResult::Free::operator()(pg_result* result) const { PQclear(result); }

PgResult::PgResult(pg_result* result) : result_(result) {}

int PgResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

int PgResult::columns() const { return result_ ? PQnfields(result_.get()) : 0; }

bool PgResult::IsNull(int row, int col) const {
  if (row < 0 || row >= rows() || col < 0 || col >= columns()) {
    throw std::logic_error(CellName(row, col) + " is outside the result (" +
                           std::to_string(rows()) + " rows, " + std::to_string(columns()) +
                           " columns)");
  }
  return PQgetisnull(result_.get(), row, col) == 1;
}

const char* PgResult::Cell(int row, int col) const {
  if (IsNull(row, col)) throw std::logic_error(CellName(row, col) + " is NULL");
  return PQgetvalue(result_.get(), row, col);
}

std::int64_t PgResult::Int(int row, int col) const {
  return ParseInt(Cell(row, col), CellName(row, col));
}

bool PgResult::Bool(int row, int col) const {
  std::string_view text = Cell(row, col);
  if (text == "t") return true;
  if (text == "f") return false;
  throw std::logic_error(CellName(row, col) + " is not a boolean: '" + std::string(text) + "'");
}

std::string PgResult::Text(int row, int col) const {
  const char* text = Cell(row, col);
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_.get(), row, col)));
}

std::optional<std::int64_t> PgResult::OptionalInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::optional<std::string> PgResult::OptionalText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

std::int64_t PgResult::AffectedRows() const {
  if (!result_) return 0;
  const char* tuples = PQcmdTuples(result_.get());
  if (*tuples == '\0') return 0;
  return ParseInt(tuples, "the affected-row count");
}

std::string PgResult::CommandTag() const {
  if (!result_) return {};
  return PQcmdStatus(result_.get());
}

}  // namespace itemctl::core
