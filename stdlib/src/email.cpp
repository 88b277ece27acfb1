// Email addresses, domains and URLs: the fit signals that marketing rules use
// most (free-mail penalties, company domains, campaign attribution).
#include <libpsl.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "support.hpp"
#include "web.hpp"

namespace baton::stdlib {
namespace detail {

namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

// Length of "scheme:" at the start of url, or 0 when there is none.
std::size_t scheme_length(std::string_view url) {
  if (url.empty() || !((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z'))) return 0;
  std::size_t i = 1;
  while (i < url.size() && is_scheme_char(url[i])) ++i;
  return i < url.size() && url[i] == ':' ? i + 1 : 0;
}

std::string_view strip_user_and_port(std::string_view authority) {
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) {  // IPv6 literal: [::1]:8080
    auto close = authority.find(']');
    return close == std::string_view::npos ? authority.substr(1) : authority.substr(1, close - 1);
  }
  if (auto colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  return authority;
}

}  // namespace

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  url = url.substr(0, url.find('#'));
  std::size_t scheme = scheme_length(url);
  // "acme.com:8080/x" is a host and port, not a scheme with a dot in it.
  if (scheme && url.substr(0, scheme).find('.') != std::string_view::npos &&
      !url.substr(scheme).starts_with("//"))
    scheme = 0;
  std::string_view rest = url.substr(scheme);
  bool authority = rest.starts_with("//");
  if (authority) {
    rest.remove_prefix(2);
  } else if (scheme == 0 && !rest.starts_with('/')) {
    // "acme.com/demo": a host when the first segment looks like a domain.
    std::string_view first = rest.substr(0, rest.find_first_of("/?"));
    authority = first.find('.') != std::string_view::npos && first.find(' ') == std::string_view::npos;
  }
  if (authority) {
    std::size_t end = std::min(rest.find_first_of("/?"), rest.size());
    parts.host = strip_user_and_port(rest.substr(0, end));
    parts.has_host = true;
    rest.remove_prefix(end);
  }
  std::size_t question = std::min(rest.find('?'), rest.size());
  parts.path = rest.substr(0, question);
  if (question < rest.size()) parts.query = rest.substr(question + 1);
  if (parts.has_host && parts.path.empty()) parts.path = "/";
  return parts;
}

// One pass over the text (it runs for every free-mail and domain_root call):
// an address with '@' and no '/' gives what follows the last '@'; text with a
// '/', ':' or '?' is split as a URL; anything else is a bare host.
std::string_view host_of(std::string_view text) {
  // Searches for single bytes (memchr) rather than one loop testing four:
  // this runs on every lead's email, often twice. (A one-pass scan eight
  // bytes at a time for all four was measured: slower, as rfind stops at the
  // '@' near the end.)
  constexpr auto npos = std::string_view::npos;
  const char* at = last_of(text, '@');
  bool slash = text.find('/') != npos;
  if (at && !slash) return text.substr(static_cast<std::size_t>(at - text.data()) + 1);
  if (slash || text.find(':') != npos || text.find('?') != npos) return split_url(text).host;
  return text;
}

}  // namespace detail

namespace {

using detail::iequals_ascii;

// Domains are short: XXH3 hashes one in about half the instructions of
// std::hash (a free-mail test and a domain_root lookup run for every lead).
struct DomainHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};

// Common consumer mailbox providers, lower case, sorted.
// Kept short on purpose: the long tail belongs in an SLA's own `free_mail`.
constexpr std::array<std::string_view, 82> kFreeMail = {
    "126.com",        "163.com",        "aim.com",          "aol.com",         "att.net",
    "bigpond.com",    "bol.com.br",     "btinternet.com",   "comcast.net",     "email.com",
    "fastmail.com",   "free.fr",        "freenet.de",       "gmail.com",       "gmx.at",
    "gmx.ch",         "gmx.com",        "gmx.de",           "gmx.fr",          "gmx.net",
    "googlemail.com", "hey.com",        "hotmail.co.uk",    "hotmail.com",     "hotmail.com.br",
    "hotmail.de",     "hotmail.es",     "hotmail.fr",       "hotmail.it",      "hushmail.com",
    "icloud.com",     "inbox.ru",       "interia.pl",       "laposte.net",     "libero.it",
    "list.ru",        "live.co.uk",     "live.com",         "live.de",         "live.fr",
    "live.nl",        "mac.com",        "mail.com",         "mail.ru",         "mailbox.org",
    "me.com",         "msn.com",        "naver.com",        "o2.pl",           "onet.pl",
    "orange.fr",      "outlook.com",    "outlook.de",       "outlook.es",      "outlook.fr",
    "pm.me",          "posteo.de",      "proton.me",        "protonmail.com",  "qq.com",
    "rambler.ru",     "rediffmail.com", "rocketmail.com",   "sbcglobal.net",   "seznam.cz",
    "sfr.fr",         "t-online.de",    "tutanota.com",     "uol.com.br",      "verizon.net",
    "virgilio.it",    "wanadoo.fr",     "web.de",           "wp.pl",           "yahoo.co.in",
    "yahoo.co.jp",    "yahoo.co.uk",    "yahoo.com",        "yahoo.com.br",    "yahoo.de",
    "yahoo.fr",       "yandex.ru",
};
static_assert(std::is_sorted(kFreeMail.begin(), kFreeMail.end()));
constexpr std::size_t kFreeMailMaxLength = 24;
static_assert(std::all_of(kFreeMail.begin(), kFreeMail.end(),
                          [](std::string_view d) { return d.size() <= kFreeMailMaxLength; }));

// Domains are compared case-insensitively and without a trailing dot.
std::string_view domain_for_lookup(std::string_view text) {
  std::string_view host = detail::host_of(text);
  if (host.ends_with('.')) host.remove_suffix(1);
  return host;
}

void email_domain_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::string_view email = args[0].str();
  const char* at = detail::last_of(email, '@');
  if (!at || at + 1 == email.data() + email.size()) {
    out = Value::absent();
    return;
  }
  out = Value::of_string(detail::to_lower(ctx.arena, email.substr(static_cast<std::size_t>(at - email.data()) + 1)));
}

void email_local_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::string_view email = args[0].str();
  auto at = email.rfind('@');
  out = (at == std::string_view::npos || at == 0) ? Value::absent() : Value::of_string(email.substr(0, at));
}

void is_free_mail_impl(CallContext&, std::span<const Value> args, Value& out) {
  // The list hashed once; the domain lower-cased into a small buffer (no
  // entry is longer than it, so a longer domain is in no list).
  static const std::unordered_set<std::string_view, DomainHash> free_mail(kFreeMail.begin(), kFreeMail.end());
  std::string_view domain = domain_for_lookup(args[0].str());
  char lowered[kFreeMailMaxLength];
  if (domain.size() > sizeof lowered) {
    out = Value::of_bool(false);
    return;
  }
  for (std::size_t i = 0; i < domain.size(); ++i) lowered[i] = detail::ascii_lower(domain[i]);
  out = Value::of_bool(free_mail.contains(std::string_view(lowered, domain.size())));
}

void is_free_mail_in_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::string_view domain = domain_for_lookup(args[0].str());
  auto list = detail::items_of(args[1]);
  out = Value::of_bool(std::any_of(list.begin(), list.end(), [&](const Value& entry) {
    return !entry.is_missing() && iequals_ascii(entry.str(), domain);
  }));
}

bool is_ip_address(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6 (brackets already stripped)
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

// libpsl wants a NUL-terminated, lower-case name; the copy lives in the
// arena, and the registrable domain it returns is a suffix of that copy.
std::optional<std::string_view> registrable_domain(Arena& arena, const psl_ctx_t* psl, std::string_view host) {
  std::string_view lowered = detail::to_lower(arena, host);
  char* name = arena.allocate(lowered.size() + 1);
  std::copy(lowered.begin(), lowered.end(), name);
  name[lowered.size()] = '\0';
  const char* root = psl_registrable_domain(psl, name);
  if (!root) return std::nullopt;
  return std::string_view(root, static_cast<std::size_t>(name + lowered.size() - root));
}

// A libpsl lookup costs about 1.3 us, more than the rest of a small lead's
// evaluation, and the same company domains come back lead after lead. The
// function is pure, so each thread remembers its answers by host text (before
// lower-casing). Bounded: emptied when it reaches kEntries, and hosts longer
// than any DNS name are not kept. Results are copied into the caller's arena,
// so emptying the cache never invalidates a value already returned.
class DomainRootCache {
 public:
  static constexpr std::size_t kEntries = 4096;
  static constexpr std::size_t kMaxHost = 255;

  struct Result {
    bool found = false;
    std::string root;
  };

  const Result* find(std::string_view host) const {
    auto it = map_.find(host);
    return it == map_.end() ? nullptr : &it->second;
  }

  void insert(std::string_view host, std::optional<std::string_view> root) {
    if (host.size() > kMaxHost) return;
    if (map_.size() >= kEntries) map_.clear();
    Result& r = map_[std::string(host)];
    r.found = root.has_value();
    if (root) r.root.assign(*root);
  }

 private:
  std::unordered_map<std::string, Result, DomainHash, std::equal_to<>> map_;
};

void domain_root_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  std::string_view host = domain_for_lookup(args[0].str());
  const psl_ctx_t* psl = psl_builtin();
  if (host.empty() || psl == nullptr || is_ip_address(host)) {
    out = Value::absent();
    return;
  }
  thread_local DomainRootCache cache;
  if (const DomainRootCache::Result* hit = cache.find(host)) {
    out = hit->found ? Value::of_string(ctx.arena.copy(hit->root)) : Value::absent();
    return;
  }
  std::optional<std::string_view> root = registrable_domain(ctx.arena, psl, host);
  cache.insert(host, root);
  out = root ? Value::of_string(*root) : Value::absent();
}

void url_host_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  detail::UrlParts parts = detail::split_url(args[0].str());
  std::string_view host = parts.host;
  if (host.ends_with('.')) host.remove_suffix(1);
  out = host.empty() ? Value::absent() : Value::of_string(detail::to_lower(ctx.arena, host));
}

void url_path_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_string(detail::split_url(args[0].str()).path);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = detail::ascii_lower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// Form decoding of a query value: '+' is a space, %XX a byte; a malformed
// escape stays as written. Copies only when something needs decoding.
std::string_view decode_query_value(Arena& arena, std::string_view raw) {
  if (raw.find_first_of("+%") == std::string_view::npos) return raw;
  char* buffer = arena.allocate(raw.size());
  std::size_t size = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '+') {
      buffer[size++] = ' ';
    } else if (raw[i] == '%' && i + 2 < raw.size() && hex_digit(raw[i + 1]) >= 0 &&
               hex_digit(raw[i + 2]) >= 0) {
      buffer[size++] = static_cast<char>(hex_digit(raw[i + 1]) * 16 + hex_digit(raw[i + 2]));
      i += 2;
    } else {
      buffer[size++] = raw[i];
    }
  }
  return {buffer, size};
}

// True when key == prefix + name, ASCII case-insensitively.
bool key_matches(std::string_view key, std::string_view prefix, std::string_view name) {
  return key.size() == prefix.size() + name.size() && iequals_ascii(key.substr(0, prefix.size()), prefix) &&
         iequals_ascii(key.substr(prefix.size()), name);
}

// The first parameter whose key is prefix + name; missing when none.
Value query_value(Arena& arena, std::string_view url, std::string_view prefix, std::string_view name) {
  std::string_view query = detail::split_url(url).query;
  while (!query.empty()) {
    std::size_t end = std::min(query.find('&'), query.size());
    std::string_view pair = query.substr(0, end);
    query.remove_prefix(std::min(end + 1, query.size()));
    std::size_t equals = std::min(pair.find('='), pair.size());
    if (!key_matches(pair.substr(0, equals), prefix, name)) continue;
    std::string_view raw = equals < pair.size() ? pair.substr(equals + 1) : std::string_view();
    return Value::of_string(decode_query_value(arena, raw));
  }
  return Value::absent();
}

void query_param_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = query_value(ctx.arena, args[0].str(), "", args[1].str());
}

void utm_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = query_value(ctx.arena, args[0].str(), "utm_", args[1].str());
}

template <const std::string_view& Name>
void utm_named_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = query_value(ctx.arena, args[0].str(), "utm_", Name);
}

constexpr std::string_view kSource = "source", kMedium = "medium", kCampaign = "campaign",
                           kTerm = "term", kContent = "content";
constexpr std::string_view kFamily = "email";

void add_utm(Registry& r, std::string_view name, Impl impl, std::string_view example) {
  r.add({.name = name, .params = {Type::string}, .result = Type::string, .family = kFamily,
         .summary = "the URL's utm_ query parameter of that name, decoded", .example = example,
         .missing = "missing when the URL has no such parameter", .impl = impl});
}

}  // namespace

void register_email(Registry& r) {
  const Type S = Type::string;
  r.add({.name = "email_domain", .params = {S}, .result = S, .family = kFamily,
         .summary = "the part after the last '@', lower-cased",
         .example = R"(email_domain("Ana.Lopez@Acme.COM") == "acme.com")",
         .missing = "missing when there is no '@' or nothing after it", .impl = email_domain_impl});
  r.add({.name = "email_local", .params = {S}, .result = S, .family = kFamily,
         .summary = "the part before the last '@', as written",
         .example = R"(email_local("ana.lopez@acme.com") == "ana.lopez")",
         .missing = "missing when there is no '@' or nothing before it", .impl = email_local_impl});
  r.add({.name = "is_free_mail", .params = {S}, .result = Type::boolean, .family = kFamily,
         .summary = "true when the address's (or domain's) domain is on the built-in free-mail list",
         .example = R"(is_free_mail("someone@GMail.com"))", .impl = is_free_mail_impl});
  r.add({.name = "is_free_mail", .params = {S, Type::string_set}, .result = Type::boolean,
         .family = kFamily,
         .summary = "true when the address's (or domain's) domain is in the given set, which replaces the built-in list",
         .example = R"(is_free_mail("a@corp-mail.example", {"corp-mail.example"}))",
         .impl = is_free_mail_in_impl});
  r.add({.name = "domain_root", .params = {S}, .result = S, .family = kFamily,
         .summary = "registrable domain (public suffix + 1 label) of a host, email address or URL",
         .example = R"(domain_root("mail.eu.acme.co.uk") == "acme.co.uk")",
         .missing = "missing when the host is itself a public suffix, empty, or an IP address",
         .impl = domain_root_impl});
  r.add({.name = "url_host", .params = {S}, .result = S, .family = kFamily,
         .summary = "the URL's host name, lower-cased, without user info or port",
         .example = R"(url_host("https://WWW.Acme.com:8443/pricing") == "www.acme.com")",
         .missing = "missing when the URL has no host (e.g. a bare path)", .impl = url_host_impl});
  r.add({.name = "url_path", .params = {S}, .result = S, .family = kFamily,
         .summary = "the URL's path, without query and fragment (\"/\" for a bare host)",
         .example = R"(url_path("https://acme.com/pricing?plan=team#faq") == "/pricing")",
         .impl = url_path_impl});
  r.add({.name = "query_param", .params = {S, S}, .result = S, .family = kFamily,
         .summary = "the first value of a URL query parameter, form-decoded",
         .example = R"(query_param("/demo?ref=partner+x", "ref") == "partner x")",
         .missing = "missing when the URL has no such parameter", .impl = query_param_impl});
  r.add({.name = "utm", .params = {S, S}, .result = S, .family = kFamily,
         .summary = "utm(url, \"source\") is the utm_source query parameter, decoded",
         .example = R"(utm("/p?utm_source=linkedin", "source") == "linkedin")",
         .missing = "missing when the URL has no such parameter", .impl = utm_impl});
  add_utm(r, "utm_source", utm_named_impl<kSource>, R"(utm_source("/p?utm_source=google&x=1") == "google")");
  add_utm(r, "utm_medium", utm_named_impl<kMedium>, R"(utm_medium("/p?utm_medium=cpc") == "cpc")");
  add_utm(r, "utm_campaign", utm_named_impl<kCampaign>,
          R"(utm_campaign("/p?utm_campaign=spring%202026") == "spring 2026")");
  add_utm(r, "utm_term", utm_named_impl<kTerm>, R"(utm_term("/p?utm_term=crm+software") == "crm software")");
  add_utm(r, "utm_content", utm_named_impl<kContent>, R"(utm_content("/p?utm_content=banner-a") == "banner-a")");
}

}  // namespace baton::stdlib
