option(ITEMCTL_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(ITEMCTL_SANITIZE "Build with -fsanitize=address,undefined" OFF)
option(ITEMCTL_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only; implies the sanitizers)" OFF)

if(ITEMCTL_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ITEMCTL_FUZZ needs clang: configure with CC=clang CXX=clang++")
endif()

# Applies the project's compile settings to one target. Under ITEMCTL_FUZZ
# every target gets libFuzzer's coverage instrumentation (fuzzer-no-link) so
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
  if(ITEMCTL_SANITIZE OR ITEMCTL_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(ITEMCTL_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link -fno-sanitize-recover=all)
  endif()
endfunction()

# A libFuzzer executable: the project defaults plus libFuzzer's main.
function(itemctl_fuzzer target)
  itemctl_defaults(${target})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
endfunction()
