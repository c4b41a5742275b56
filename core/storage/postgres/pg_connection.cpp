#include "core/storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <new>
#include <utility>
#include <vector>

#include "core/storage/postgres/pg_error.hpp"

namespace itemctl::core {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// libpq's messages end in a newline and may go on with hints on indented
// lines ("This probably means the server terminated abnormally"): the first
// line says what happened.
std::string FirstLine(const char* message) {
  std::string_view text = message == nullptr ? "" : message;
  text = text.substr(0, text.find('\n'));
  return std::string(text.empty() ? "unknown libpq error" : text);
}

// "INSERT", "SELECT", ...: names the statement in messages without quoting
// the SQL.
std::string Verb(std::string_view sql) {
  std::size_t begin = 0;
  while (begin < sql.size() && std::isspace(static_cast<unsigned char>(sql[begin]))) ++begin;
  std::size_t end = begin;
  while (end < sql.size() && std::isalpha(static_cast<unsigned char>(sql[end]))) ++end;
  std::string verb(sql.substr(begin, end - begin));
  for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return verb.empty() ? "statement" : verb;
}

bool Succeeded(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return result != nullptr &&
         (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY);
}

// Notices (a DROP ... IF EXISTS that skipped, the server announcing its
// shutdown) would otherwise go to stderr, in the middle of CLI output.
void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  // The defaults come before dbname: expand_dbname lets the URL's own
  // settings replace them.
  const char* const keywords[] = {"application_name", "connect_timeout", "dbname", nullptr};
  const char* const values[] = {"itemctl", "10", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) throw std::bad_alloc();  // libpq's only reason for null
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = ScrubPassword(FirstLine(PQerrorMessage(conn)), url);
    PQfinish(conn);
    return MakeError(Errc::kStorage, "cannot connect to " + RedactedUrl(url) + ": " + reason,
                     "Database unavailable");
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn, url));
}

PgConnection::PgConnection(pg_conn* conn, std::string url)
    : conn_(conn), url_(std::move(url)), redacted_url_(RedactedUrl(url_)) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

Error PgConnection::Failure(std::string_view context, const pg_result* result) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string reason = primary != nullptr ? primary : FirstLine(PQerrorMessage(conn_));
  bool lost = PQstatus(conn_) == CONNECTION_BAD;
  std::string message = std::string(context) + " failed";
  if (lost) message += " on " + redacted_url_;
  message += ": " + ScrubPassword(reason, url_);
  return PgError(std::move(message), PgFailure{state != nullptr ? state : "", lost});
}

Result<PgResult> PgConnection::Execute(std::string_view sql, const PgParams& params) {
  const std::vector<std::optional<std::string>>& values = params.values();
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    // libpq reads text parameters up to the first NUL: the rest would be
    // dropped without a word.
    if (values[i] && values[i]->find('\0') != std::string::npos) {
      return MakeError(Errc::kInvalidArgument, "parameter $" + std::to_string(i + 1) +
                                                   " contains a NUL byte, which PostgreSQL "
                                                   "text cannot hold");
    }
    texts.push_back(values[i] ? values[i]->c_str() : nullptr);
  }

  std::string context = "PostgreSQL " + Verb(sql);
  std::string key(sql);
  auto statement = statements_.find(key);
  if (statement == statements_.end()) {
    std::string name = "s" + std::to_string(++statement_count_);
    ResultPtr prepared(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr), &PQclear);
    if (!Succeeded(prepared.get())) return Failure(context, prepared.get());
    statement = statements_.emplace(std::move(key), std::move(name)).first;
  }
  ResultPtr result(PQexecPrepared(conn_, statement->second.c_str(), static_cast<int>(texts.size()),
                                  texts.data(), nullptr, nullptr, /*resultFormat=*/0),
                   &PQclear);
  if (!Succeeded(result.get())) return Failure(context, result.get());
  return PgResult(result.release());
}

Status PgConnection::ExecScript(std::string_view sql) {
  ResultPtr result(PQexec(conn_, std::string(sql).c_str()), &PQclear);
  if (!Succeeded(result.get())) return Failure("PostgreSQL script", result.get());
  return Ok();
}

bool PgConnection::Healthy() const {
  PGTransactionStatusType transaction = PQtransactionStatus(conn_);
  return PQstatus(conn_) == CONNECTION_OK &&
         (transaction == PQTRANS_IDLE || transaction == PQTRANS_INTRANS);
}

bool PgConnection::InTransaction() const {
  PGTransactionStatusType transaction = PQtransactionStatus(conn_);
  return transaction == PQTRANS_INTRANS || transaction == PQTRANS_INERROR;
}

bool PgConnection::CheckAlive() {
  // Twice: the first read may only fetch the notice a terminating server
  // sends before it closes the socket; the second then sees the end of the
  // stream and marks the connection bad.
  for (int i = 0; i < 2 && PQstatus(conn_) == CONNECTION_OK; ++i) {
    if (PQconsumeInput(conn_) == 0) break;
  }
  return Healthy();
}

Status PgConnection::Reset() {
  // A new session has none of the old one's prepared statements.
  statements_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return MakeError(Errc::kStorage,
                     "cannot reconnect to " + redacted_url_ + ": " +
                         ScrubPassword(FirstLine(PQerrorMessage(conn_)), url_),
                     "Database unavailable");
  }
  return Ok();
}

}  // namespace itemctl::core
