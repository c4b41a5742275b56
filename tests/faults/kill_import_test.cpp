// Fault: `item import` killed with SIGKILL while it writes.

#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>

#include "tests/faults/fault_support.hpp"

using namespace itemctl;

namespace {

constexpr int kRows = 100000;

// A CSV of kRows items with descriptions long enough that the import's
// transaction spills pages into the WAL long before it commits.
std::string WriteItemFile(const test::TempDir& dir) {
  std::string path = dir.File("items.csv");
  std::ofstream file(path);
  file << "name,description\n";
  std::string filler(120, 'x');
  for (int i = 0; i < kRows; ++i) file << "item-" << i << ",row " << i << " " << filler << "\n";
  file.close();
  REQUIRE(file);
  return path;
}

}  // namespace

TEST_CASE("kill -9 in the middle of a 100 000-row import leaves all of it or none of it",
          "[faults][kill]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  REQUIRE(test::RunOn(db, {"migrate"}).exit_code == 0);
  std::string csv = WriteItemFile(dir);

  test::ProcessSpec spec;
  spec.args = {"--db", db, "item", "import", csv};
  spec.env = test::FaultEnv();
  test::ItemctlProcess import(spec);
  // The event: the open transaction has spilled 1 MiB of pages into the WAL
  // (the whole import is about 40 MiB), so it is well under way.
  bool spilled = test::WaitForFileSize(db + "-wal", 1 << 20);
  REQUIRE(kill(import.pid(), SIGKILL) == 0);
  test::ProcessResult killed = import.Finish();
  INFO(killed.out << killed.err);
  REQUIRE(spilled);
  CHECK(killed.exit_code == 128 + SIGKILL);

  test::DatabaseFacts facts = test::ReadFacts(db);
  CHECK(facts.integrity == "ok");
  INFO("items after the kill: " << facts.items);
  CHECK((facts.items == 0 || facts.items == kRows));

  // The database is usable as it is: the import runs again to the end.
  test::ProcessResult again = test::RunOn(db, {"item", "import", csv});
  INFO(again.err);
  if (facts.items == 0) {
    CHECK(again.exit_code == 0);
    CHECK(again.out == "Imported 100000 items from '" + csv + "' for 'admin'.\n");
  } else {
    CHECK(again.exit_code == 4);  // every name is taken already
  }
  test::DatabaseFacts final_facts = test::ReadFacts(db);
  CHECK(final_facts.integrity == "ok");
  CHECK(final_facts.items == kRows);
}
