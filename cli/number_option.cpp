#include "number_option.hpp"

#include <fmt/format.h>

#include <charconv>

namespace baton::cli {

CLI::Option* add_whole_number(CLI::App* cmd, const std::string& name, std::size_t& value, std::size_t min,
                              std::size_t max, const std::string& help) {
  return cmd->add_option(name, value, help)
      ->check(CLI::Validator(
          [min, max](const std::string& text) {
            std::size_t n = 0;
            const char* end = text.data() + text.size();
            const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
            const auto parsed = std::from_chars(text.data(), end, n);
            if (digits && parsed.ec == std::errc() && parsed.ptr == end && n >= min && n <= max) return std::string();
            if (text.empty()) return fmt::format("an empty value (an unset variable?); give a whole number from {} to {}", min, max);
            return fmt::format("`{}`: give a whole number from {} to {}", text, min, max);
          },
          fmt::format("{}-{}", min, max)));
}

}  // namespace baton::cli
