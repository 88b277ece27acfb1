// Unit tests for the built-in functions, called directly through the
// registry the way the VM calls them (including its missing-value rule).
#include <doctest/doctest.h>
#include <re2/re2.h>

#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/stdlib/registry.hpp"
#include "web.hpp"

namespace {

using baton::Arena;
using baton::kLastTime;
using baton::parse_time;
using baton::Type;
using baton::Value;
using namespace baton::stdlib;

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z, a Monday

struct Arg {
  Type type;
  Value value;
};

// Owns the lists and regexes that arguments point to, and the arena.
struct Harness {
  Arena arena;
  std::int64_t as_of = kAsOf;
  std::deque<std::vector<Value>> lists;
  std::deque<std::string> texts;
  std::deque<std::unique_ptr<re2::RE2>> patterns;

  Arg s(std::string_view text) {
    texts.emplace_back(text);  // the argument must not point into a temporary
    return {Type::string, Value::of_string(texts.back())};
  }
  Arg items(Type type, std::initializer_list<std::string_view> values) {
    auto& list = lists.emplace_back();
    for (auto v : values) list.push_back(s(v).value);
    return {type, Value::of_items(list.data(), static_cast<std::uint32_t>(list.size()))};
  }
  Arg list(std::initializer_list<std::string_view> values) { return items(Type::string_list, values); }
  Arg set(std::initializer_list<std::string_view> values) { return items(Type::string_set, values); }
  Arg re(std::string_view pattern, bool ignore_case = false) {
    re2::RE2::Options options;
    options.set_case_sensitive(!ignore_case);
    patterns.push_back(std::make_unique<re2::RE2>(pattern, options));
    REQUIRE(patterns.back()->ok());
    Value v{};
    v.p = patterns.back().get();
    return {Type::regex, v};
  }

  // Overload resolution by exact types, then the VM's missing rule.
  Value call(std::string_view name, std::vector<Arg> args) {
    const Function* chosen = nullptr;
    for (auto index : builtins().overloads(name)) {
      const Function& f = builtins().at(index);
      if (f.kind == Kind::function && accepts(f, args)) chosen = &f;
      if (chosen) break;
    }
    REQUIRE_MESSAGE(chosen != nullptr, "no overload of " << name);
    std::vector<Value> values;
    for (const Arg& a : args) {
      if (chosen->propagate_missing && a.value.is_missing()) return Value::absent();
      values.push_back(a.value);
    }
    CallContext ctx{arena, as_of};
    // The VM reuses registers from lead to lead: every path of a built-in
    // must write its result, so `out` starts out holding a stale value.
    // (Three items, readable whatever type the result is read as.)
    static const Value stale_items[3] = {Value::of_string("stale"), Value::of_string("stale"), Value::of_string("stale")};
    Value out = Value::of_items(stale_items, 3);
    chosen->impl(ctx, values, out);
    return out;
  }

  static bool accepts(const Function& f, const std::vector<Arg>& args) {
    if (args.size() < f.params.size()) return false;
    if (args.size() > f.params.size() && f.variadic == Type::invalid) return false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      Type want = i < f.params.size() ? f.params[i] : f.variadic;
      if (args[i].type != want) return false;
    }
    return true;
  }

  std::string str(std::string_view name, std::vector<Arg> args) {
    Value v = call(name, std::move(args));
    REQUIRE_FALSE(v.is_missing());
    return std::string(v.str());
  }
  bool missing(std::string_view name, std::vector<Arg> args) { return call(name, std::move(args)).is_missing(); }
  bool boolean(std::string_view name, std::vector<Arg> args) {
    Value v = call(name, std::move(args));
    REQUIRE_FALSE(v.is_missing());
    return v.b;
  }
  std::int64_t integer(std::string_view name, std::vector<Arg> args) {
    Value v = call(name, std::move(args));
    REQUIRE_FALSE(v.is_missing());
    return v.i;
  }
  double number(std::string_view name, std::vector<Arg> args) {
    Value v = call(name, std::move(args));
    REQUIRE_FALSE(v.is_missing());
    return v.n;
  }
  std::vector<std::string> strings(std::string_view name, std::vector<Arg> args) {
    Value v = call(name, std::move(args));
    REQUIRE_FALSE(v.is_missing());
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < v.len; ++i) out.emplace_back(v.items[i].str());
    return out;
  }
};

Arg i(std::int64_t v) { return {Type::int_, Value::of_int(v)}; }
Arg n(double v) { return {Type::number, Value::of_number(v)}; }
Arg b(bool v) { return {Type::boolean, Value::of_bool(v)}; }
Arg t(std::int64_t v) { return {Type::time, Value::of_int(v)}; }
Arg d(std::int64_t v) { return {Type::duration, Value::of_int(v)}; }
Arg none(Type type) { return {type, Value::absent()}; }

using Strings = std::vector<std::string>;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kMinInt = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

}  // namespace

TEST_CASE("registry: lookup, exact binding, signatures") {
  const Registry& r = builtins();
  CHECK(r.overloads("lower").size() == 1);
  CHECK(r.overloads("no_such_function").empty());
  const Type two_strings[] = {Type::string, Type::string};
  int index = r.find_exact("utm", two_strings, Type::string);
  REQUIRE(index >= 0);
  CHECK(r.at(static_cast<std::uint32_t>(index)).name == "utm");
  CHECK(r.find_exact("utm", two_strings, Type::boolean) == -1);
  // Operators are not functions: their names are keywords.
  for (std::string_view op : {"starts_with", "ends_with", "contains", "matches"}) CHECK(r.overloads(op).empty());
  CHECK(signature(r.at(r.overloads("concat")[0])) == "concat(string...) -> string");
  CHECK(signature(r.at(r.overloads("min")[0])) == "min(int, int, int...) -> int");
  CHECK(signature(r.at(r.overloads("streak")[0])) == "streak(EVENT ...)");
  CHECK(&builtins() == &r);  // built once
}

TEST_CASE("registry: every entry is complete and consistent") {
  std::set<std::string_view> families = {"strings", "regex", "email", "sets", "numbers", "text", "time", "routing", "aggregates"};
  for (const Function& f : builtins().all()) {
    CAPTURE(f.name);
    CHECK(families.count(f.family) == 1);
    CHECK_FALSE(f.summary.empty());
    CHECK_FALSE(f.example.empty());
    if (f.kind == Kind::function) CHECK(f.example.find(std::string(f.name) + "(") != std::string_view::npos);
    if (f.kind == Kind::function) {
      CHECK((f.impl != nullptr));
      CHECK(f.result != Type::invalid);
      if (!f.propagate_missing) CHECK_FALSE(f.missing.empty());
    } else {
      CHECK((f.impl == nullptr));
      CHECK(f.family == "aggregates");
    }
  }
  // No two function overloads with identical parameter lists.
  const auto& all = builtins().all();
  for (std::size_t a = 0; a < all.size(); ++a)
    for (std::size_t c = a + 1; c < all.size(); ++c)
      if (all[a].kind == Kind::function && all[c].kind == Kind::function && all[a].name == all[c].name) {
        CAPTURE(all[a].name);
        CHECK(all[a].params != all[c].params);
      }
}

TEST_CASE("strings: lower and upper") {
  Harness h;
  CHECK(h.str("lower", {h.s("GESCHÄFTSFÜHRER")}) == "geschäftsführer");
  CHECK(h.str("lower", {h.s("Директор")}) == "директор");
  CHECK(h.str("upper", {h.s("Directeur Général")}) == "DIRECTEUR GÉNÉRAL");
  CHECK(h.str("upper", {h.s("Директор")}) == "ДИРЕКТОР");
  CHECK(h.str("lower", {h.s("VP Sales")}) == "vp sales");
  CHECK(h.str("upper", {h.s("vp sales")}) == "VP SALES");
  CHECK(h.str("lower", {h.s("")}) == "");
  CHECK(h.str("upper", {h.s("")}) == "");
  CHECK(h.str("lower", {h.s("ΣΟΦΙΑ")}) == "σοφια");     // simple mapping: no final sigma
  CHECK(h.str("upper", {h.s("straße")}) == "STRAßE");  // simple mapping: ß has no 1:1 upper
  CHECK(h.str("lower", {h.s("İstanbul")}) == "istanbul");
  CHECK(h.str("upper", {h.s("日本語 ok")}) == "日本語 OK");
  // Invalid UTF-8 passes through byte for byte.
  CHECK(h.str("lower", {h.s("A\xff" "B")}) == "a\xff" "b");
  CHECK(h.missing("lower", {none(Type::string)}));
}

// lower() tests eight bytes at a time whether there is anything to do: a
// capital or a non-ASCII byte at any position of any length must be seen.
TEST_CASE("strings: lower finds a capital or a non-ASCII letter at every position") {
  Harness h;
  for (std::size_t length = 1; length <= 19; ++length)
    for (std::size_t at = 0; at < length; ++at) {
      CAPTURE(length);
      CAPTURE(at);
      std::string lower_case(length, 'a');
      for (std::size_t i = 0; i < length; ++i) lower_case[i] = static_cast<char>('a' + i % 26);
      CHECK(h.str("lower", {h.s(lower_case)}) == lower_case);
      std::string capital = lower_case;
      capital[at] = static_cast<char>(capital[at] - 32);
      CHECK(h.str("lower", {h.s(capital)}) == lower_case);
      for (char edge : {'@', '[', '`', '{', 'Z', 'A'}) {  // the bytes around 'A'..'Z' and 'a'..'z'
        std::string text = lower_case, want = lower_case;
        text[at] = edge;
        want[at] = edge >= 'A' && edge <= 'Z' ? static_cast<char>(edge + 32) : edge;
        CHECK(h.str("lower", {h.s(text)}) == want);
      }
      std::string text = lower_case.substr(0, at) + "É" + lower_case.substr(at);
      CHECK(h.str("lower", {h.s(text)}) == lower_case.substr(0, at) + "é" + lower_case.substr(at));
    }
}

TEST_CASE("strings: trim and length") {
  Harness h;
  CHECK(h.str("trim", {h.s("  VP Sales\t\n")}) == "VP Sales");
  CHECK(h.str("trim", {h.s("\u00A0\u2003Général\u3000\u200B")}) == "Général");
  CHECK(h.str("trim", {h.s("   ")}) == "");
  CHECK(h.str("trim", {h.s("")}) == "");
  CHECK(h.str("trim", {h.s("a b")}) == "a b");
  CHECK(h.str("trim", {h.s("é")}) == "é");
  CHECK(h.integer("length", {h.s("Директор")}) == 8);
  CHECK(h.integer("length", {h.s("Général")}) == 7);
  CHECK(h.integer("length", {h.s("")}) == 0);
  CHECK(h.integer("length", {h.s("👍")}) == 1);
  CHECK(h.missing("length", {none(Type::string)}));
}

TEST_CASE("strings: contains_any") {
  Harness h;
  CHECK(h.boolean("contains_any", {h.s("vp of sales"), h.list({"chief", "vp"})}));
  CHECK(h.boolean("contains_any", {h.s("vp of sales"), h.set({"sales"})}));
  CHECK_FALSE(h.boolean("contains_any", {h.s("intern"), h.list({"chief", "vp"})}));
  CHECK_FALSE(h.boolean("contains_any", {h.s("anything"), h.list({})}));
  CHECK(h.missing("contains_any", {none(Type::string), h.list({"x"})}));
}

TEST_CASE("strings: replace") {
  Harness h;
  CHECK(h.str("replace", {h.s("a-b-c"), h.s("-"), h.s(" ")}) == "a b c");
  CHECK(h.str("replace", {h.s("aaa"), h.s("aa"), h.s("b")}) == "ba");
  CHECK(h.str("replace", {h.s("abc"), h.s(""), h.s("x")}) == "abc");
  CHECK(h.str("replace", {h.s("abc"), h.s("b"), h.s("")}) == "ac");
  CHECK(h.str("replace", {h.s(""), h.s("b"), h.s("x")}) == "");
  CHECK(h.str("replace", {h.s("Général"), h.s("é"), h.s("e")}) == "General");
  CHECK(h.str("replace", {h.s("xx"), h.s("x"), h.s("yyy")}) == "yyyyyy");
}

TEST_CASE("strings: split") {
  Harness h;
  CHECK(h.strings("split", {h.s("a,b,,c"), h.s(",")}) == Strings{"a", "b", "", "c"});
  CHECK(h.strings("split", {h.s("a, b"), h.s(", ")}) == Strings{"a", "b"});
  CHECK(h.strings("split", {h.s(",a,"), h.s(",")}) == Strings{"", "a", ""});
  CHECK(h.strings("split", {h.s("abc"), h.s("")}) == Strings{"abc"});
  CHECK(h.strings("split", {h.s(""), h.s(",")}).empty());
  CHECK(h.strings("split", {h.s("crm;erp"), h.s(";")}) == Strings{"crm", "erp"});
}

TEST_CASE("strings: words") {
  Harness h;
  CHECK(h.strings("words", {h.s("SVP / VP, Sales")}) == Strings{"svp", "vp", "sales"});
  CHECK(h.strings("words", {h.s("Directeur Général")}) == Strings{"directeur", "général"});
  CHECK(h.strings("words", {h.s("GESCHÄFTSFÜHRER (CEO)")}) == Strings{"geschäftsführer", "ceo"});
  CHECK(h.strings("words", {h.s("Head of R&D, EMEA-2")}) == Strings{"head", "of", "r", "d", "emea", "2"});
  CHECK(h.strings("words", {h.s("Директор по продажам")}) == Strings{"директор", "по", "продажам"});
  CHECK(h.strings("words", {h.s("")}).empty());
  CHECK(h.strings("words", {h.s(" -- / ")}).empty());
  // A combining accent stays inside its word.
  CHECK(h.strings("words", {h.s("Ge\u0301ne\u0301ral x")}) == Strings{"ge\u0301ne\u0301ral", "x"});
}

TEST_CASE("strings: concat") {
  Harness h;
  CHECK(h.str("concat", {h.s("team:"), h.s("emea")}) == "team:emea");
  CHECK(h.str("concat", {h.s("a"), h.s(""), h.s("é"), h.s("c")}) == "aéc");
  CHECK(h.str("concat", {h.s("solo")}) == "solo");
  CHECK(h.str("concat", {}) == "");
  CHECK(h.missing("concat", {h.s("a"), none(Type::string)}));
}

TEST_CASE("regex: extract") {
  Harness h;
  CHECK(h.str("extract", {h.s("Directeur Général"), h.re("(?i)(général)")}) == "Général");
  CHECK(h.str("extract", {h.s("VP of Sales"), h.re(R"(\b(vp|head)\b)", true)}) == "VP");
  CHECK(h.missing("extract", {h.s(""), h.re("(a)")}));
  CHECK(h.str("extract", {h.s("/pricing?plan=team"), h.re(R"(plan=(\w+))")}) == "team");
  CHECK(h.str("extract", {h.s("order 12345"), h.re(R"(\d+)")}) == "12345");  // no group: whole match
  CHECK(h.str("extract", {h.s("x="), h.re(R"(x=(\w*))")}) == "");
  CHECK(h.missing("extract", {h.s("/docs"), h.re(R"(plan=(\w+))")}));
  CHECK(h.missing("extract", {h.s("b"), h.re(R"((a)?b)")}));  // group did not take part
  CHECK(h.missing("extract", {none(Type::string), h.re("(a)")}));
}

TEST_CASE("email: email_domain and email_local") {
  Harness h;
  CHECK(h.str("email_domain", {h.s("Ana.Lopez@Acme.COM")}) == "acme.com");
  CHECK(h.str("email_domain", {h.s("\"a@b\"@example.org")}) == "example.org");
  CHECK(h.str("email_domain", {h.s("jürgen@münchen.de")}) == "münchen.de");
  CHECK(h.missing("email_domain", {h.s("no-at-sign")}));
  CHECK(h.missing("email_domain", {h.s("trailing@")}));
  CHECK(h.missing("email_domain", {h.s("")}));
  CHECK(h.str("email_local", {h.s("Ana.Lopez@acme.com")}) == "Ana.Lopez");
  CHECK(h.missing("email_local", {h.s("@acme.com")}));
  CHECK(h.missing("email_local", {h.s("acme.com")}));
}

// host_of scans eight bytes at a time for '@', '/', ':' and '?'; it must
// split exactly as searching byte by byte does, wherever they fall.
TEST_CASE("email: host_of finds the last '@' and URL marks at every position") {
  auto reference = [](std::string_view text) {
    constexpr auto npos = std::string_view::npos;
    std::size_t at = text.rfind('@');
    bool slash = text.find('/') != npos;
    if (at != npos && !slash) return text.substr(at + 1);
    if (slash || text.find(':') != npos || text.find('?') != npos) return baton::stdlib::detail::split_url(text).host;
    return text;
  };
  for (std::size_t length = 0; length <= 20; ++length)
    for (std::size_t a = 0; a <= length; ++a)
      for (std::size_t b = 0; b <= length; ++b)
        for (char mark : {'@', '/', ':', '?', '.'}) {
          std::string text(length, 'x');
          for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<char>('a' + i % 26);
          if (a < length) text[a] = '@';
          if (b < length) text[b] = mark;
          CAPTURE(text);
          CHECK(baton::stdlib::detail::host_of(text) == reference(text));
        }
}

TEST_CASE("email: is_free_mail") {
  Harness h;
  CHECK(h.boolean("is_free_mail", {h.s("someone@GMail.com")}));
  CHECK(h.boolean("is_free_mail", {h.s("gmail.com")}));
  CHECK(h.boolean("is_free_mail", {h.s("x@yahoo.co.uk")}));
  CHECK(h.boolean("is_free_mail", {h.s("x@web.de")}));
  CHECK(h.boolean("is_free_mail", {h.s("x@gmail.com.")}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("d@big.example")}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("x@mail.gmail.com")}));  // exact domain only
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("")}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("x@")}));
  CHECK(h.boolean("is_free_mail", {h.s("a@b@gmail.com")}));       // the last '@' counts
  CHECK(h.boolean("is_free_mail", {h.s("X@HOTMAIL.COM.BR")}));
  CHECK(h.boolean("is_free_mail", {h.s("x@126.com")}));           // the first entry
  CHECK(h.boolean("is_free_mail", {h.s("x@yandex.ru")}));         // the last entry
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("x@gmail.co")}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("x@agmail.com")}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("x@a-very-long-company-domain.example.com")}));
  CHECK(h.boolean("is_free_mail", {h.s("mailto:x@gmail.com")}));  // an address, not a URL: no '/'
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("https://x@acme.com/gmail.com")}));  // a URL: its host
  auto own = h.set({"corp-mail.example", "GMX.net"});
  CHECK(h.boolean("is_free_mail", {h.s("a@corp-mail.example"), own}));
  CHECK(h.boolean("is_free_mail", {h.s("a@gmx.NET"), own}));
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("a@gmail.com"), own}));  // the set replaces the list
  CHECK_FALSE(h.boolean("is_free_mail", {h.s("a@gmail.com"), h.set({})}));
}

TEST_CASE("email: domain_root") {
  Harness h;
  CHECK(h.str("domain_root", {h.s("mail.eu.acme.co.uk")}) == "acme.co.uk");
  CHECK(h.str("domain_root", {h.s("acme.co.uk")}) == "acme.co.uk");
  CHECK(h.str("domain_root", {h.s("WWW.Acme.COM")}) == "acme.com");
  CHECK(h.str("domain_root", {h.s("ana@sales.acme.com")}) == "acme.com");
  CHECK(h.str("domain_root", {h.s("https://app.acme.io/login")}) == "acme.io");
  CHECK(h.str("domain_root", {h.s("www.acme.com.")}) == "acme.com");
  CHECK(h.str("domain_root", {h.s("shop.münchen.de")}) == "münchen.de");
  CHECK(h.str("domain_root", {h.s("a.b.internal")}) == "b.internal");
  CHECK(h.missing("domain_root", {h.s("co.uk")}));
  CHECK(h.missing("domain_root", {h.s("")}));
  CHECK(h.missing("domain_root", {h.s("192.168.0.1")}));
  CHECK(h.missing("domain_root", {h.s("http://[::1]:8080/x")}));
}

TEST_CASE("email: url_host and url_path") {
  Harness h;
  CHECK(h.str("url_host", {h.s("https://WWW.Acme.com:8443/pricing")}) == "www.acme.com");
  CHECK(h.str("url_host", {h.s("https://user:pw@acme.com/x")}) == "acme.com");
  CHECK(h.str("url_host", {h.s("//cdn.acme.com/a.js")}) == "cdn.acme.com");
  CHECK(h.str("url_host", {h.s("acme.com/demo?x=1")}) == "acme.com");
  CHECK(h.str("url_host", {h.s("acme.com:8080/demo")}) == "acme.com");
  CHECK(h.str("url_host", {h.s("http://[2001:db8::1]:80/")}) == "2001:db8::1");
  CHECK(h.str("url_host", {h.s("https://acme.com?x=1")}) == "acme.com");
  CHECK(h.missing("url_host", {h.s("/pricing")}));
  CHECK(h.missing("url_host", {h.s("")}));
  CHECK(h.missing("url_host", {h.s("mailto:ana@acme.com")}));
  CHECK(h.str("url_path", {h.s("https://acme.com/pricing?plan=team#faq")}) == "/pricing");
  CHECK(h.str("url_path", {h.s("https://acme.com")}) == "/");
  CHECK(h.str("url_path", {h.s("https://acme.com#top")}) == "/");
  CHECK(h.str("url_path", {h.s("/docs/start?x")}) == "/docs/start");
  CHECK(h.str("url_path", {h.s("")}) == "");
  CHECK(h.str("url_path", {h.s("/wiki/Général")}) == "/wiki/Général");
}

TEST_CASE("email: utm parameters and query_param") {
  Harness h;
  auto url = h.s("https://acme.com/p?utm_source=LinkedIn&utm_medium=cpc&utm_campaign=spring%202026"
                 "&utm_term=crm+software&utm_content=&x=1#utm_source=fragment");
  CHECK(h.str("utm_source", {url}) == "LinkedIn");
  CHECK(h.str("utm_medium", {url}) == "cpc");
  CHECK(h.str("utm_campaign", {url}) == "spring 2026");
  CHECK(h.str("utm_term", {url}) == "crm software");
  CHECK(h.str("utm_content", {url}) == "");
  CHECK(h.str("utm", {url, h.s("medium")}) == "cpc");
  CHECK(h.missing("utm", {url, h.s("id")}));
  CHECK(h.str("query_param", {url, h.s("x")}) == "1");
  CHECK(h.str("utm_source", {h.s("/p?UTM_SOURCE=google")}) == "google");        // keys ignore case
  CHECK(h.str("utm_source", {h.s("/p?utm_source=a&utm_source=b")}) == "a");     // first wins
  CHECK(h.str("utm_source", {h.s("/p?utm_source")}) == "");                     // key without '='
  CHECK(h.str("utm_source", {h.s("/p?utm_source=100%")}) == "100%");            // bad escape kept
  CHECK(h.str("utm_source", {h.s("/p?utm_source=%C3%A9t%C3%A9")}) == "été");
  CHECK(h.missing("utm_source", {h.s("/p")}));
  CHECK(h.missing("utm_source", {h.s("")}));
  CHECK(h.missing("utm_source", {h.s("/p?xutm_source=a")}));
}

TEST_CASE("sets: intersects and size") {
  Harness h;
  CHECK(h.boolean("intersects", {h.set({"crm", "erp"}), h.list({"erp", "bi"})}));
  CHECK(h.boolean("intersects", {h.list({"a"}), h.set({"b", "a"})}));
  CHECK(h.boolean("intersects", {h.list({"é"}), h.list({"é"})}));
  CHECK_FALSE(h.boolean("intersects", {h.set({"a"}), h.set({"b"})}));
  CHECK_FALSE(h.boolean("intersects", {h.set({}), h.set({"b"})}));
  CHECK_FALSE(h.boolean("intersects", {h.set({"A"}), h.set({"a"})}));  // byte-exact
  CHECK(h.missing("intersects", {none(Type::string_set), h.set({"b"})}));
  CHECK(h.integer("size", {h.set({"a", "b"})}) == 2);
  CHECK(h.integer("size", {h.list({})}) == 0);
  CHECK(h.missing("size", {none(Type::string_list)}));
}

TEST_CASE("sets: count_true counts missing as false") {
  Harness h;
  CHECK(h.integer("count_true", {b(true), b(false), b(true)}) == 2);
  CHECK(h.integer("count_true", {}) == 0);
  CHECK(h.integer("count_true", {none(Type::boolean), b(true)}) == 1);
  CHECK(h.integer("count_true", {none(Type::boolean), none(Type::boolean)}) == 0);
}

TEST_CASE("sets: coalesce for every type") {
  Harness h;
  CHECK(h.integer("coalesce", {none(Type::int_), i(7)}) == 7);
  CHECK(h.integer("coalesce", {i(1), i(7)}) == 1);
  CHECK(h.integer("coalesce", {none(Type::int_), none(Type::int_), i(3)}) == 3);
  CHECK(h.missing("coalesce", {none(Type::int_), none(Type::int_)}));
  CHECK(h.number("coalesce", {none(Type::number), n(0.5)}) == 0.5);
  CHECK(h.str("coalesce", {none(Type::string), h.s("")}) == "");
  CHECK(h.str("coalesce", {h.s("a"), h.s("b")}) == "a");
  CHECK(h.boolean("coalesce", {none(Type::boolean), b(false)}) == false);
  CHECK(h.integer("coalesce", {none(Type::time), t(kAsOf)}) == kAsOf);
  CHECK(h.integer("coalesce", {d(60), none(Type::duration)}) == 60);
  CHECK(h.strings("coalesce", {none(Type::string_set), h.set({"x"})}) == Strings{"x"});
  CHECK(h.strings("coalesce", {h.list({"y"}), h.list({"x"})}) == Strings{"y"});
}

TEST_CASE("sets: present for every type") {
  Harness h;
  const Type types[] = {Type::int_, Type::number, Type::string, Type::boolean,
                        Type::time, Type::duration, Type::string_set, Type::string_list};
  for (Type type : types) {
    CAPTURE(baton::type_name(type));
    CHECK_FALSE(h.boolean("present", {none(type)}));
    CHECK(h.boolean("present", {{type, Value{}}}));  // a zero value is present
  }
  CHECK(h.boolean("present", {h.s("")}));
  CHECK(h.boolean("present", {h.list({})}));
}

TEST_CASE("numbers: min and max") {
  Harness h;
  CHECK(h.integer("min", {i(3), i(7), i(5)}) == 3);
  CHECK(h.integer("max", {i(3), i(7), i(5)}) == 7);
  CHECK(h.integer("min", {i(kMinInt), i(kMaxInt)}) == kMinInt);
  CHECK(h.integer("max", {i(kMinInt), i(kMaxInt)}) == kMaxInt);
  CHECK(h.number("min", {n(0.5), n(2.5)}) == 0.5);
  CHECK(h.number("max", {n(0.5), n(2.5)}) == 2.5);
  CHECK(h.number("max", {n(-kInf), n(1e308)}) == 1e308);
  CHECK(h.number("max", {n(std::nan("")), n(1.0)}) == 1.0);
  CHECK(h.number("min", {n(1.0), n(std::nan(""))}) == 1.0);
  CHECK(h.missing("max", {i(1), none(Type::int_)}));
}

TEST_CASE("numbers: abs") {
  Harness h;
  CHECK(h.integer("abs", {i(-40)}) == 40);
  CHECK(h.integer("abs", {i(0)}) == 0);
  CHECK(h.integer("abs", {i(kMaxInt)}) == kMaxInt);
  CHECK(h.integer("abs", {i(kMinInt + 1)}) == kMaxInt);
  CHECK(h.missing("abs", {i(kMinInt)}));
  CHECK(h.number("abs", {n(-2.5)}) == 2.5);
  CHECK(h.number("abs", {n(-kInf)}) == kInf);
}

TEST_CASE("numbers: round, floor, ceil") {
  Harness h;
  CHECK(h.integer("round", {n(2.5)}) == 3);
  CHECK(h.integer("round", {n(-2.5)}) == -3);
  CHECK(h.integer("round", {n(2.4999)}) == 2);
  CHECK(h.integer("floor", {n(-0.5)}) == -1);
  CHECK(h.integer("floor", {n(7.9)}) == 7);
  CHECK(h.integer("ceil", {n(0.1)}) == 1);
  CHECK(h.integer("ceil", {n(-0.9)}) == 0);
  CHECK(h.integer("floor", {n(-9223372036854775808.0)}) == kMinInt);
  CHECK(h.integer("round", {n(9007199254740993.0)}) == 9007199254740992);
  for (const char* name : {"round", "floor", "ceil"}) {
    CAPTURE(name);
    CHECK(h.missing(name, {n(1e300)}));
    CHECK(h.missing(name, {n(-1e300)}));
    CHECK(h.missing(name, {n(9223372036854775808.0)}));
    CHECK(h.missing(name, {n(kInf)}));
    CHECK(h.missing(name, {n(std::nan(""))}));
    CHECK(h.missing(name, {none(Type::number)}));
  }
}

TEST_CASE("numbers: clamp") {
  Harness h;
  CHECK(h.integer("clamp", {i(120), i(0), i(100)}) == 100);
  CHECK(h.integer("clamp", {i(-5), i(0), i(100)}) == 0);
  CHECK(h.integer("clamp", {i(50), i(0), i(100)}) == 50);
  CHECK(h.integer("clamp", {i(5), i(5), i(5)}) == 5);
  CHECK(h.missing("clamp", {i(5), i(10), i(0)}));
  CHECK(h.number("clamp", {n(-0.5), n(0.0), n(1.0)}) == 0.0);
  CHECK(h.number("clamp", {n(kInf), n(0.0), n(1.0)}) == 1.0);
  CHECK(h.missing("clamp", {n(0.5), n(1.0), n(0.0)}));
  CHECK(h.missing("clamp", {n(std::nan("")), n(0.0), n(1.0)}));
}

TEST_CASE("numbers: logarithms") {
  Harness h;
  CHECK(h.number("log", {n(1.0)}) == 0.0);
  CHECK(h.number("log", {n(std::exp(2.0))}) == doctest::Approx(2.0));
  CHECK(h.number("log10", {n(1000.0)}) == 3.0);
  CHECK(h.number("log2", {n(8.0)}) == 3.0);
  CHECK(h.number("log10", {n(1e300)}) == doctest::Approx(300.0));
  CHECK(h.number("log", {n(5e-324)}) < -700.0);
  for (const char* name : {"log", "log10", "log2"}) {
    CAPTURE(name);
    CHECK(h.missing(name, {n(0.0)}));
    CHECK(h.missing(name, {n(-1.0)}));
    CHECK(h.missing(name, {n(kInf)}));
    CHECK(h.missing(name, {n(std::nan(""))}));
  }
}

TEST_CASE("time: days_since and hours_since use as_of") {
  Harness h;
  CHECK(h.number("days_since", {t(kAsOf - 216000)}) == 2.5);
  CHECK(h.number("days_since", {t(kAsOf)}) == 0.0);
  CHECK(h.number("days_since", {t(kAsOf + 86400)}) == -1.0);
  CHECK(h.number("hours_since", {t(kAsOf - 6 * 3600)}) == 6.0);
  CHECK(h.number("hours_since", {t(kAsOf - 90 * 60)}) == 1.5);
  h.as_of = 0;
  CHECK(h.number("days_since", {t(-86400)}) == 1.0);
  CHECK(h.missing("days_since", {none(Type::time)}));
}

TEST_CASE("text(t, zone) reads back as the same instant, in RFC 3339") {
  Harness h;
  auto zoned = [&](std::int64_t at, std::string_view zone) { return h.str("text", {t(at), h.s(zone)}); };
  auto reads_back = [&](std::int64_t at, std::string_view zone) { return parse_time(zoned(at, zone)) == at; };
  CHECK(zoned(1796632200, "Europe/Berlin") == "2026-12-07T09:30:00+01:00");
  // Local mean time, offset -10:29:20: written -10:29, the local time 20 s later than the true one.
  const std::int64_t lmt = -2717650801;  // 1883-11-18T16:59:59Z
  CHECK(zoned(lmt, "Pacific/Kiritimati") == "1883-11-18T06:30:59-10:29");
  CHECK(reads_back(lmt, "Pacific/Kiritimati"));
  CHECK(zoned(lmt, "Europe/Amsterdam") == "1883-11-18T17:18:59+00:19");
  CHECK(reads_back(lmt, "Europe/Amsterdam"));
  // A local time past 9999 or before 0001 cannot be written: UTC.
  CHECK(zoned(kLastTime, "Pacific/Kiritimati") == "9999-12-31T23:59:59Z");
  CHECK(zoned(kLastTime, "America/New_York") == "9999-12-31T18:59:59-05:00");
  const std::int64_t year_one = -62135596800;  // 0001-01-01T00:00:00Z
  CHECK(zoned(year_one, "America/New_York") == "0001-01-01T00:00:00Z");
  CHECK(zoned(year_one + 86400, "America/New_York") == "0001-01-01T19:04:00-04:56");
  CHECK(reads_back(year_one + 86400, "America/New_York"));
  CHECK(zoned(year_one, "Asia/Tokyo") == "0001-01-01T09:18:00+09:18");
  CHECK(reads_back(year_one, "Asia/Tokyo"));
}

TEST_CASE("time: weekday and hour_of_day") {
  Harness h;
  CHECK(h.integer("weekday", {t(kAsOf)}) == 1);                // Monday
  CHECK(h.integer("weekday", {t(kAsOf - 1)}) == 7);            // Sunday 23:59:59
  CHECK(h.integer("weekday", {t(0)}) == 4);                    // 1970-01-01, a Thursday
  CHECK(h.integer("weekday", {t(-86400)}) == 3);               // before the epoch
  CHECK(h.integer("hour_of_day", {t(kAsOf + 14 * 3600 + 1800)}) == 14);
  CHECK(h.integer("hour_of_day", {t(-1)}) == 23);
  const std::int64_t monday_2am = 1795399200;                  // 2026-11-23T02:00:00Z
  CHECK(h.integer("weekday", {t(monday_2am), h.s("America/New_York")}) == 7);
  CHECK(h.integer("hour_of_day", {t(monday_2am), h.s("America/New_York")}) == 21);
  CHECK(h.integer("weekday", {t(monday_2am), h.s("UTC")}) == 1);
  const std::int64_t summer = 1782916200;                      // 2026-07-01T14:30:00Z
  CHECK(h.integer("hour_of_day", {t(summer), h.s("Europe/Berlin")}) == 16);   // CEST
  CHECK(h.integer("hour_of_day", {t(kAsOf), h.s("Europe/Berlin")}) == 1);     // CET
  CHECK(h.integer("hour_of_day", {t(summer), h.s("Asia/Kolkata")}) == 20);
  CHECK(h.missing("hour_of_day", {t(summer), h.s("Mars/Olympus_Mons")}));
  CHECK(h.missing("weekday", {t(summer), h.s("")}));
  CHECK(h.missing("weekday", {t(kMaxInt), h.s("UTC")}));
  CHECK(h.missing("hour_of_day", {t(kMinInt)}));
  CHECK(h.missing("weekday", {none(Type::time), h.s("UTC")}));
}

TEST_CASE("time: date and durations") {
  Harness h;
  CHECK(h.integer("date", {i(2026), i(11), i(23)}) == kAsOf);
  CHECK(h.integer("date", {i(1970), i(1), i(1)}) == 0);
  CHECK(h.integer("date", {i(2024), i(2), i(29)}) == 1709164800);
  CHECK(h.missing("date", {i(2026), i(2), i(29)}));
  CHECK(h.missing("date", {i(2026), i(13), i(1)}));
  CHECK(h.missing("date", {i(2026), i(0), i(1)}));
  CHECK(h.missing("date", {i(0), i(1), i(1)}));
  CHECK(h.missing("date", {i(kMaxInt), i(1), i(1)}));
  CHECK(h.integer("days", {i(30)}) == 30 * 86400);
  CHECK(h.integer("days", {i(-1)}) == -86400);
  CHECK(h.integer("hours", {i(36)}) == 36 * 3600);
  CHECK(h.integer("minutes", {i(90)}) == 5400);
  CHECK(h.integer("weeks", {i(2)}) == 14 * 86400);
  CHECK(h.missing("days", {i(kMaxInt)}));
  CHECK(h.missing("hours", {i(kMinInt)}));
  CHECK(h.number("in_days", {d(36 * 3600)}) == 1.5);
  CHECK(h.number("in_hours", {d(90 * 60)}) == 1.5);
}

TEST_CASE("routing: one_of is stable and spreads keys") {
  Harness h;
  auto owners = h.list({"ana", "ben", "chen"});
  std::string first = h.str("one_of", {owners, h.s("d@big.example")});
  for (int k = 0; k < 5; ++k) CHECK(h.str("one_of", {owners, h.s("d@big.example")}) == first);
  // Pinned values: a change here reassigns every customer's leads.
  CHECK(first == "chen");
  CHECK(h.str("one_of", {owners, h.s("")}) == "ben");  // XXH3("") = 0x2D06800538D394C2
  CHECK(h.str("one_of", {owners, h.s("Директор@пример.рф")}) == "chen");
  CHECK(h.str("one_of", {h.list({"solo"}), h.s("anything")}) == "solo");
  int counts[3] = {0, 0, 0};
  for (int k = 0; k < 3000; ++k) {
    std::string owner = h.str("one_of", {owners, h.s("lead-" + std::to_string(k) + "@x.example")});
    counts[owner == "ana" ? 0 : owner == "ben" ? 1 : 2]++;
  }
  for (int c : counts) CHECK(c > 850);
  CHECK(h.missing("one_of", {h.list({}), h.s("key")}));
  CHECK(h.missing("one_of", {owners, none(Type::string)}));
}

TEST_CASE("aggregates are documented but not callable") {
  for (std::string_view name : {"count", "any", "all", "none", "sum", "min", "max", "avg", "distinct", "first",
                                "last", "streak"}) {
    CAPTURE(name);
    bool found = false;
    for (auto index : builtins().overloads(name))
      if (builtins().at(index).kind == Kind::aggregate) found = true;
    CHECK(found);
  }
}

TEST_CASE("results live in the arena and survive later calls") {
  Harness h;
  Value lowered = h.call("lower", {h.s("ABC")});
  Value words = h.call("words", {h.s("Head Of Sales")});
  for (int k = 0; k < 10000; ++k) h.call("upper", {h.s("some text to fill the arena blocks")});
  CHECK(lowered.str() == "abc");
  REQUIRE(words.len == 3);
  CHECK(words.items[2].str() == "sales");
  CHECK(reinterpret_cast<std::uintptr_t>(words.items) % alignof(Value) == 0);
}

TEST_CASE("time: date at the ends of its ranges (years 1-9999, months 1-12, days 1-31)") {
  Harness h;
  CHECK(h.integer("date", {i(9999), i(12), i(31)}) == 253402214400);
  CHECK(h.missing("date", {i(10000), i(1), i(1)}));
  CHECK(h.integer("date", {i(1), i(1), i(1)}) == -62135596800);
  CHECK(h.integer("date", {i(2026), i(12), i(1)}) == 1796083200);
  CHECK(h.integer("date", {i(2026), i(1), i(31)}) == 1769817600);
  CHECK(h.missing("date", {i(2026), i(1), i(32)}));
  CHECK(h.missing("date", {i(2026), i(1), i(0)}));
}
