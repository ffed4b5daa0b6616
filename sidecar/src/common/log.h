// Structured logging to stderr: one line per event, UTC time, level, message
// and key=value fields.
//
// Contract: values are escaped so untrusted text (paths, header values) can
// never forge a line (control characters, quotes and backslashes are escaped).
// Never log secrets or signatures. Threading: all functions are thread-safe;
// lines from different threads never interleave.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace klussen::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

bool ParseLevel(std::string_view text, Level* out);
void SetLevel(Level level);
Level GetLevel();

using Field = std::pair<std::string_view, std::string>;

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});
inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// Escapes a value for a log line; exposed for tests.
std::string EscapeValue(std::string_view value);

}  // namespace klussen::log
