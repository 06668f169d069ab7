# Which library multiplies matrices (docs/performance.md, "Matrix products"):
# sets EXP_MATRIX_BACKEND to openblas or eigen from the cache variable EXP_BLAS.
#   auto (default)  OpenBLAS when it is installed (Debian libopenblas-dev,
#                   scripts/setup.sh) and the kernels it picks on this machine
#                   use the CPU's widest vectors; Eigen's own GEMM otherwise
#   openblas        OpenBLAS, whatever kernels it picks (fails if not installed)
#   eigen, or empty Eigen's own GEMM
# The build is tuned for this CPU already (-march=native), so is the choice.

set(EXP_MATRIX_BACKEND eigen)
if(EXP_BLAS STREQUAL "openblas")
  find_library(EXP_OPENBLAS_LIBRARY NAMES openblas REQUIRED)
  set(EXP_MATRIX_BACKEND openblas)
elseif(EXP_BLAS STREQUAL "auto")
  find_library(EXP_OPENBLAS_LIBRARY NAMES openblas)
  if(NOT EXP_OPENBLAS_LIBRARY)
    message(NOTICE "exp: OpenBLAS not found (Debian libopenblas-dev; scripts/setup.sh installs it): matrix products through Eigen")
  else()
    # OpenBLAS reads OPENBLAS_CORETYPE when it is loaded, before main; a
    # value set while configuring need not be set when exp runs, so the probe
    # judges the kernels OpenBLAS picks by itself.
    set(exp_saved_coretype "$ENV{OPENBLAS_CORETYPE}")
    unset(ENV{OPENBLAS_CORETYPE})
    try_run(exp_probe_run exp_probe_compiled ${CMAKE_BINARY_DIR}/openblas-probe
      ${PROJECT_SOURCE_DIR}/cmake/openblas_probe.cpp
      CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${PROJECT_SOURCE_DIR}"
      CXX_STANDARD 20
      LINK_LIBRARIES ${EXP_OPENBLAS_LIBRARY}
      COMPILE_OUTPUT_VARIABLE exp_probe_compile_output
      RUN_OUTPUT_VARIABLE exp_probe_output)
    if(NOT exp_saved_coretype STREQUAL "")
      set(ENV{OPENBLAS_CORETYPE} "${exp_saved_coretype}")
    endif()
    string(REPLACE "\n" ";" exp_probe_lines "${exp_probe_output};")
    list(GET exp_probe_lines 0 exp_probe_core)
    list(GET exp_probe_lines 1 exp_probe_misfit)
    if(NOT exp_probe_compiled)
      message(NOTICE "exp: could not build a program against ${EXP_OPENBLAS_LIBRARY}: matrix products through Eigen\n${exp_probe_compile_output}")
    elseif(exp_probe_run EQUAL 0)
      set(EXP_MATRIX_BACKEND openblas)
    else()
      message(NOTICE "exp: matrix products through Eigen: OpenBLAS picks ${exp_probe_core} kernels here; ${exp_probe_misfit}. "
        "To use OpenBLAS anyway, configure with -DEXP_BLAS=openblas and set OPENBLAS_CORETYPE for every run of exp (docs/performance.md)")
    endif()
  endif()
elseif(NOT EXP_BLAS STREQUAL "eigen" AND NOT EXP_BLAS STREQUAL "")
  message(FATAL_ERROR "EXP_BLAS must be auto, openblas, eigen or empty, not '${EXP_BLAS}'")
endif()

if(EXP_MATRIX_BACKEND STREQUAL "openblas")
  if(exp_probe_core)
    message(STATUS "exp: matrix products through OpenBLAS, ${exp_probe_core} kernels (${EXP_OPENBLAS_LIBRARY})")
  else()
    message(STATUS "exp: matrix products through OpenBLAS (${EXP_OPENBLAS_LIBRARY})")
  endif()
else()
  message(STATUS "exp: matrix products through Eigen")
endif()
