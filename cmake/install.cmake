# Install rules: cmake --install BUILD --prefix P puts
#   P/lib*/libneqent.so*                  the library (soname libneqent.so.0)
#   P/include/neqent/*.h                  the public headers, version.h included
#   P/lib*/pkgconfig/neqent.pc            pkg-config --cflags --libs neqent
#   P/lib*/cmake/neqent/                  find_package(neqent) -> neqent::neqent
#   P/bin/neqent, P/share/man/man1/neqent.1
# (lib* is GNUInstallDirs' CMAKE_INSTALL_LIBDIR.)
include(CMakePackageConfigHelpers)

set_target_properties(neqent_lib PROPERTIES EXPORT_NAME neqent)
install(TARGETS neqent_lib EXPORT neqentTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/neqent/ ${PROJECT_BINARY_DIR}/include/neqent/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/neqent FILES_MATCHING PATTERN "*.h")

# The program finds the library next to it (P/bin/../lib*) without
# LD_LIBRARY_PATH or ldconfig.
file(RELATIVE_PATH NEQ_BIN_TO_LIB ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
set_target_properties(neqent PROPERTIES INSTALL_RPATH "$ORIGIN/${NEQ_BIN_TO_LIB}")
install(TARGETS neqent RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man page, with the version of project() on its .TH line.
file(READ man/neqent.1 NEQ_MAN)
string(REGEX REPLACE "\"neqent [0-9][0-9.]*\"" "\"neqent ${PROJECT_VERSION}\"" NEQ_MAN "${NEQ_MAN}")
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/man/neqent.1 CONTENT "${NEQ_MAN}" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS man/neqent.1)
install(FILES ${PROJECT_BINARY_DIR}/man/neqent.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# pkg-config file: written at install time, so that its prefix is the one
# given to cmake --install --prefix (not the configure-time default).
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(NEQ_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(NEQ_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
install(CODE "
  set(NEQ_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(NEQ_PC_LIBDIR [[${NEQ_PC_LIBDIR}]])
  set(NEQ_PC_INCLUDEDIR [[${NEQ_PC_INCLUDEDIR}]])
  set(NEQ_PC_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/neqent.pc.in\" \"${PROJECT_BINARY_DIR}/pkgconfig/neqent.pc\" @ONLY)")
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/neqent.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# CMake package: find_package(neqent) gives the imported target neqent::neqent.
set(NEQ_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/neqent)
install(EXPORT neqentTargets NAMESPACE neqent:: DESTINATION ${NEQ_CMAKE_DIR})
configure_package_config_file(cmake/neqentConfig.cmake.in
  ${PROJECT_BINARY_DIR}/neqentConfig.cmake INSTALL_DESTINATION ${NEQ_CMAKE_DIR})
# Before 1.0 a minor release may change the API: 0.1.x satisfies 0.1 only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/neqentConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/neqentConfig.cmake
              ${PROJECT_BINARY_DIR}/neqentConfigVersion.cmake
  DESTINATION ${NEQ_CMAKE_DIR})
