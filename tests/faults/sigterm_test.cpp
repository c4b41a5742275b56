// Fault: SIGTERM reaches `itemctl serve` while a request is half received.

#include <catch2/catch.hpp>

#include <signal.h>

#include "tests/faults/fault_support.hpp"
#include "tests/web/raw_socket.hpp"

using namespace itemctl;

TEST_CASE("SIGTERM while a request body is still arriving answers it in full and exits 0",
          "[faults][signal]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  REQUIRE(test::RunOn(db, {"migrate"}).exit_code == 0);
  test::ItemctlProcess server(test::ServeSpec(db));
  int port = server.WaitForServingPort();
  std::string token = test::AdminToken(port);

  test::RawConnection connection(port, "", static_cast<int>(test::kEventTimeout.count()));
  std::string body = R"({"name":"in flight","description":"sent across a SIGTERM"})";
  connection.Send("POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                  "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                  "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  // The event: a worker has read the head and waits for the body.
  std::string go_on = connection.ReadResponse();
  REQUIRE(go_on == "HTTP/1.1 100 Continue\r\n\r\n");
  connection.Send(body.substr(0, 10));

  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  std::string log = server.WaitForError("Received SIGTERM", test::kEventTimeout);
  REQUIRE(test::CountLines(log, "[INFO] Received SIGTERM, stopping: letting requests in flight "
                                "finish") == 1);
  connection.Send(body.substr(10));
  std::string response = connection.ReadResponse();

  test::ProcessResult stopped = server.Finish();
  CHECK(response.rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
  CHECK(response.find(R"("name":"in flight")") != std::string::npos);
  CHECK(response.find(R"("description":"sent across a SIGTERM")") != std::string::npos);
  CHECK(stopped.exit_code == 0);
  CHECK(test::CountLines(stopped.err, "[INFO] Server stopped") == 1);
  CHECK(test::CountLines(stopped.err, "[ERROR]") == 0);
  std::optional<std::int64_t> id = test::IdIn(response);
  REQUIRE(id);
  CHECK(test::ItemNames(db) == std::map<std::int64_t, std::string>{{*id, "in flight"}});
}
