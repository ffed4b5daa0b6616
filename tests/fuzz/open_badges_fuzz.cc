// libFuzzer target for the Open Badges import (POST
// /api/v1/portfolio/import/open-badges): one assertion, a bundle of documents
// as an array or keyed by URL, and what is refused up front (baked PNG or SVG
// images, signed badges). The importer never opens a baked image, so the
// image seeds only check that refusal. Built and run by scripts/fuzz.sh;
// seeds in tests/fuzz/corpus/open_badges/.
//
// Each input is read with the default limits and with tiny ones, so the limit
// paths are reached by small inputs too. Nothing may crash, leak, trip a
// sanitizer or throw, and no call may keep bytes of the process MemoryBudget
// once it has returned.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/log.h"
#include "common/memory_budget.h"
#include "portfolio/import_open_badges.h"

namespace {

using klussen::portfolio::OpenBadgesLimits;

// "Now" for the expiry check: the seeds expire on either side of it.
constexpr int64_t kNow = 1800000000;

OpenBadgesLimits TinyLimits() {
  OpenBadgesLimits limits;
  limits.max_json_bytes = 2048;
  limits.max_depth = 4;
  limits.max_documents = 2;
  limits.max_assertions = 1;
  limits.max_alignments = 1;
  limits.max_tags = 1;
  return limits;
}

// A lease left behind would shrink the budget of every later request.
void CheckBudgetReturned() {
  if (klussen::MemoryBudget::Process().in_use() != 0) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  klussen::log::SetLevel(klussen::log::Level::kError);  // keep the fuzzer's output readable
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const OpenBadgesLimits tiny = TinyLimits();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)klussen::portfolio::ParseOpenBadgeAssertion(input, kNow);
  CheckBudgetReturned();
  (void)klussen::portfolio::ParseOpenBadgeAssertion(input, kNow, tiny);
  CheckBudgetReturned();
  return 0;
}
