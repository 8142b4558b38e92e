# Finds xsimd.  Debian's xsimd 8.1 CMake package links a target named `xtl` that Debian does
# not ship (xsimd only needs xtl for its optional xtl::xcomplex support), so an empty
# INTERFACE target stands in for it before find_package.
if(NOT TARGET xsimd)
  if(NOT TARGET xtl)
    add_library(xtl INTERFACE IMPORTED)
  endif()
  find_package(xsimd REQUIRED)
endif()
