# Compiler settings shared by every target, and the helpers that declare
# tests and fuzz targets in one line each.

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_AUTOMOC ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# CI builds on the same machine every time: ccache turns rebuilds into cache hits.
find_program(GUESTKIT_CCACHE ccache)
if(GUESTKIT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${GUESTKIT_CCACHE})
endif()

add_compile_options(-Wall -Wextra)
# The test command builds with -Werror so that no warning lands.
if(GUESTKIT_WERROR)
    add_compile_options(-Werror)
endif()
# Keep the code Qt6-clean (design.md): deprecated Qt 5 API does not compile.
add_compile_definitions(QT_DISABLE_DEPRECATED_BEFORE=0x050F00 QT_NO_FOREACH
                        QT_NO_CAST_TO_ASCII GUESTKIT_VERSION="${PROJECT_VERSION}")

if(GUESTKIT_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
if(GUESTKIT_FUZZ)
    # Instrument everything for coverage; only the fuzz targets link libFuzzer's main.
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined)
    add_link_options(-fsanitize=address,undefined)
endif()

# guestkit_add_test(NAME <name> SOURCES <files...> LIBS <targets...> [LABELS <labels>]
#                   [ROOT] [TIMEOUT <s>])
# One QtTest executable, registered with CTest under its own name.
# ROOT: the suite has tests that need root (they create users, mount file
# systems, ...) and skip visibly without it; it adds the label `root`, so
# `ctest -L root` runs them and `ctest -LE root` leaves them out.
function(guestkit_add_test)
    cmake_parse_arguments(T "ROOT" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;DEFINITIONS" ${ARGN})
    if(T_ROOT)
        list(APPEND T_LABELS root)
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt5::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE ${T_DEFINITIONS})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
endfunction()

# guestkit_add_fuzzer(NAME <name> SOURCES <files...> LIBS <targets...>)
# A libFuzzer target, built only with -DGUESTKIT_FUZZ=ON and clang.
function(guestkit_add_fuzzer)
    cmake_parse_arguments(F "" "NAME" "SOURCES;LIBS" ${ARGN})
    if(NOT GUESTKIT_FUZZ)
        return()
    endif()
    add_executable(${F_NAME} ${F_SOURCES})
    target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    set_property(GLOBAL APPEND PROPERTY GUESTKIT_FUZZERS ${F_NAME})
endfunction()
