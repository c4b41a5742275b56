# The fully static configure of the same sources, used by
# packaging/build-static.sh as
#   cmake -DCMAKE_PROJECT_INCLUDE=packaging/static.cmake
#         -DITEMCTL_STATIC_DEPS_PREFIX=<prefix of packaging/static-deps.sh> ...
# CMake includes it right after project(), before any find_package(), so the
# top-level CMakeLists.txt stays the ordinary dynamic build:
# - every library is found as a static archive: Debian's own (SQLite, Botan)
#   from /usr, the ones Debian ships only shared (fmt, spdlog,
#   prometheus-cpp, cpp-httplib) and libpq from ITEMCTL_STATIC_DEPS_PREFIX, which is
#   searched first (CMake configs and pkg-config files alike);
# - the `itemctl` executable is linked with -static (glibc included).

if(NOT ITEMCTL_STATIC_DEPS_PREFIX OR NOT EXISTS "${ITEMCTL_STATIC_DEPS_PREFIX}/.itemctl-static-deps")
  message(FATAL_ERROR "static build: ITEMCTL_STATIC_DEPS_PREFIX must name the prefix "
                      "packaging/static-deps.sh built (got '${ITEMCTL_STATIC_DEPS_PREFIX}')")
endif()

set(ITEMCTL_STATIC ON)
# The static binary speaks to PostgreSQL too: static-deps.sh builds a libpq
# without GSSAPI and LDAP (Debian's libpq.a needs both, shipped only shared)
# and installs the libpq.pc found below, which names libpq's own support
# archives and Debian's static OpenSSL.
set(ITEMCTL_POSTGRES ON CACHE BOOL "Build the PostgreSQL engine (libpq)" FORCE)
list(PREPEND CMAKE_PREFIX_PATH "${ITEMCTL_STATIC_DEPS_PREFIX}")
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
# pkg_check_modules also reads CMAKE_PREFIX_PATH; the environment variable
# makes the static cpp-httplib.pc win over Debian's on every re-configure.
set(ENV{PKG_CONFIG_PATH} "${ITEMCTL_STATIC_DEPS_PREFIX}/lib/pkgconfig")

# Runs once the whole tree is configured, when the targets exist.
function(itemctl_static_finalize)
  if(NOT TARGET itemctl)
    message(FATAL_ERROR "static build: no itemctl target")
  endif()
  # Botan's pkg-config file also lists bz2, lzma, zlib, SQLite and libtspi
  # (TPM, shipped only shared) for modules itemctl never calls; the objects
  # of libbotan-2.a it does pull in need none of them, so none is linked.
  target_link_options(itemctl PRIVATE -static)
endfunction()
cmake_language(DEFER CALL itemctl_static_finalize)
