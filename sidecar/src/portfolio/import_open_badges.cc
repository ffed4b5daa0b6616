#include "portfolio/import_open_badges.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/dates.h"
#include "common/json_depth.h"
#include "common/memory_budget.h"
#include "klus/klus_input.h"
#include "portfolio/import_text.h"

namespace klussen::portfolio {
namespace {

// A parsed JSON document takes about this many times its text in memory.
constexpr size_t kParsedJsonExpansion = 16;

using nlohmann::json;

constexpr std::string_view kContextV2 = "https://w3id.org/openbadges/v2";
constexpr std::string_view kContextV2File = "https://openbadgespec.org/v2/context.json";

std::string TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

bool Absent(const json& object, std::string_view key) {
  auto found = object.find(key);
  return found == object.end() || found->is_null();
}

const json* Find(const json& object, std::string_view key) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

// `type` may be a string or an array of strings, and a name or a full IRI.
bool HasType(const json& document, std::string_view wanted) {
  const json* type = Find(document, "type");
  if (type == nullptr) return false;
  auto matches = [&](const json& one) {
    if (!one.is_string()) return false;
    std::string_view name = one.get_ref<const std::string&>();
    size_t hash = name.find_last_of('#');
    if (hash != std::string_view::npos) name.remove_prefix(hash + 1);
    return name == wanted;
  };
  if (type->is_array()) {
    for (const json& one : *type) {
      if (matches(one)) return true;
    }
    return false;
  }
  return matches(*type);
}

std::string Origin(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  size_t end = url.find_first_of("/?#", scheme + 3);
  return LowerAscii(url.substr(0, end));
}

class BadgeReader {
 public:
  BadgeReader(int64_t now, const OpenBadgesLimits& limits) : now_(now), limits_(limits) {}

  Result<ImportPreview> Read(const json& root) {
    KL_RETURN_IF_ERROR(CollectDocuments(root));
    std::vector<const json*> assertions;
    for (const json* document : documents_) {
      if (HasType(*document, "Assertion")) assertions.push_back(document);
    }
    if (assertions.empty()) {
      return InvalidArgument(
          "no Open Badges Assertion in the upload (a document with \"type\": \"Assertion\")");
    }
    if (assertions.size() > limits_.max_assertions) {
      return PayloadTooLarge("more than " + std::to_string(limits_.max_assertions) +
                             " badges in one upload");
    }
    for (size_t i = 0; i < assertions.size(); ++i) {
      where_ = assertions.size() == 1 ? "the assertion" : "assertion " + std::to_string(i + 1);
      KL_RETURN_IF_ERROR(ReadAssertion(*assertions[i]));
    }
    return std::move(preview_);
  }

 private:
  Status CollectDocuments(const json& root) {
    std::vector<const json*> top;
    if (root.is_array()) {
      if (root.empty()) return InvalidArgument("the JSON array is empty: no Open Badges documents");
      size_t n = 0;
      for (const json& item : root) {
        ++n;
        if (!item.is_object()) {
          return InvalidArgument("item " + std::to_string(n) + " of the JSON array is " +
                                 TypeName(item) + ", not an Open Badges document");
        }
        top.push_back(&item);
      }
    } else if (root.is_object()) {
      if (root.contains("type") || root.contains("@context")) {
        top.push_back(&root);
      } else {
        // {"https://…/assertion": {...}, "https://…/badge": {...}}: documents by URL.
        for (const auto& [key, value] : root.items()) {
          if (!value.is_object()) {
            return InvalidArgument(
                "not an Open Badges document: no \"type\" or \"@context\", and " + Shown(key) +
                " is " + TypeName(value) + ", not a document");
          }
          top.push_back(&value);
        }
        if (top.empty()) return InvalidArgument("the JSON object is empty");
      }
    } else {
      return InvalidArgument("expected a JSON object (an Open Badges assertion), got " +
                             TypeName(root));
    }
    if (top.size() > limits_.max_documents) {
      return PayloadTooLarge("more than " + std::to_string(limits_.max_documents) +
                             " documents in one upload");
    }
    for (size_t i = 0; i < top.size(); ++i) {
      const json& document = *top[i];
      std::string which = top.size() == 1 ? "the document" : "document " + std::to_string(i + 1);
      KL_RETURN_IF_ERROR(CheckContext(document, which));
      if (Absent(document, "type")) return InvalidArgument(which + " has no \"type\"");
      if (const json* id = Find(document, "id"); id != nullptr && id->is_string()) {
        if (!by_id_.emplace(id->get<std::string>(), &document).second) {
          return InvalidArgument(
              which + " has the same id as another document: " + Shown(id->get<std::string>()));
        }
      }
      documents_.push_back(&document);
    }
    return Status::Ok();
  }

  static Status CheckContext(const json& document, const std::string& which) {
    const json* context = Find(document, "@context");
    if (context == nullptr) {
      return InvalidArgument(which + " has no \"@context\"; Open Badges 2.0 documents reference " +
                             std::string(kContextV2));
    }
    std::vector<std::string> names;
    if (context->is_string()) names.push_back(context->get<std::string>());
    if (context->is_array()) {
      for (const json& one : *context) {
        if (one.is_string()) names.push_back(one.get<std::string>());
      }
    }
    for (std::string name : names) {
      if (!name.empty() && name.back() == '/') name.pop_back();
      if (name == kContextV2 || name == kContextV2File) return Status::Ok();
    }
    for (const std::string& name : names) {
      if (name.find("openbadges/v1") != std::string::npos) {
        return InvalidArgument(which + " is Open Badges 1.x; only Open Badges 2.0 is supported");
      }
      if (name.find("spec/ob/v3") != std::string::npos) {
        return InvalidArgument(which +
                               " is Open Badges 3.0 (a verifiable credential); only Open Badges "
                               "2.0 is supported");
      }
    }
    return InvalidArgument(which + "'s \"@context\" does not reference " + std::string(kContextV2));
  }

  static std::string Shown(std::string text) {
    CutToChars(text, 80);
    return "\"" + text + "\"";
  }

  // A text property: absent is "" (an error when `required`); another type is an error.
  Result<std::string> Text(const json& object, std::string_view key, std::string_view owner,
                           bool required, size_t max_chars, bool keep_newlines = false) {
    const json* value = Find(object, key);
    if (value == nullptr) {
      if (required) {
        return InvalidArgument(std::string(owner) + " has no \"" + std::string(key) + "\"");
      }
      return std::string();
    }
    if (!value->is_string()) {
      return InvalidArgument(std::string(owner) + "'s \"" + std::string(key) + "\" is " +
                             TypeName(*value) + ", not text");
    }
    auto text = CleanImportText(value->get_ref<const std::string&>(), keep_newlines);
    if (!text)
      return InvalidArgument(std::string(owner) + "'s \"" + std::string(key) + "\" is not UTF-8");
    if (required && text->empty()) {
      return InvalidArgument(std::string(owner) + "'s \"" + std::string(key) + "\" is empty");
    }
    if (CutToChars(*text, max_chars)) {
      preview_.warnings.push_back(std::string(owner) + "'s \"" + std::string(key) +
                                  "\" was cut to " + std::to_string(max_chars) + " characters");
    }
    return *text;
  }

  // An embedded object or the id of a document in the upload, of type `type`.
  Result<const json*> Resolve(const json& object, std::string_view key, std::string_view owner,
                              std::string_view type, std::string_view what) {
    const json* value = Find(object, key);
    if (value == nullptr) {
      return InvalidArgument(std::string(owner) + " has no \"" + std::string(key) + "\"");
    }
    if (value->is_object()) return value;
    if (!value->is_string()) {
      return InvalidArgument(std::string(owner) + "'s \"" + std::string(key) + "\" is " +
                             TypeName(*value) + ", not " + std::string(what) + " or its URL");
    }
    const std::string& id = value->get_ref<const std::string&>();
    auto found = by_id_.find(id);
    if (found == by_id_.end()) {
      return InvalidArgument(std::string(owner) + " points at " + std::string(what) + " " +
                             Shown(id) +
                             " that is not in the upload; add the JSON found at that address "
                             "(klussen does not fetch it)");
    }
    if (!HasType(*found->second, type) &&
        !(type == "Profile" && HasType(*found->second, "Issuer"))) {
      return InvalidArgument(Shown(id) + " is not " + std::string(what) + " (type " +
                             std::string(type) + ")");
    }
    return found->second;
  }

  Status ReadAssertion(const json& assertion) {
    const std::string& where = where_;
    if (const json* revoked = Find(assertion, "revoked");
        revoked && revoked->is_boolean() && revoked->get<bool>()) {
      KL_ASSIGN_OR_RETURN(std::string reason,
                          Text(assertion, "revocationReason", where, false, 200));
      return InvalidArgument(where + " is revoked by its issuer" +
                             (reason.empty() ? "" : ": " + reason));
    }
    // Recipient: present and well formed; whether it is the member is the glue's check.
    const json* recipient = Find(assertion, "recipient");
    if (recipient == nullptr || !recipient->is_object()) {
      return InvalidArgument(where + " has no \"recipient\" object");
    }
    KL_RETURN_IF_ERROR(Text(*recipient, "identity", where + "'s recipient", true, 1000).status());

    // Verification.
    const json* verification = Find(assertion, "verification");
    if (verification == nullptr || !verification->is_object()) {
      return InvalidArgument(where + " has no \"verification\" object");
    }
    KL_ASSIGN_OR_RETURN(std::string verification_type,
                        Text(*verification, "type", where + "'s verification", true, 100));
    std::string vt = LowerAscii(verification_type);
    bool hosted = vt == "hosted" || vt == "hostedbadge";
    bool is_signed = vt == "signed" || vt == "signedbadge";
    if (!hosted && !is_signed) {
      return InvalidArgument(where + "'s verification type " + Shown(verification_type) +
                             " is neither hosted nor signed");
    }

    KL_ASSIGN_OR_RETURN(std::string assertion_id, Text(assertion, "id", where, false, 2000));
    auto assertion_url = SafeUrl(assertion_id);
    if (hosted && !assertion_url) {
      return InvalidArgument(where +
                             " uses hosted verification but its \"id\" is not the http(s) "
                             "address where it is hosted");
    }

    // Dates.
    KL_ASSIGN_OR_RETURN(std::string issued_on, Text(assertion, "issuedOn", where, true, 64));
    if (issued_on.size() < 10 || !ParseIsoDate(issued_on.substr(0, 10))) {
      return InvalidArgument(where + "'s \"issuedOn\" " + Shown(issued_on) +
                             " is not an ISO 8601 date");
    }
    std::string date = issued_on.substr(0, 10);

    // Badge and issuer.
    KL_ASSIGN_OR_RETURN(const json* badge,
                        Resolve(assertion, "badge", where, "BadgeClass", "a BadgeClass"));
    const std::string badge_owner = where + "'s badge";
    KL_ASSIGN_OR_RETURN(std::string name, Text(*badge, "name", badge_owner, true, kMaxTitleChars));
    const std::string badge_where = "badge " + Shown(name);
    KL_ASSIGN_OR_RETURN(const json* issuer,
                        Resolve(*badge, "issuer", badge_where, "Profile", "an issuer Profile"));
    const std::string issuer_where = badge_where + "'s issuer";
    KL_ASSIGN_OR_RETURN(std::string issuer_name,
                        Text(*issuer, "name", issuer_where, true, kMaxTitleChars));
    KL_ASSIGN_OR_RETURN(std::string issuer_url_text,
                        Text(*issuer, "url", issuer_where, false, 2000));
    KL_ASSIGN_OR_RETURN(std::string issuer_id, Text(*issuer, "id", issuer_where, false, 2000));
    std::string issuer_url = SafeUrl(issuer_url_text).value_or(SafeUrl(issuer_id).value_or(""));

    if (hosted) CheckHostedOrigin(*verification, *assertion_url, issuer_id, badge_where);
    if (is_signed) {
      preview_.warnings.push_back(badge_where +
                                  " is a signed badge; its signature was not checked");
    }
    KL_RETURN_IF_ERROR(CheckExpiry(assertion, badge_where));

    // Criteria: {"narrative": ..., "id": url} or a URL.
    std::string criteria;
    if (const json* value = Find(*badge, "criteria"); value != nullptr) {
      if (value->is_object()) {
        KL_ASSIGN_OR_RETURN(criteria, Text(*value, "narrative", badge_where + "'s criteria", false,
                                           kMaxDescriptionChars, true));
        if (criteria.empty()) {
          KL_ASSIGN_OR_RETURN(std::string id,
                              Text(*value, "id", badge_where + "'s criteria", false, 2000));
          criteria = SafeUrl(id).value_or("");
        }
      } else if (value->is_string()) {
        criteria = SafeUrl(value->get_ref<const std::string&>()).value_or("");
      } else {
        return InvalidArgument(badge_where + "'s \"criteria\" is " + TypeName(*value) +
                               ", not an object or a URL");
      }
    }

    ImportedCourse course;
    course.title = name;
    course.provider = issuer_name;
    course.date = date;
    course.url = assertion_url.value_or("");
    course.kind = "badge";
    course.issuer = issuer_url;
    course.criteria = criteria;
    preview_.courses.push_back(std::move(course));

    KL_RETURN_IF_ERROR(ReadAlignments(*badge, name, badge_where));
    return ReadTags(*badge, name, badge_where);
  }

  // Hosted assertions must live on their issuer's origin (or an allowed one).
  void CheckHostedOrigin(const json& verification, const std::string& assertion_url,
                         const std::string& issuer_id, const std::string& badge_where) {
    std::set<std::string> allowed;
    if (const json* origins = Find(verification, "allowedOrigins"); origins != nullptr) {
      auto add = [&](const json& one) {
        if (one.is_string()) allowed.insert(LowerAscii(one.get<std::string>()));
      };
      if (origins->is_array()) {
        for (const json& one : *origins) add(one);
      } else {
        add(*origins);
      }
    } else if (!Origin(issuer_id).empty()) {
      allowed.insert(Origin(issuer_id));
    }
    if (allowed.empty()) return;
    std::string origin = Origin(assertion_url);
    std::string host = origin.substr(origin.find("://") + 3);
    if (allowed.count(origin) == 0 && allowed.count(host) == 0) {
      preview_.warnings.push_back(badge_where + " is hosted at " + origin +
                                  ", not at its issuer's address; hosted verification would fail");
    }
  }

  Status CheckExpiry(const json& assertion, const std::string& badge_where) {
    KL_ASSIGN_OR_RETURN(std::string expires, Text(assertion, "expires", where_, false, 64));
    if (expires.empty()) return Status::Ok();
    std::optional<int64_t> at;
    if (expires.size() == 10) {
      if (auto day = ParseIsoDate(expires)) at = *day * kSecondsPerDay + kSecondsPerDay - 1;
    } else {
      std::string text = expires;
      // "2024-01-01T00:00:00.000Z": drop the fraction, which ParseIsoInstant does not take.
      if (text.size() > 19 && text[19] == '.') {
        size_t end = 20;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        text.erase(19, end - 19);
      }
      at = ParseIsoInstant(text);
    }
    if (!at) {
      return InvalidArgument(where_ + "'s \"expires\" " + Shown(expires) +
                             " is not an ISO 8601 date");
    }
    if (*at < now_) {
      preview_.warnings.push_back(badge_where + " expired on " + expires.substr(0, 10));
    }
    return Status::Ok();
  }

  Status ReadAlignments(const json& badge, const std::string& name,
                        const std::string& badge_where) {
    const json* alignments = Find(badge, "alignment");
    if (alignments == nullptr) return Status::Ok();
    std::vector<const json*> list;
    if (alignments->is_array()) {
      for (const json& one : *alignments) list.push_back(&one);
    } else {
      list.push_back(alignments);  // JSON-LD allows a single value for a list
    }
    if (list.size() > limits_.max_alignments) {
      return PayloadTooLarge(badge_where + " has more than " +
                             std::to_string(limits_.max_alignments) + " alignments");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const json& one = *list[i];
      std::string which = badge_where + "'s alignment " + std::to_string(i + 1);
      if (!one.is_object()) {
        preview_.warnings.push_back(which + " is " + TypeName(one) + "; skipped");
        continue;
      }
      auto label = Text(one, "targetName", which, true, 1000);
      if (!label.ok() || klus::CodePoints(*label) > kMaxLabelChars) {
        preview_.warnings.push_back(which + " has no usable targetName; skipped");
        continue;
      }
      auto url = Text(one, "targetUrl", which, false, 2000);
      auto framework = Text(one, "targetFramework", which, false, 100);
      std::string detail = "alignment of badge \"" + name + "\"";
      if (framework.ok() && !framework->empty()) detail += " (" + *framework + ")";
      AddSkill(*label, detail, url.ok() ? SafeUrl(*url).value_or("") : "",
               "import.origin.alignment", name);
    }
    return Status::Ok();
  }

  Status ReadTags(const json& badge, const std::string& name, const std::string& badge_where) {
    const json* tags = Find(badge, "tags");
    if (tags == nullptr) return Status::Ok();
    if (!tags->is_array()) {
      return InvalidArgument(badge_where + "'s \"tags\" is " + TypeName(*tags) + ", not an array");
    }
    size_t count = 0;
    for (const json& tag : *tags) {
      if (++count > limits_.max_tags) {
        preview_.warnings.push_back(badge_where + " has more than " +
                                    std::to_string(limits_.max_tags) + " tags; the rest skipped");
        break;
      }
      if (!tag.is_string()) continue;
      auto label = CleanImportText(tag.get_ref<const std::string&>(), false);
      if (!label || label->empty() || klus::CodePoints(*label) > kMaxLabelChars) continue;
      AddSkill(*label, "tag of badge \"" + name + "\"", "", "import.origin.tag", name);
    }
    return Status::Ok();
  }

  void AddSkill(const std::string& label, const std::string& detail, const std::string& reference,
                const std::string& origin_key, const std::string& origin_name) {
    std::string key = LowerAscii(label) + "\n" + reference;
    if (!skill_keys_.insert(key).second) return;
    preview_.skills.push_back({label, "open_badges", detail, reference, origin_key, origin_name});
  }

  int64_t now_;
  const OpenBadgesLimits& limits_;
  std::vector<const json*> documents_;
  std::map<std::string, const json*> by_id_;
  std::set<std::string> skill_keys_;
  std::string where_;
  ImportPreview preview_;
};

}  // namespace

Result<ImportPreview> ParseOpenBadgeAssertion(std::string_view json_bytes) {
  return ParseOpenBadgeAssertion(json_bytes, UnixNow());
}

Result<ImportPreview> ParseOpenBadgeAssertion(std::string_view json_bytes, int64_t now,
                                              const OpenBadgesLimits& limits) {
  if (json_bytes.size() > limits.max_json_bytes) {
    return PayloadTooLarge("the badge file is larger than " +
                           std::to_string(limits.max_json_bytes / 1024) + " KB");
  }
  if (json_bytes.substr(0, 3) == "\xEF\xBB\xBF") json_bytes.remove_prefix(3);
  if (json_bytes.substr(0, 4) == "\x89PNG" || json_bytes.substr(0, 5) == "<?xml" ||
      json_bytes.substr(0, 4) == "<svg") {
    return InvalidArgument("this is a badge image; upload the badge's JSON (assertion) instead");
  }
  if (json_bytes.substr(0, 3) == "eyJ") {
    return InvalidArgument(
        "this is a signed badge (JWS); upload the badge's JSON assertion instead");
  }
  if (!JsonNestingWithin(json_bytes, static_cast<int>(limits.max_depth))) {
    return PayloadTooLarge("the JSON is nested deeper than " + std::to_string(limits.max_depth) +
                           " levels");
  }
  // A parsed document takes many times its text; charge that while it lives.
  MemoryBudget::Lease parsed;
  switch (parsed.Grow(json_bytes.size() * kParsedJsonExpansion)) {
    case MemoryBudget::Refusal::kNone:
      break;
    case MemoryBudget::Refusal::kTooLarge:
      return PayloadTooLarge("the badge file is larger than the sidecar can parse");
    case MemoryBudget::Refusal::kBusy:
      return Unavailable("other imports are using the sidecar's memory; try again shortly");
  }
  json root = json::parse(json_bytes, nullptr, false);
  if (root.is_discarded()) return InvalidArgument("the badge file is not valid JSON (UTF-8)");
  return BadgeReader(now, limits).Read(root);
}

}  // namespace klussen::portfolio
