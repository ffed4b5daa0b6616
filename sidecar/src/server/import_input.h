// The body of POST /api/v1/portfolio/import/save: the preview rows the member
// kept, checked like typed items and entries. Apart from the handler so that
// the same checks can be unit-tested and fuzzed without a database.
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "portfolio/portfolio_model.h"

namespace klussen::server {

struct KeptImport {
  std::string source;  // "linkedin" or "open_badges"
  std::vector<portfolio::Item> items;
  std::vector<portfolio::Entry> entries;
};

// `body` is the request's JSON object. InvalidArgument for an unknown source,
// more than 500 rows of a kind, or a row that would not pass as typed.
Result<KeptImport> ParseKeptImport(const nlohmann::json& body);

}  // namespace klussen::server
