#pragma once
// What the benchmark executables share: counting heap allocations (to show
// the warm paths make none), finding the repository, and running the
// Python generators (gen_leads.py, gen_sla.py) so that a benchmark measures
// exactly the text the by-hand commands in bench/README.md produce.
// Include from exactly one file per executable: it replaces operator new.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#ifndef BATON_SOURCE_DIR
#define BATON_SOURCE_DIR "."
#endif

namespace bench {

inline std::atomic<std::size_t> allocations{0};

// Out of line so GCC does not pair the replaced operator new with free().
[[gnu::noinline]] inline void* acquire(std::size_t size) { return std::malloc(size ? size : 1); }
[[gnu::noinline]] inline void release(void* p) { std::free(p); }

inline std::string source_dir() {
  const char* dir = std::getenv("BATON_SOURCE_DIR");
  return dir ? dir : BATON_SOURCE_DIR;
}

[[noreturn]] inline void die(const std::string& message) {
  std::fprintf(stderr, "benchmark: %s\n", message.c_str());
  std::exit(2);
}

// The standard output of a shell command; exits when the command fails.
inline std::string command_output(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) die("cannot run " + command);
  std::string all;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) all.append(buffer, n);
  if (pclose(pipe) != 0) die("failed: " + command + " (set BATON_SOURCE_DIR to the repository)");
  return all;
}

}  // namespace bench

void* operator new(std::size_t size) {
  bench::allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = bench::acquire(size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { bench::release(p); }
void operator delete(void* p, std::size_t) noexcept { bench::release(p); }
