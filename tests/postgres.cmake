# The ctest fixture `postgres`: a throw-away PostgreSQL cluster
# (scripts/pg-cluster.sh) in <build>/pg-cluster, started before the first
# test that requires it and stopped after the last. Such tests find the
# cluster's URL in the file ITEMCTL_PG_URL_FILE names (compiled into the
# test support; $ITEMCTL_TEST_PG_URL_FILE overrides it).
#
# ctest adds a fixture's setup and cleanup to any selection that needs them
# (`ctest -R pg`); they also carry the labels of the tests that use them, so
# `ctest -L unit` lists them too.
set(ITEMCTL_PG_CLUSTER_DIR "${CMAKE_BINARY_DIR}/pg-cluster")
set(ITEMCTL_PG_URL_FILE "${ITEMCTL_PG_CLUSTER_DIR}/url")
set(itemctl_pg_labels unit)

add_test(NAME postgres_cluster_start
         COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg-cluster.sh" start "${ITEMCTL_PG_CLUSTER_DIR}")
set_tests_properties(postgres_cluster_start PROPERTIES
  FIXTURES_SETUP postgres LABELS "${itemctl_pg_labels}" TIMEOUT 300)
add_test(NAME postgres_cluster_stop
         COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg-cluster.sh" stop "${ITEMCTL_PG_CLUSTER_DIR}")
set_tests_properties(postgres_cluster_stop PROPERTIES
  FIXTURES_CLEANUP postgres LABELS "${itemctl_pg_labels}")


# The test-side helper reads both paths. Set on that one source so the
# other test sources (and their precompiled header) are unaffected.
set_source_files_properties(core/storage/postgres/pg_test_database.cpp PROPERTIES
  COMPILE_DEFINITIONS
    "ITEMCTL_PG_URL_FILE=\"${ITEMCTL_PG_URL_FILE}\";ITEMCTL_PG_MIGRATIONS_DIR=\"${PROJECT_SOURCE_DIR}/migrations/postgres\"")
