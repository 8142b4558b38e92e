# Installation: headers, the exported target actmath::actmath, a CMake package (config +
# version file) and a pkg-config file.
#
#   cmake --install <build> --prefix <prefix>   installs
#     <prefix>/include/actmath/...                         the headers
#     <prefix>/share/actmath/cmake/actmathConfig.cmake     find_package(actmath CONFIG)
#     <prefix>/share/actmath/cmake/actmathConfigVersion.cmake   SameMajorVersion, any arch
#     <prefix>/share/actmath/cmake/actmath-xsimd.cmake     finds xsimd (Debian's xtl quirk)
#     <prefix>/share/actmath/cmake/actmath-dispatch.cmake  actmath_dispatch(): per-arch TUs
#     <prefix>/share/pkgconfig/actmath.pc                  pkg-config --cflags actmath
#
# The library is header-only, so everything goes under share/ (ARCH_INDEPENDENT): one install
# serves every compiler and architecture.  ACTMATH_INSTALL (on when top-level) lets a parent
# project that uses add_subdirectory leave actmath out of its own install.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(ACTMATH_INSTALL "Generate the install rules" ${ACTMATH_TOP_LEVEL})

if(ACTMATH_INSTALL)
  set(ACTMATH_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/actmath/cmake)

  # INCLUDES DESTINATION puts <prefix>/include on the exported target's include path whatever
  # the target's own INSTALL_INTERFACE says.
  install(TARGETS actmath EXPORT actmathTargets INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT actmathTargets NAMESPACE actmath:: DESTINATION ${ACTMATH_CMAKE_DIR})

  configure_package_config_file(cmake/actmathConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/actmathConfig.cmake
    INSTALL_DESTINATION ${ACTMATH_CMAKE_DIR})
  write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/actmathConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)

  # pkg-config: header-only, so only Cflags; xsimd ships its own xsimd.pc (Debian does).
  configure_file(cmake/actmath.pc.in ${CMAKE_CURRENT_BINARY_DIR}/actmath.pc @ONLY)

  set(ACTMATH_PACKAGE_FILES
    ${CMAKE_CURRENT_BINARY_DIR}/actmathConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/actmathConfigVersion.cmake
    cmake/actmath-xsimd.cmake)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/actmath-dispatch.cmake)
    list(APPEND ACTMATH_PACKAGE_FILES cmake/actmath-dispatch.cmake)
  endif()
  install(FILES ${ACTMATH_PACKAGE_FILES} DESTINATION ${ACTMATH_CMAKE_DIR})
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/actmath.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)
endif()
