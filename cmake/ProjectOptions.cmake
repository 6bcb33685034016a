# Warnings, -Werror and sanitizers for our own targets only; imported Debian targets are untouched.
add_library(paseo_options INTERFACE)
target_compile_options(paseo_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wimplicit-fallthrough
  # g++ 12 at -O2/-O3 reports -Wrestrict false positives inside libstdc++'s std::string (GCC PR 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${PASEO_WERROR}>:-Werror>)
target_compile_definitions(paseo_options INTERFACE
  BOOST_BEAST_USE_STD_STRING_VIEW
  # Boost 1.74 detects coroutines only for GCC; clang tools need them spelled out (asio#939).
  $<$<CXX_COMPILER_ID:Clang>:BOOST_ASIO_HAS_CO_AWAIT=1 BOOST_ASIO_HAS_STD_COROUTINE=1>)
target_include_directories(paseo_options INTERFACE ${PROJECT_SOURCE_DIR}/src)
if(PASEO_SANITIZE)
  target_compile_options(paseo_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(paseo_options INTERFACE -fsanitize=address,undefined)
endif()

# paseo_malloc: jemalloc for the server binaries (paseo and the benchmark servers). With glibc's
# malloc, arena locks, consolidation and heap trimming took ~20% of the CPU of an OCTO
# availability request across 64 connections; jemalloc measured +20% req/s (docs/benchmarks.md).
# Not under sanitizers, which replace malloc themselves; without the package, glibc's malloc.
add_library(paseo_malloc INTERFACE)
if(NOT PASEO_SANITIZE)
  find_library(PASEO_JEMALLOC_LIBRARY NAMES jemalloc)
  if(PASEO_JEMALLOC_LIBRARY)
    target_link_libraries(paseo_malloc INTERFACE ${PASEO_JEMALLOC_LIBRARY})
  else()
    message(WARNING "libjemalloc-dev not found: the server uses glibc's malloc (slower)")
  endif()
endif()

# paseo_library(NAME SOURCES ... DEPS ...): one static library per module.
function(paseo_library name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${L_SOURCES})
  target_link_libraries(${name} PUBLIC paseo_options ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
endfunction()

# paseo_test(NAME SOURCES ... LIBS ... LABELS label): one gtest binary; every TEST() becomes its own
# ctest test. gtest_discover_tests keeps only one label, so pass exactly one.
function(paseo_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE paseo_options ${T_LIBS} GTest::gmock GTest::gtest_main)
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
endfunction()
