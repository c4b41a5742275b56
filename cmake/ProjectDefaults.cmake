option(ITEMCTL_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
# Empty: no sanitizer. "address,undefined" (or ON) for ASan+UBSan, "thread"
# for TSan. UB is fatal, so a report fails the test that triggered it.
set(ITEMCTL_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread")
option(ITEMCTL_PCH "Precompile each target's heavy third-party headers" ON)

# Applies the project's compile settings to one target.
function(itemctl_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast)
  if(ITEMCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
  if(ITEMCTL_SANITIZE)
    set(sanitizers "${ITEMCTL_SANITIZE}")
    if(sanitizers STREQUAL "ON")
      set(sanitizers "address,undefined")
    endif()
    target_compile_options(${target} PRIVATE
      -fsanitize=${sanitizers} -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${sanitizers})
  endif()
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
