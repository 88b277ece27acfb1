#pragma once
// URL and email splitting shared by email.cpp. Views into the input; no
// allocation. Deliberately lenient: lead data holds full URLs, bare paths
// ("/pricing?utm_source=x") and scheme-less hosts ("acme.com/demo").
#include <string_view>

namespace baton::stdlib::detail {

struct UrlParts {
  std::string_view host;   // without user info, port, brackets; may be empty
  std::string_view path;   // "" when there is none
  std::string_view query;  // after '?', before '#'
  bool has_host = false;
};

UrlParts split_url(std::string_view url);

// The host part of an email address, a URL, or the text itself when it is
// already a bare domain.
std::string_view host_of(std::string_view text);

}  // namespace baton::stdlib::detail
