// Reads Open Badges 2.0 JSON-LD (as Moodle and other learning platforms issue
// for completed courses) into an ImportPreview (issue #7). Pure: nothing is
// stored and nothing is fetched — klussen never follows the URLs in a badge.
//
// Accepted input (at most 1 MB, nesting at most 32 deep, before parsing):
//   - one Assertion with its BadgeClass and Issuer Profile embedded;
//   - a "hosted verification" bundle: a JSON array of documents, or an object
//     mapping each document's URL to the document, holding the Assertion(s),
//     and the BadgeClass and Issuer Profile they point at by URL, as the glue
//     or the member fetched them from those hosted URLs.
// Every top-level document needs "@context" referencing
// https://w3id.org/openbadges/v2 and a "type" (Assertion, BadgeClass,
// Issuer/Profile). An Assertion needs recipient, badge, verification (hosted
// or signed) and issuedOn; a BadgeClass needs name and issuer; a Profile
// needs name.
//
// Each assertion gives one course of kind "badge": title = badge name,
// provider = issuer name, issuer = issuer URL, date = issuedOn (YYYY-MM-DD),
// url = the assertion's hosted URL, criteria = the criteria narrative (or its
// URL). Each alignment (e.g. to an ESCO skill) gives a skill with
// reference = targetUrl; each tag gives a skill too.
//
// Errors (InvalidArgument unless said): not JSON; JSON of the wrong type; no
// Assertion; missing or wrongly typed required fields; a badge or issuer URL
// whose document is not in the upload; a revoked assertion; Open Badges 1.x
// or 3.0; a signed badge (JWS) or a baked image instead of JSON.
// PayloadTooLarge: over 1 MB, too deep, too many documents.
// Warnings: an expired badge; a signed badge (signature not checked); an
// assertion hosted on another origin than its issuer; skipped alignments.
// Not checked (needs fetching): hosted revocation lists, signatures, that the
// recipient identity (often a hashed e-mail address) is the member's.
// Threading: pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "portfolio/import_model.h"

namespace klussen::portfolio {

struct OpenBadgesLimits {
  size_t max_json_bytes = 1u << 20;
  size_t max_depth = 32;
  size_t max_documents = 50;   // top-level documents in a bundle
  size_t max_assertions = 20;  // badges in one upload
  size_t max_alignments = 50;  // per badge
  size_t max_tags = 30;        // per badge
};

Result<ImportPreview> ParseOpenBadgeAssertion(std::string_view json_bytes);
// `now` (Unix seconds) decides whether `expires` is in the past.
Result<ImportPreview> ParseOpenBadgeAssertion(std::string_view json_bytes, int64_t now,
                                              const OpenBadgesLimits& limits = {});

}  // namespace klussen::portfolio
