// Status and Result<T>: the error currency at every fallible boundary.
//
// Contract: functions that can fail because of input, configuration, the
// database or the network return Status or Result<T>; they never throw on the
// request path. Broken invariants (programmer errors) abort instead.
// Threading: values, freely copyable; no shared state.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace klussen {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller sent something malformed
  kNotFound,            // no such thing, or the viewer may not know it exists
  kPermissionDenied,    // known, visible, but not allowed
  kUnauthenticated,     // no valid identity
  kConflict,            // state does not allow this (duplicate, wrong state)
  kPayloadTooLarge,     // body or field over a limit
  kResourceExhausted,   // a rate limit was hit; try again later
  kUnavailable,         // a dependency (database) is down; try again later
  kFailedPrecondition,  // configuration or schema is not as required
  kInternal,            // a bug or an unexpected failure
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "Unavailable: database connection refused"
  std::string ToString() const;

  // Adds context in front of the message: "loading config: <message>".
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
inline Status PayloadTooLarge(std::string m) {
  return {StatusCode::kPayloadTooLarge, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    if (std::get<Status>(data_).ok()) std::abort();   // an OK Result needs a value
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

 private:
  T& Checked() {
    if (!ok()) std::abort();  // reading the value of a failed Result is a bug
    return std::get<T>(data_);
  }
  const T& Checked() const {
    if (!ok()) std::abort();
    return std::get<T>(data_);
  }
  std::variant<T, Status> data_;
};

}  // namespace klussen

// Early return on failure, for Status and Result expressions.
#define KL_RETURN_IF_ERROR(expr) KL_RETURN_IF_ERROR_IMPL(KL_CONCAT(kl_status_, __COUNTER__), expr)
// A unique name per expansion, so nested uses (inside a lambda passed to a
// checked call) do not shadow each other.
#define KL_RETURN_IF_ERROR_IMPL(name, expr) \
  do {                                      \
    ::klussen::Status name = (expr);        \
    if (!name.ok()) return name;            \
  } while (0)

#define KL_CONCAT_INNER(a, b) a##b
#define KL_CONCAT(a, b) KL_CONCAT_INNER(a, b)
#define KL_ASSIGN_OR_RETURN(lhs, expr) \
  KL_ASSIGN_OR_RETURN_IMPL(KL_CONCAT(kl_result_, __COUNTER__), lhs, expr)
#define KL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
