# `cmake --install` puts the runtime (static libraries, libbaton.so and
# libbaton_compiler.so), the public headers, a CMake package (find_package(baton)
# -> baton::runtime, baton::compiler, baton::shared, baton::compiler_shared) and
# pkg-config files: baton.pc (the C API), baton-compiler.pc (the compiler's C
# API) and baton-cpp.pc (the static C++ runtime and its dependencies).
# The same package is exported from the build tree, so a consumer can point
# baton_DIR at a build directory without installing (docs/embedding.md).
include(CMakePackageConfigHelpers)

install(TARGETS baton_common baton_stdlib baton_runtime baton_shared baton_grammar baton_compiler
                baton_compiler_shared
        EXPORT batonTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS baton RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir common runtime stdlib compiler grammar)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

install(EXPORT batonTargets NAMESPACE baton:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)
# The build tree's copy: baton_DIR=<build> finds baton-config.cmake next to it.
export(EXPORT batonTargets NAMESPACE baton:: FILE ${PROJECT_BINARY_DIR}/batonTargets.cmake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/baton-config.cmake.in
                              ${PROJECT_BINARY_DIR}/baton-config.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/baton-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/baton-config.cmake ${PROJECT_BINARY_DIR}/baton-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/baton)

# pkg-config files find their prefix from where they are installed
# (${pcfiledir}), so an install moved to another prefix keeps working.
file(RELATIVE_PATH BATON_PC_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
foreach(pc baton baton-cpp baton-compiler)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
