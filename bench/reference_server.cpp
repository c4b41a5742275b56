// The bare-metal reference of bench/perf.py (issue 12): cpp-httplib and
// SQLite with nothing of itemctl in between. `GET /items/{id}` is one
// primary-key lookup on a prepared statement (one connection per worker
// thread, WAL, read-only) answered as the API's JSON, with the server tuned
// as SPEC §6 says (TCP_NODELAY, a sized pool, long keep-alive). No
// authentication, no version check, no log, no metrics: the ceiling an
// authenticated itemctl read is measured against.
//
//   itemctl_reference_server DB_PATH PORT [THREADS]     # default 256 threads
// Stops on SIGINT or SIGTERM.

#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace {

// One read-only connection and its prepared lookup, per worker thread.
class ItemReader {
 public:
  explicit ItemReader(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db_,
                           "SELECT id, name, description, user_id, created_at, updated_at"
                           " FROM items WHERE id = ?",
                           -1, SQLITE_PREPARE_PERSISTENT, &lookup_, nullptr) != SQLITE_OK) {
      std::cerr << "reference_server: " << sqlite3_errmsg(db_) << "\n";
      std::exit(1);
    }
  }
  ~ItemReader() {
    sqlite3_finalize(lookup_);
    sqlite3_close(db_);
  }
  ItemReader(const ItemReader&) = delete;
  ItemReader& operator=(const ItemReader&) = delete;

  // The item as JSON, or an empty string when there is none.
  std::string Find(sqlite3_int64 id) {
    sqlite3_bind_int64(lookup_, 1, id);
    std::string body;
    if (sqlite3_step(lookup_) == SQLITE_ROW) {
      auto text = [this](int column) -> nlohmann::json {
        const unsigned char* value = sqlite3_column_text(lookup_, column);
        if (value == nullptr) return nullptr;
        return reinterpret_cast<const char*>(value);
      };
      nlohmann::json item = {{"id", sqlite3_column_int64(lookup_, 0)},
                             {"name", text(1)},
                             {"description", text(2)},
                             {"user_id", sqlite3_column_int64(lookup_, 3)},
                             {"created_at", sqlite3_column_int64(lookup_, 4)},
                             {"updated_at", sqlite3_column_type(lookup_, 5) == SQLITE_NULL
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(sqlite3_column_int64(lookup_, 5))}};
      body = item.dump();
    }
    sqlite3_reset(lookup_);
    return body;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* lookup_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: itemctl_reference_server DB_PATH PORT [THREADS]\n";
    return 2;
  }
  const std::string path = argv[1];
  const int port = std::atoi(argv[2]);
  const int threads = argc > 3 ? std::atoi(argv[3]) : 256;

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.Get(R"(/items/(\d+))", [&path](const httplib::Request& request, httplib::Response& response) {
    thread_local ItemReader reader(path);
    std::string body = reader.Find(std::stoll(request.matches[1]));
    if (body.empty()) {
      response.status = 404;
      response.set_content(R"({"detail":"Item not found"})", "application/json");
      return;
    }
    response.set_content(body, "application/json");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", "application/json");
  });

  std::thread watcher([&stop_signals, &server] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  std::cout << "reference server on 127.0.0.1:" << port << std::endl;
  const bool listened = server.listen("127.0.0.1", port);
  if (!listened) {
    std::cerr << "reference_server: cannot listen on 127.0.0.1:" << port << "\n";
    kill(getpid(), SIGTERM);
  }
  watcher.join();
  return listened ? 0 : 1;
}
