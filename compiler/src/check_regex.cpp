// Regex literals are compiled with RE2 at check time, so a pattern the
// runtime would reject is a compile error with the file position.
#include <re2/re2.h>

#include "checker.hpp"

namespace baton::checker {

std::string regex_problem(const std::string& pattern, const std::string& flags) {
  for (char f : flags)
    if (f != 'i') return fmt::format("unknown flag `{}` (only `i`, case-insensitive, exists)", f);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(flags.find('i') == std::string::npos);
  RE2 re(pattern, options);
  return re.ok() ? std::string() : re.error();
}

}  // namespace baton::checker
