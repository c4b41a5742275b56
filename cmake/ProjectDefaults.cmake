option(ITEMCTL_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
# Empty: no sanitizer. "address,undefined" (or ON) for ASan+UBSan, "thread"
# for TSan. UB is fatal, so a report fails the test that triggered it.
set(ITEMCTL_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread")
option(ITEMCTL_PCH "Precompile each target's heavy third-party headers" ON)
option(ITEMCTL_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only; implies address,undefined)" OFF)

if(ITEMCTL_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ITEMCTL_FUZZ needs clang: configure with CC=clang CXX=clang++")
endif()

# Applies the project's compile settings to one target. Under ITEMCTL_FUZZ
# every library gets libFuzzer's coverage instrumentation (fuzzer-no-link) so
# that the fuzzers see the edges inside the libraries they call, and the
# sanitizers stop at the first report instead of carrying on.
function(itemctl_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast)
  if(ITEMCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
  set(sanitizers "${ITEMCTL_SANITIZE}")
  if(sanitizers STREQUAL "ON" OR ITEMCTL_FUZZ)
    set(sanitizers "address,undefined")
  endif()
  if(sanitizers)
    target_compile_options(${target} PRIVATE
      -fsanitize=${sanitizers} -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${sanitizers})
  endif()
  # Coverage only where a fuzzer can reach: the libraries (the fuzz targets'
  # own sources get it from -fsanitize=fuzzer). The itemctl executable and
  # the test executables in the same tree compile faster without it.
  get_target_property(type ${target} TYPE)
  if(ITEMCTL_FUZZ AND type STREQUAL "STATIC_LIBRARY")
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link -fno-sanitize-recover=all)
  endif()
endfunction()

# A libFuzzer executable: the project defaults plus libFuzzer's main.
function(itemctl_fuzzer target)
  itemctl_defaults(${target})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
endfunction()

# Precompiles the third-party headers a target's sources include most, so
# each source stops re-parsing them (CLI11, cpp-httplib, nlohmann_json and
# Catch2 are header-only and dominate the build time).
function(itemctl_precompile target)
  if(ITEMCTL_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# Test code is compiled for compile speed (-O0, line tables only): what it
# tests, the libraries and the binary, keeps the build type's optimisation.
function(itemctl_test_defaults target)
  itemctl_defaults(${target})
  target_compile_options(${target} PRIVATE -O0 -g1)
endfunction()
