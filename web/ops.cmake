# The operations surface of `itemctl serve` (SPEC §2 operations routes, §5):
# metrics, OpenAPI + Redoc docs, static files, the JSON log format. Included
# from web/CMakeLists.txt; the server links itemctl_ops.
add_library(itemctl_ops STATIC
  docs.cpp
  json_log_formatter.cpp
  metrics.cpp
  openapi.cpp
  openapi_operations.cpp
  openapi_schemas.cpp
  process_metrics.cpp
  session_alerts.cpp
  static_files.cpp
  throttle_log.cpp
)
itemctl_defaults(itemctl_ops)
itemctl_precompile(itemctl_ops <httplib.h> <nlohmann/json.hpp> <spdlog/spdlog.h>)
target_link_libraries(itemctl_ops
  PUBLIC itemctl_core nlohmann_json::nlohmann_json spdlog::spdlog
  PRIVATE PkgConfig::HTTPLIB prometheus-cpp::core Threads::Threads)

itemctl_embed(itemctl_ops StaticAssets "${PROJECT_SOURCE_DIR}/assets/static"
  "${PROJECT_SOURCE_DIR}/assets/static/logo.png"
)

# The Redoc bundle and the redocly CLI come from npm, pinned by
# assets/docs/package-lock.json and installed into the build tree at build
# time; the bundle is then compiled into the binary.
set(ITEMCTL_DOCS_TOOLS_DIR "${CMAKE_CURRENT_BINARY_DIR}/docs-tools" CACHE INTERNAL
    "node_modules of assets/docs/package.json (Redoc bundle, redocly CLI)")
set(redoc_bundle "${ITEMCTL_DOCS_TOOLS_DIR}/node_modules/redoc/bundles/redoc.standalone.js")
add_custom_command(
  OUTPUT "${redoc_bundle}"
  COMMAND "${PROJECT_SOURCE_DIR}/scripts/fetch-docs-bundle.sh" "${ITEMCTL_DOCS_TOOLS_DIR}"
  DEPENDS "${PROJECT_SOURCE_DIR}/assets/docs/package.json"
          "${PROJECT_SOURCE_DIR}/assets/docs/package-lock.json"
          "${PROJECT_SOURCE_DIR}/scripts/fetch-docs-bundle.sh"
  COMMENT "Installing the pinned Redoc bundle and redocly CLI (npm ci)"
  VERBATIM)
add_custom_target(itemctl_docs_tools DEPENDS "${redoc_bundle}")
add_dependencies(itemctl_ops itemctl_docs_tools)
itemctl_embed(itemctl_ops RedocBundle "${ITEMCTL_DOCS_TOOLS_DIR}/node_modules/redoc/bundles"
  "${redoc_bundle}"
)

# What needs the router (web/router.hpp) is compiled into itemctl_web itself,
# so the server can register the operations routes with one call.
target_sources(itemctl_web PRIVATE asset_reply.cpp operations.cpp)
target_link_libraries(itemctl_web PUBLIC itemctl_ops)
