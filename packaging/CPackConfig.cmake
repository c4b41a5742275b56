# Install layout and Debian package of itemctl. Included by the top-level
# CMakeLists.txt once the `itemctl` target exists; `cpack -G DEB` in a build
# tree then writes itemctl_<version>_<arch>.deb:
#   /usr/bin/itemctl                                    (stripped)
#   /usr/lib/systemd/system/itemctl.service
#   /usr/share/man/man1/itemctl.1.gz                    (from --help, at install time)
#   /usr/share/bash-completion/completions/itemctl
#   /usr/share/zsh/vendor-completions/_itemctl
#   /usr/share/doc/itemctl/examples/itemctl.env.example
#   /usr/share/itemctl/monitoring/{prometheus.yml,grafana-dashboard.json}
# plus maintainer scripts creating the `itemctl` system user. In the static
# configure (packaging/static.cmake) the package depends on nothing; in the
# ordinary one dpkg-shlibdeps computes the shared-library dependencies.

set(itemctl_packaging_dir "${CMAKE_CURRENT_LIST_DIR}")

install(TARGETS itemctl RUNTIME DESTINATION bin)

# The man page describes the binary being installed, so it is generated from
# that binary's --help when installing, not on every development build.
set(itemctl_man_page "${PROJECT_BINARY_DIR}/packaging/itemctl.1.gz")
install(CODE "
  execute_process(
    COMMAND \"${itemctl_packaging_dir}/gen-man.sh\" \"$<TARGET_FILE:itemctl>\" \"${itemctl_man_page}\"
    RESULT_VARIABLE itemctl_man_result)
  if(NOT itemctl_man_result EQUAL 0)
    message(FATAL_ERROR \"packaging/gen-man.sh failed: \${itemctl_man_result}\")
  endif()
")
install(FILES "${itemctl_man_page}" DESTINATION share/man/man1)
install(FILES "${itemctl_packaging_dir}/itemctl.service" DESTINATION lib/systemd/system)
install(FILES "${itemctl_packaging_dir}/completions/itemctl.bash"
        DESTINATION share/bash-completion/completions RENAME itemctl)
install(FILES "${itemctl_packaging_dir}/completions/_itemctl" DESTINATION share/zsh/vendor-completions)
install(FILES "${itemctl_packaging_dir}/itemctl.env.example" DESTINATION share/doc/itemctl/examples)
install(FILES "${itemctl_packaging_dir}/prometheus.yml" "${itemctl_packaging_dir}/grafana-dashboard.json"
        DESTINATION share/itemctl/monitoring)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME itemctl)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "itemctl")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "admin CLI and REST API server for item management")
set(CPACK_PACKAGE_DESCRIPTION
    "itemctl is one binary that is both the admin command-line tool and the HTTP
server of a small item-management backend: users, items, roles, API versions
and login sessions in one SQLite database. It ships a hardened systemd unit
(itemctl.service), shell completions, a man page and a Prometheus and Grafana
monitoring kit.")
set(CPACK_PACKAGE_CONTACT "itemctl maintainers <maintainers@itemctl.invalid>" CACHE STRING
    "Maintainer field of the .deb")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# The maintainer scripts use useradd/groupadd from passwd (priority required).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${itemctl_packaging_dir}/debian/postinst"
    "${itemctl_packaging_dir}/debian/prerm"
    "${itemctl_packaging_dir}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(ITEMCTL_STATIC)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
