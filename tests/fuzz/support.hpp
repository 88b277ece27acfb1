#pragma once
// What every fuzz target shares: a check that stays on in release builds
// (a failed property is a finding, reported and aborted on so the fuzzer
// saves the input), and the seed SLAs the targets compile once.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace baton {
class Program;
}

namespace baton::fuzz {

[[noreturn]] inline void finding(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz finding: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

#define BATON_FUZZ_CHECK(condition, ...) \
  do {                                   \
    if (!(condition)) ::baton::fuzz::finding(#condition __VA_OPT__(, ) __VA_ARGS__); \
  } while (0)

// Compiles examples/NAME.baton from the source tree, once; aborts if it does
// not compile (the harness is broken, not the input).
std::shared_ptr<const Program> example_program(const std::string& name);

}  // namespace baton::fuzz
