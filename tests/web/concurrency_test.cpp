// Many clients at once: every response right, every write counted.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "core/services/items.hpp"
#include "tests/web/web_fixture.hpp"

using namespace itemctl;
using test::HttpReply;
using test::TestServer;

TEST_CASE("8 threads x 200 mixed requests all answer correctly", "[db][web][concurrency]") {
  constexpr int kThreads = 8;
  constexpr int kRequests = 200;
  TestServer server;
  // Users and tokens are made on the test's thread: the fixture's helpers
  // that assert must not run on the workers (Catch2 is not thread-safe).
  std::vector<std::string> tokens;
  for (int t = 0; t < kThreads; ++t) {
    server.AddUser("worker" + std::to_string(t), "worker-password-1");
    tokens.push_back(server.Login("worker" + std::to_string(t), "worker-password-1"));
  }
  // Each worker only counts what went wrong; the test asserts after join.
  std::atomic<int> failures{0};
  auto expect = [&failures](bool ok) {
    if (!ok) ++failures;
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string prefix = "t" + std::to_string(t) + "-";
      const std::string& token = tokens[static_cast<std::size_t>(t)];
      std::string last_path;
      int live = 0;
      for (int i = 0; i < kRequests; ++i) {
        switch (i % 10) {
          case 0:
          case 5: {
            HttpReply made = server.Post("/items", {{"name", prefix + std::to_string(i)}}, token);
            expect(made.status == 201);
            last_path = "/items/" + std::to_string(made.json.value("id", 0));
            ++live;
            break;
          }
          case 1:
          case 6: expect(server.Get(last_path, token).json.value("user_id", 0) == t + 2); break;
          case 2:
            expect(server.Patch(last_path, {{"description", "d" + std::to_string(i)}}, token)
                       .json.value("description", "") == "d" + std::to_string(i));
            break;
          case 3: expect(server.Get("/roles").json.size() == 2); break;
          case 4:
            expect(server.Get("/items?name=" + prefix, token).json.value("total", -1) == live);
            break;
          case 7:
            expect(server.Get("/auth/me", token).json.value("username", "") ==
                   "worker" + std::to_string(t));
            break;
          case 8: expect(server.Get("/versions").status == 200); break;
          case 9:
            expect(server.Delete(last_path, token).status == 200);
            --live;
            break;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);

  auto items = server.services().items().List({}, core::PageRequest{1, 1});
  REQUIRE(items);
  CHECK(items->total == kThreads * kRequests / 10);
}
