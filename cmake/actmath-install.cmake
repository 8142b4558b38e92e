include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS actmath EXPORT actmathTargets)
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT actmathTargets NAMESPACE actmath:: DESTINATION ${CMAKE_INSTALL_DATADIR}/actmath/cmake)
configure_package_config_file(cmake/actmathConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/actmathConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_DATADIR}/actmath/cmake)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/actmathConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/actmathConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/actmathConfigVersion.cmake
              cmake/actmath-xsimd.cmake
        DESTINATION ${CMAKE_INSTALL_DATADIR}/actmath/cmake)
