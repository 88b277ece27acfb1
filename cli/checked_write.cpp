#include "checked_write.hpp"

#include <fcntl.h>
#include <stdio_ext.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baton::cli {

namespace {
// errno after a failed call; EIO when the C library left it unset.
int last_error() { return errno != 0 ? errno : EIO; }
}  // namespace

WriteFailed::WriteFailed(std::string_view name, int error)
    : std::runtime_error(fmt::format("cannot write {}: {}", name, std::strerror(error))) {}

void write_to(std::FILE* file, std::string_view data, std::string_view name) {
  if (data.empty()) return;
  errno = 0;
  if (std::fwrite(data.data(), 1, data.size(), file) != data.size() || std::ferror(file))
    throw WriteFailed(name, last_error());
}

void flush_to(std::FILE* file, std::string_view name) {
  errno = 0;
  if (std::fflush(file) != 0 || std::ferror(file)) throw WriteFailed(name, last_error());
}

void close_file(std::FILE* file, std::string_view name) {
  errno = 0;
  const bool failed = std::ferror(file) != 0;
  if (std::fclose(file) != 0 || failed) throw WriteFailed(name, last_error());
}

bool write_whole_file(const std::string& path, std::string_view data, std::string& error) {
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  bool ok = file && std::fwrite(data.data(), 1, data.size(), file) == data.size();
  int saved = ok ? 0 : last_error();
  if (file && std::fclose(file) != 0 && ok) {
    ok = false;
    saved = last_error();
  }
  if (!ok) error = std::strerror(saved);
  return ok;
}

void guard_standard_streams() {
  // Lower numbers are open by then, so open() takes exactly `fd`.
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF)
      static_cast<void>(::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY));
}

bool close_stdout() {
  // As gnulib's close_stdout: a stdout closed before the run (`>&-`) that
  // nothing was written to is fine; anything written there and lost is not.
  const bool pending = __fpending(stdout) != 0;
  const bool failed_before = std::ferror(stdout) != 0;
  errno = 0;
  const bool close_failed = std::fclose(stdout) != 0;
  const int error = last_error();
  if (!failed_before && !(close_failed && (pending || error != EBADF))) return true;
  std::fprintf(stderr, "baton: cannot write stdout: %s\n", std::strerror(error));
  return false;
}

}  // namespace baton::cli
