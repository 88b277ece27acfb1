# clang 14 (Debian 12's clang) miscompiles a full-expression that contains an
# immediate invocation - here fmt's consteval format_string constructor - in a
# switch arm: the arm's temporaries are destroyed at the end of the switch
# rather than of their statement, so a later arm (`default:`) runs destructors
# on objects it never constructed (llvm/llvm-project#60249). In baton this was
# `baton check` crashing in the checker, where `error(..., {fmt::format(...)},
# "message", ...)` sits in a switch arm.
#
# This probe compiles and runs that shape. Where it fails, fmt checks format
# strings with constexpr instead of consteval (FMT_CONSTEVAL defined empty, as
# fmt documents): the same code, only without compile-time format checking on
# that compiler; g++ builds still check every format string at compile time.
include(CheckCXXSourceRuns)
set(CMAKE_REQUIRED_LIBRARIES fmt::fmt)
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_runs([=[
#include <fmt/core.h>
static int constructed = 0, destroyed = 0;
struct Probe {
  Probe() { ++constructed; }
  Probe(const Probe&) { ++constructed; }
  ~Probe() { ++destroyed; }
};
template <typename... Args>
void report(Probe, fmt::format_string<Args...>, Args&&...) {}
int pick(int kind) {
  switch (kind) {
    case 1:
      report(Probe(), "{}", kind);
      return 1;
    default:
      return 0;
  }
}
int main(int argc, char**) {
  pick(argc + 1);  // the default arm: constructs nothing, so destroys nothing
  return destroyed == constructed ? 0 : 1;
}
]=] BATON_FMT_CONSTEVAL_SOUND)
unset(CMAKE_REQUIRED_LIBRARIES)
unset(CMAKE_REQUIRED_QUIET)
if(NOT BATON_FMT_CONSTEVAL_SOUND)
  message(STATUS "fmt: consteval format strings are miscompiled by this compiler; using constexpr (FMT_CONSTEVAL=)")
  add_compile_definitions(FMT_CONSTEVAL=)
endif()
