// SHA-256, HMAC-SHA256 and constant-time comparison (OpenSSL), as lower-case
// hex where a text form is needed.
// Threading: stateless functions.
#pragma once

#include <string>
#include <string_view>

namespace klussen {

std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Compares without leaking where the first difference is (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
std::string ToHex(const unsigned char* data, size_t size);

}  // namespace klussen
