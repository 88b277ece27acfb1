#pragma once
// Writing the verbs' output. A write that fails (a full disk, a file-size
// limit, a closed pipe with SIGPIPE ignored, a closed stdout) must not pass
// for success with the output cut short: the first failure throws
// WriteFailed, main() says it once ("baton: cannot write stdout: No space
// left on device") and exits 2, and no further input is read (docs/cli.md,
// "Exit codes").
#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace baton::cli {

class WriteFailed : public std::runtime_error {
 public:
  // `name`: "stdout", "stderr" or the file's path; `error`: the errno.
  WriteFailed(std::string_view name, int error);
};

// All of `data` to `file`, or throws WriteFailed naming `name`.
void write_to(std::FILE* file, std::string_view data, std::string_view name);
// Flushes `file`, or throws. A buffered write fails only here.
void flush_to(std::FILE* file, std::string_view name);
// Closes a file the verb opened (never stdout or stderr), or throws.
void close_file(std::FILE* file, std::string_view name);

inline void write_stdout(std::string_view data) { write_to(stdout, data, "stdout"); }

// fmt::print for stdout, through write_stdout.
template <typename... T>
void print_out(fmt::format_string<T...> format, T&&... args) {
  write_stdout(fmt::format(format, std::forward<T>(args)...));
}

// A whole file written at once (build, fmt --write, --html): a regular file
// is replaced whole (written beside it, then renamed over it, keeping its
// mode, owner and any symbolic link to it), so a failure leaves the old one
// intact; hard-linked files, devices, pipes and /dev/stdout are written in
// place. False with the reason in `error` ("No space left on device").
bool write_whole_file(const std::string& path, std::string_view data, std::string& error);

// At start: a standard stream the caller closed (`>&-`) is opened on
// /dev/null the wrong way round (stdout read-only), so that writing to it
// fails as it should, and a file baton opens cannot take its number and get
// stdout's output.
void guard_standard_streams();

// At exit: flushes and closes stdout; false after "cannot write stdout: ..."
// when what was written could not all be. A closed stdout nothing was
// written to is no failure.
bool close_stdout();

}  // namespace baton::cli
