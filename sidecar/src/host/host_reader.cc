// The generation-independent parts of HostReader, the factory, and the helpers
// both generation readers share.

#include "host/host_reader.h"

#include "host/reader_internal.h"

namespace klussen::host {
namespace internal {

std::string ExpandSql(std::string_view sql_template,
                      const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  out.reserve(sql_template.size() + 64);
  size_t position = 0;
  while (position < sql_template.size()) {
    size_t open = sql_template.find('{', position);
    if (open == std::string_view::npos) break;
    size_t close = sql_template.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = sql_template.substr(open + 1, close - open - 1);
    const std::string* replacement = nullptr;
    for (const auto& [key, value] : values) {
      if (key == name) replacement = &value;
    }
    out.append(sql_template.substr(position, open - position));
    if (replacement != nullptr) {
      out.append(*replacement);
    } else {
      out.append(sql_template.substr(open, close - open + 1));  // not ours: keep it
    }
    position = close + 1;
  }
  out.append(sql_template.substr(position));
  return out;
}

std::string Placeholders(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

Status CheckPageLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return InvalidArgument("page size must be between 1 and " + std::to_string(kMaxPageSize) +
                           ", got " + std::to_string(limit));
  }
  return Status::Ok();
}

}  // namespace internal

Result<std::vector<ProfileValue>> HostReader::VisibleProfileValues(store::Connection& c,
                                                                   const AccessContext& viewer,
                                                                   Guid user) {
  KL_ASSIGN_OR_RETURN(std::optional<HostUser> owner, GetUser(c, user));
  if (!owner) return std::vector<ProfileValue>{};
  KL_ASSIGN_OR_RETURN(std::vector<ProfileValue> values, ProfileValues(c, user));
  return FilterVisible(viewer, *owner, std::move(values));
}

Result<bool> HostReader::CanSeeGroup(store::Connection& c, const AccessContext& viewer,
                                     Guid group) {
  KL_ASSIGN_OR_RETURN(std::optional<HostGroup> found, GetGroup(c, group));
  if (!found) return false;
  return CanRead(viewer, found->owner_guid, found->entity_access_id);
}

Result<std::unique_ptr<HostReader>> MakeHostReader(const HostSchema& schema,
                                                   const HostSettings& settings) {
  KL_RETURN_IF_ERROR(ValidatePrefix(schema.prefix));
  if (settings.prefix != schema.prefix) {
    return InvalidArgument("host table prefix '" + settings.prefix +
                           "' differs from the probed schema's '" + schema.prefix + "'");
  }
  if (settings.site_guid <= 0) {
    return InvalidArgument("host site guid must be positive, got " +
                           std::to_string(settings.site_guid));
  }
  if (settings.profile_fields.empty()) {
    return InvalidArgument("no host profile fields configured");
  }
  for (const auto& field : settings.profile_fields) {
    if (field.empty()) return InvalidArgument("an empty host profile field name is configured");
  }
  for (size_t i = 0; i < settings.profile_fields.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (settings.profile_fields[i] == settings.profile_fields[j]) {
        return InvalidArgument("host profile field '" + settings.profile_fields[i] +
                               "' is configured twice");
      }
    }
  }
  switch (schema.generation) {
    case Generation::kElgg1:
      return internal::NewSqlHostReader(schema, settings, internal::Elgg1Queries(schema, settings));
    case Generation::kElgg3:
      return internal::NewSqlHostReader(schema, settings, internal::Elgg3Queries(schema, settings));
    case Generation::kUnknown:
      break;
  }
  return FailedPrecondition("cannot read a host schema of unknown generation");
}

}  // namespace klussen::host
