# Every tests/<module>/test_*.c is one CTest test labelled "unit" (they run
# in both the Release and the ASan+UBSan builds).  Peer comparisons with
# QuTiP / SciPy are Python scripts labelled "peer"; they load the shared
# library through ctypes, so they run in the Release build only.
# The environment of every test: one OpenBLAS thread (the tests time
# nothing, and threads would only add noise); in the sanitizer build the
# leak checker's view of third-party libraries (tests/lsan.supp says why).
set(NEQ_TEST_ENV "OPENBLAS_NUM_THREADS=1")
if(NEQ_SANITIZE)
  list(APPEND NEQ_TEST_ENV
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:fast_unwind_on_malloc=0:print_suppressions=0"
    "OMPI_MCA_mca_base_component_disable_dlclose=1")
endif()
file(GLOB_RECURSE NEQ_UNIT_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/*/test_*.c)
foreach(src IN LISTS NEQ_UNIT_TESTS)
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(module ${dir} NAME)
  set(target ${module}_${name})
  add_executable(${target} ${src})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  # tests of internal parts (test_*_parts.c) link the static archive
  if(name MATCHES "_parts$")
    target_link_libraries(${target} PRIVATE neqent_internal)
  else()
    target_link_libraries(${target} PRIVATE neqent_lib)
  endif()
  add_test(NAME ${module}/${name} COMMAND ${target})
  set_tests_properties(${module}/${name} PROPERTIES LABELS unit
    ENVIRONMENT "${NEQ_TEST_ENV}")
endforeach()

# the version test compares with project(neqent VERSION ...) in the source
target_compile_definitions(core_test_version PRIVATE NEQ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# tests/threads/test_threads.c: POSIX threads sharing plans.  In the
# ThreadSanitizer build (NEQ_TSAN) a report fails it; tsan.supp names the
# uninstrumented libraries' internals that TSan must not blame on neqent.
find_package(Threads REQUIRED)
target_link_libraries(threads_test_threads PRIVATE Threads::Threads)
if(NEQ_TSAN)
  set_tests_properties(threads/test_threads PROPERTIES ENVIRONMENT
    "OPENBLAS_NUM_THREADS=1;TSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/threads/tsan.supp halt_on_error=1 second_deadlock_stack=1")
endif()

file(GLOB_RECURSE NEQ_CLI_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/cli/test_*.sh)
foreach(script IN LISTS NEQ_CLI_TESTS)
  get_filename_component(name ${script} NAME_WE)
  if(name STREQUAL "test_mpi" AND NOT NEQENT_MPI)
    continue() # a program built without MPI runs whole under every rank
  endif()
  add_test(NAME cli/${name} COMMAND bash ${script} $<TARGET_FILE:neqent>)
  set_tests_properties(cli/${name} PROPERTIES LABELS unit ENVIRONMENT "${NEQ_TEST_ENV}")
endforeach()

if(NEQ_PEER_TESTS AND NOT NEQ_SANITIZE)
  file(GLOB_RECURSE NEQ_PEER_SCRIPTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/peer/test_*.py)
  foreach(script IN LISTS NEQ_PEER_SCRIPTS)
    get_filename_component(name ${script} NAME_WE)
    add_test(NAME peer/${name} COMMAND /usr/bin/python3 ${script} $<TARGET_FILE:neqent_lib>)
    set_tests_properties(peer/${name} PROPERTIES LABELS peer
      ENVIRONMENT "OPENBLAS_NUM_THREADS=1;PYTHONDONTWRITEBYTECODE=1")
  endforeach()
endif()

# The parser fuzz target (libFuzzer, clang): built and run briefly by
# tests/fuzz/run.sh in the Release build when clang is installed.
find_program(NEQ_CLANG clang)
if(NEQ_CLANG AND NOT NEQ_SANITIZE)
  add_test(NAME fuzz/parsers COMMAND bash ${PROJECT_SOURCE_DIR}/tests/fuzz/run.sh
           ${CMAKE_BINARY_DIR} 20000)
  set_tests_properties(fuzz/parsers PROPERTIES LABELS fuzz)
endif()

# The library exports exactly its documented API: every dynamic symbol of
# libneqent.so starts with neq_ and is declared, with a comment directly
# above, in a header of include/neqent/ (between NEQ_BEGIN_DECLS and
# NEQ_END_DECLS, which give default visibility; the rest is hidden).
if(NOT NEQ_SANITIZE)
  add_test(NAME exports/documented
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/exports/check_exports.py
            $<TARGET_FILE:neqent_lib> ${PROJECT_SOURCE_DIR}/include/neqent
            ${PROJECT_BINARY_DIR}/include/neqent)
  set_tests_properties(exports/documented PROPERTIES LABELS unit
    ENVIRONMENT "NM=${CMAKE_NM};PYTHONDONTWRITEBYTECODE=1")
endif()

# A user's view of an installed neqent (tests/install/test_install.sh):
# cmake --install into a temporary prefix, every examples/*.c built with
# pkg-config's flags and run, a find_package(neqent) project built and run.
if(NOT NEQ_SANITIZE)
  add_test(NAME install/examples
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/test_install.sh ${PROJECT_BINARY_DIR}
            ${CMAKE_C_COMPILER})
  set_tests_properties(install/examples PROPERTIES LABELS unit)
endif()

# tests/master/mpi_sparse.c: one steady state across MPI ranks, run by
# tests/cli/test_mpi.sh under mpirun (not a test by itself)
if(NEQENT_MPI)
  add_executable(master_mpi_sparse ${PROJECT_SOURCE_DIR}/tests/master/mpi_sparse.c)
  target_include_directories(master_mpi_sparse PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(master_mpi_sparse PRIVATE neqent_lib MPI::MPI_C)
endif()
