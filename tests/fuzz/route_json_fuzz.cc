// libFuzzer target for the input of every API route: the JSON request bodies
// and the path and query values. Built and run by scripts/fuzz.sh.
//
// The first byte picks the route ('A' the first, 'B' the second, ...; every
// byte value maps to some route), the rest is what that route reads. Each
// Fuzz* function calls the same casting, parsing and validation functions as
// its handler in sidecar/src/server/*_api.cc, in the same order, and stops
// where the handler would hand over to a service (which needs the database).
// No handler runs: they need an authenticated viewer and a database.
//
// Whatever the bytes, nothing may crash, leak, trip a sanitizer or throw (a
// thrown nlohmann exception would be a 500 instead of a 400). Besides, every
// input checks the nesting limiter (common/json_depth) against the depth the
// JSON parser sees. Seeds live in tests/fuzz/corpus/route_json/.

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_depth.h"
#include "common/log.h"
#include "klus/klus_input.h"
#include "portfolio/portfolio_service.h"
#include "server/import_input.h"
#include "server/request_input.h"

namespace {

using klussen::Result;
using nlohmann::json;

// "Now" for the deadline checks; seeds use deadlines after it.
constexpr int64_t kNow = 1800000000;

// The body as JsonBody casts it (depth limit, parse, object check): what
// every route with a body does first.
Result<json> Body(std::string_view text) {
  httplib::Request req;
  req.body = std::string(text);
  auto body = klussen::server::JsonBody(req);
  // The parser stops at a NUL byte; a body with one must not pass as its
  // prefix (a bug this target found).
  if (body.ok() && text.find('\0') != std::string_view::npos) __builtin_trap();
  return body;
}

// POST /api/v1/groups/{id}/klussen and PUT /api/v1/klussen/{id}: the klus
// fields, then the content checks the service runs before storing.
void FuzzKlusFields(std::string_view text, bool create) {
  static const std::vector<std::string_view> kCreateExtra = {"publish", "group_guid", "klus_id",
                                                             "version"};
  static const std::vector<std::string_view> kUpdateExtra = {"version", "klus_id", "group_guid",
                                                             "publish"};
  auto body = Body(text);
  if (!body.ok()) return;
  klussen::klus::KlusInput input =
      klussen::klus::ParseKlusInput(*body, create ? kCreateExtra : kUpdateExtra);
  if (!input.ok()) return;
  (void)klussen::klus::ValidateKlusFields(input.fields, kNow, true);
  (void)klussen::klus::ValidateKlusFields(input.fields, kNow, false);
}

// POST /api/v1/klussen/{id}/transition: the target state, and a deadline
// parsed as the klus field.
void FuzzTransition(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  if (auto to = body->find("to"); to != body->end() && to->is_string()) {
    (void)klussen::klus::ParseKlusState(to->get<std::string>());
  }
  if (auto d = body->find("deadline"); d != body->end() && !d->is_null() && *d != "") {
    (void)klussen::klus::ParseKlusInput(json{{"deadline", *d}}, {});
  }
}

// The short texts of apply, withdraw, invite and the decisions (klus
// participants, budget requests): each read with its route's limit.
void FuzzTexts(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  (void)klussen::klus::ReadText(*body, "motivation", 2000, true);
  (void)klussen::klus::ReadText(*body, "message", 2000, true);
  (void)klussen::klus::ReadText(*body, "reason_code", 32, false);
  (void)klussen::klus::ReadText(*body, "reason_text", 1000, true);
  (void)klussen::klus::ReadText(*body, "decision", 16, false);
  if (auto user = body->find("user_guid"); user != body->end() && user->is_string()) {
    (void)klussen::server::ParseId(user->get<std::string>());
  }
}

// POST /api/v1/klussen/{id}/participants/{id}/complete.
void FuzzComplete(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  if (auto hours = body->find("hours_spent"); hours != body->end()) {
    (void)klussen::klus::ParseHoursTenths(*hours);
  }
  std::string code;
  (void)klussen::klus::ParseSkills(body->value("confirmed_skills", json::array()), &code);
}

// PUT /api/v1/portfolio: the settings over the defaults, and the version.
void FuzzPortfolioSettings(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  std::vector<klussen::klus::FieldError> errors;
  (void)klussen::portfolio::PortfolioService::ParseSettings(*body, {}, &errors);
  if (auto v = body->find("version"); v != body->end() && v->is_string()) {
    (void)klussen::server::ParseId(v->get<std::string>());
  }
}

// POST /api/v1/portfolio/items and /items/{id} (level and visibility only).
void FuzzItem(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  (void)klussen::portfolio::PortfolioService::ParseItem(*body);
  json with_label = *body;
  with_label["label"] = "x";
  (void)klussen::portfolio::PortfolioService::ParseItem(with_label);
}

// POST /api/v1/portfolio/entries.
void FuzzEntry(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  (void)klussen::portfolio::PortfolioService::ParseEntry(*body);
}

// POST /api/v1/portfolio/budget-requests.
void FuzzBudgetRequest(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  if (auto hours = body->find("hours_per_week"); hours != body->end()) {
    (void)klussen::klus::ParseHoursTenths(*hours);
  }
  (void)klussen::klus::ReadText(*body, "from", 10, false);
  (void)klussen::klus::ReadText(*body, "until", 10, false);
  (void)klussen::klus::ReadText(*body, "note", 1000, true);
}

// POST /api/v1/portfolio/import/save.
void FuzzImportSave(std::string_view text) {
  auto body = Body(text);
  if (!body.ok()) return;
  (void)klussen::server::ParseKeptImport(*body);
}

// Path ids and query parameters: lines "name=value"; a name of "id" is a path
// segment, "state" a comma-separated list of klus states, anything else an
// integer query parameter with the widest range a route allows.
void FuzzPathAndQuery(std::string_view text) {
  httplib::Request req;
  size_t start = 0;
  while (start < text.size() && req.params.size() < 16) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(line.substr(0, eq));
    std::string value(line.substr(eq + 1));
    if (name == "id") {
      (void)klussen::server::ParseId(value);
    } else if (name == "state") {
      size_t from = 0;
      while (from <= value.size()) {
        size_t comma = std::min(value.find(',', from), value.size());
        (void)klussen::klus::ParseKlusState(value.substr(from, comma - from));
        from = comma + 1;
      }
    } else {
      req.params.emplace(name, value);
    }
  }
  for (const char* name : {"offset", "limit", "after"}) {
    (void)klussen::server::QueryInt(req, name, 0, 0, INT64_MAX);
    (void)klussen::server::QueryInt(req, name, 10, 1, 100);
  }
}

// The SAX events of nlohmann's parser, counting only the nesting depth (no
// document is built, so any depth is safe to measure).
struct DepthCounter : json::json_sax_t {
  int depth = 0;
  int max_depth = 0;
  bool Open() {
    max_depth = std::max(max_depth, ++depth);
    return true;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

// The limiter must never pass a body nested deeper than its limit: that is
// the stack overflow it exists to prevent. For valid JSON it must also agree
// exactly with the parser, or a route refuses a body within the limit. Except
// after a NUL byte: nlohmann's parser takes one as the end of the input and
// ignores the rest, which the limiter still counts (refusing more is safe).
void CheckDepthLimiter(std::string_view text) {
  DepthCounter counter;
  if (!json::sax_parse(text, &counter)) return;  // the parser refuses it anyway
  const bool exact = text.find('\0') == std::string_view::npos;
  for (int limit : {1, 2, 5, klussen::kMaxRequestJsonDepth}) {
    const bool within = klussen::JsonNestingWithin(text, limit);
    if (within && counter.max_depth > limit) __builtin_trap();
    if (exact && !within && counter.max_depth <= limit) __builtin_trap();
  }
}

using RouteFuzzer = void (*)(std::string_view);
constexpr RouteFuzzer kRoutes[] = {
    [](std::string_view t) { FuzzKlusFields(t, true); },   // A: create a klus
    [](std::string_view t) { FuzzKlusFields(t, false); },  // B: update a klus
    FuzzTransition,                                        // C
    FuzzTexts,                                             // D
    FuzzComplete,                                          // E
    FuzzPortfolioSettings,                                 // F
    FuzzItem,                                              // G
    FuzzEntry,                                             // H
    FuzzBudgetRequest,                                     // I
    FuzzImportSave,                                        // J
    FuzzPathAndQuery,                                      // K
};
constexpr size_t kRouteCount = sizeof(kRoutes) / sizeof(kRoutes[0]);

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  klussen::log::SetLevel(klussen::log::Level::kError);  // keep the fuzzer's output readable
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  kRoutes[static_cast<uint8_t>(data[0] - 'A') % kRouteCount](rest);
  CheckDepthLimiter(rest);
  return 0;
}
