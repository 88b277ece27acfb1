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

// The descriptor a path names (/dev/stdout, /dev/fd/3, /proc/self/fd/3), or -1.
int descriptor_of(std::string_view path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (std::string_view prefix : {std::string_view("/dev/fd/"), std::string_view("/proc/self/fd/")}) {
    if (!path.starts_with(prefix) || path.size() == prefix.size() || path.size() > prefix.size() + 6) continue;
    int fd = 0;
    for (char c : path.substr(prefix.size())) {
      if (c < '0' || c > '9') return -1;
      fd = fd * 10 + (c - '0');
    }
    return fd;
  }
  return -1;
}

// Writes through an open(2) of `path` with `flags`; false with the reason.
bool write_opened(const std::string& path, int flags, std::string_view data, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | flags);
  bool ok = fd >= 0 && write_all(fd, data);
  int saved = ok ? 0 : last_error();
  if (fd >= 0 && ::close(fd) != 0 && ok) {
    ok = false;
    saved = last_error();
  }
  if (!ok) error = std::strerror(saved);
  return ok;
}

enum class Replaced { yes, failed, not_here };

// Writes `data` beside `target` and renames it over it, keeping the old
// file's mode, owner and group. not_here when that cannot be done without
// changing who may write the file (another owner, a directory closed to us).
Replaced replace(const std::string& target, const struct stat* old, std::string_view data, std::string& error) {
  std::string temporary = target + ".baton-XXXXXX";
  errno = 0;
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    const int saved = last_error();
    if (old && (saved == EACCES || saved == EPERM)) return Replaced::not_here;  // a file we may write, in a directory we may not
    error = std::strerror(saved);
    return Replaced::failed;
  }
  mode_t mode = 0;
  if (old) {
    mode = old->st_mode & 07777;
    struct stat made {};
    if (::fstat(fd, &made) != 0 || ((made.st_uid != old->st_uid || made.st_gid != old->st_gid) &&
                                    ::fchown(fd, old->st_uid, old->st_gid) != 0)) {
      ::close(fd);
      ::unlink(temporary.c_str());
      return Replaced::not_here;
    }
  } else {  // what fopen would have given a new file: 0666 less the umask
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
  if (ok) return Replaced::yes;
  ::unlink(temporary.c_str());
  error = std::strerror(saved);
  return Replaced::failed;
}
}  // namespace

bool write_whole_file(const std::string& path, std::string_view data, std::string& error) {
  // A descriptor the shell opened (/dev/stdout, /dev/fd/3, with > or >>) is
  // written as it stands, after what the stream holds.
  if (const int fd = descriptor_of(path); fd >= 0) {
    if (fd == 1) std::fflush(stdout);
    if (fd == 2) std::fflush(stderr);
    errno = 0;
    if (write_all(fd, data)) return true;
    error = std::strerror(last_error());
    return false;
  }
  // Other devices, and pipes, are written in place, from their start.
  const std::string target = target_of(path);
  struct stat old {};
  const bool exists = ::stat(target.c_str(), &old) == 0;
  if (path.starts_with("/dev/") || path.starts_with("/proc/") || (exists && !S_ISREG(old.st_mode)))
    return write_opened(target, 0, data, error);
  // A regular file (or a new one) is replaced whole: written beside it and
  // renamed over it, so a full disk or a crash leaves the old file as it was
  // (fmt --write on an SLA) and a reader never sees half of the new one (a
  // .batonc a server reloads). A file with other names (hard links) keeps
  // them only if written in place, and so does one whose owner we cannot
  // give the new file: those are truncated and written, as before.
  if (!exists || old.st_nlink <= 1) {
    const Replaced done = replace(target, exists ? &old : nullptr, data, error);
    if (done != Replaced::not_here) return done == Replaced::yes;
  }
  return write_opened(target, O_TRUNC, data, error);
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
