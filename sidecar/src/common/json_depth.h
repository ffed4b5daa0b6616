// Nesting depth of JSON text, measured without parsing it.
//
// A linear scan with constant state and no recursion, so that a request body can be refused
// before a parser, a copy or a destructor recurses over an untrusted depth (a body of 200,000
// nested arrays overflows the stack otherwise). Brackets inside strings do not count. The text
// need not be valid JSON: the parser judges that afterwards.
//
// Thread-safe: pure functions.
#pragma once

#include <string_view>

namespace klussen {

// The nesting allowed in a request body: far more than any route's JSON needs.
inline constexpr int kMaxRequestJsonDepth = 64;

// Whether no array or object in `text` is nested deeper than `max_depth` levels (a flat object is
// depth 1). Stops at the first bracket beyond the limit.
bool JsonNestingWithin(std::string_view text, int max_depth = kMaxRequestJsonDepth);

}  // namespace klussen
