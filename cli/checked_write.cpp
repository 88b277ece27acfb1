#include "checked_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio_ext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
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

namespace {
// All of `data` to `fd`, then to the disk; false with errno set.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return ::fsync(fd) == 0 || errno == EINVAL;  // EINVAL: a file that cannot be synced (a pipe)
}

// The file a path names, through symbolic links, so that replacing it keeps
// the link; the path itself when it does not exist yet.
std::string target_of(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) return path;
  std::string target(resolved);
  std::free(resolved);
  return target;
}
}  // namespace

bool write_whole_file(const std::string& path, std::string_view data, std::string& error) {
  // A regular file (or a new one) is replaced whole: written beside it under
  // another name and renamed over it, so a full disk or a crash leaves the old
  // file as it was (fmt --write on an SLA) and a reader never sees half of
  // the new one (a .batonc a server reloads). Anything else (/dev/stdout, a
  // pipe) is written in place.
  const std::string target = target_of(path);
  struct stat old {};
  const bool exists = ::stat(target.c_str(), &old) == 0;
  if (exists && !S_ISREG(old.st_mode)) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    const bool ok = fd >= 0 && write_all(fd, data);
    const int saved = ok ? 0 : last_error();
    if (fd >= 0) ::close(fd);
    if (!ok) error = std::strerror(saved);
    return ok;
  }
  std::string temporary = target + ".baton-XXXXXX";
  errno = 0;
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    // No room for a second file in the directory (or no right to make one):
    // say so about the file asked for.
    error = std::strerror(last_error());
    return false;
  }
  // The new file keeps the old one's permissions; a new one gets what
  // fopen would have given it (0666 less the umask).
  mode_t mode = old.st_mode & 07777;
  if (!exists) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, data);
  int saved = ok ? 0 : last_error();
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = last_error();
  }
  if (ok && ::rename(temporary.c_str(), target.c_str()) != 0) {
    ok = false;
    saved = last_error();
  }
  if (!ok) {
    ::unlink(temporary.c_str());
    error = std::strerror(saved);
  }
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
