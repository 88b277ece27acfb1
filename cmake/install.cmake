# `cmake --install` puts the runtime (static libraries and libbaton.so), the
# public headers, a CMake package (find_package(baton) -> baton::runtime,
# baton::compiler, baton::shared) and a pkg-config file (baton.pc, the C API).
include(CMakePackageConfigHelpers)

install(TARGETS baton_common baton_stdlib baton_runtime baton_shared baton_grammar baton_compiler
        EXPORT batonTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS baton RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir common runtime stdlib compiler grammar)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

install(EXPORT batonTargets NAMESPACE baton:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/baton-config.cmake.in
                              ${PROJECT_BINARY_DIR}/baton-config.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/baton-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/baton-config.cmake ${PROJECT_BINARY_DIR}/baton-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)

configure_file(${PROJECT_SOURCE_DIR}/cmake/baton.pc.in ${PROJECT_BINARY_DIR}/baton.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/baton.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
