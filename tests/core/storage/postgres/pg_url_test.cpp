// RedactedUrl and ScrubPassword: a PostgreSQL password never reaches a
// message, whichever way the URL spells it.

#include <catch2/catch.hpp>

#include "core/storage/postgres/pg_url.hpp"

using itemctl::core::IsPostgresUrl;
using itemctl::core::RedactedUrl;
using itemctl::core::ScrubPassword;

TEST_CASE("pg RedactedUrl masks the password in the user info", "[core][pg]") {
  CHECK(RedactedUrl("postgresql://bob:s3cret@db.example:5432/items") ==
        "postgresql://bob:***@db.example:5432/items");
  CHECK(RedactedUrl("postgres://bob:s3cret@db/items?sslmode=verify-full") ==
        "postgres://bob:***@db/items?sslmode=verify-full");
  // Percent-encoded characters stay inside the masked part.
  CHECK(RedactedUrl("postgresql://bob:p%40ss%2Fw@db/items") == "postgresql://bob:***@db/items");
}

TEST_CASE("pg RedactedUrl masks password query parameters", "[core][pg]") {
  CHECK(RedactedUrl("postgresql://db/items?password=s3cret") ==
        "postgresql://db/items?password=***");
  CHECK(RedactedUrl("postgresql://bob:one@db/items?sslmode=require&password=two&user=x") ==
        "postgresql://bob:***@db/items?sslmode=require&password=***&user=x");
}

TEST_CASE("pg RedactedUrl leaves URLs without a password alone", "[core][pg]") {
  CHECK(RedactedUrl("postgresql://bob@db/items") == "postgresql://bob@db/items");
  CHECK(RedactedUrl("postgresql://db:5432/items") == "postgresql://db:5432/items");
  CHECK(RedactedUrl("postgresql:///items?host=/run/postgresql") ==
        "postgresql:///items?host=/run/postgresql");
  CHECK(RedactedUrl("postgresql://bob:@db/items") == "postgresql://bob:@db/items");
  CHECK(RedactedUrl("") == "");
}

TEST_CASE("pg RedactedUrl masks the password of a key/value connection string", "[core][pg]") {
  CHECK(RedactedUrl("host=db password=s3cret dbname=items") ==
        "host=db password=*** dbname=items");
  CHECK(RedactedUrl("host=db password = 'it\\'s a secret' dbname=items") ==
        "host=db password = *** dbname=items");
}

TEST_CASE("pg ScrubPassword removes the password from libpq's messages", "[core][pg]") {
  CHECK(ScrubPassword("invalid percent-encoded token: \"p@ss%zz\"",
                      "postgresql://bob:p%40ss%zz@db/items") ==
        "invalid percent-encoded token: \"***\"");
  CHECK(ScrubPassword("bad s3cret and s3cret", "postgresql://db/x?password=s3cret") ==
        "bad *** and ***");
  CHECK(ScrubPassword("nothing to hide", "postgresql://bob@db/items") == "nothing to hide");
}

TEST_CASE("pg IsPostgresUrl tells libpq URIs from file paths", "[core][pg]") {
  CHECK(IsPostgresUrl("postgresql://db/items"));
  CHECK(IsPostgresUrl("postgres://db/items"));
  CHECK_FALSE(IsPostgresUrl("./itemctl.db"));
  CHECK_FALSE(IsPostgresUrl("postgresql.db"));
}
