// Who is asking, for every route that needs a viewer: the signed viewer
// context of the glue (docs/protocol.md), or an OIDC bearer token when
// bearer tokens are configured. A viewer guid other than 0 must be an active
// host user. Failures per source are counted; a source over the limit gets
// 429 before anything is verified.
//
// Threading: thread-safe; one instance serves all workers.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>

#include "auth/canonical.h"
#include "auth/failure_limiter.h"
#include "auth/signed_context.h"
#include "auth/viewer.h"
#include "common/status.h"
#include "host/host_reader.h"
#include "store/database.h"

namespace klussen::http {

// Verifies a bearer token and answers its subject (`sub`); Unauthenticated
// when the token is not acceptable.
using BearerSubjectVerifier =
    std::function<Result<std::string>(std::string_view token, int64_t now_unix)>;

class Authenticator {
 public:
  Authenticator(std::unique_ptr<auth::SignedContextVerifier> signed_context,
                BearerSubjectVerifier bearer, host::SubjectKind bearer_subject_kind,
                host::HostReader* host_reader, store::Pool* pool, int failure_limit_per_minute);

  // InvalidArgument (400) for an ambiguous target (CheckUnambiguousTarget,
  // before any credential is looked at), Unauthenticated (401),
  // PermissionDenied (403), ResourceExhausted (429) or Unavailable (503).
  Result<auth::Viewer> Authenticate(const httplib::Request& req);

  auth::FailureLimiter& failure_limiter() { return failures_; }

 private:
  Result<auth::Viewer> AuthenticateBearer(std::string_view token, int64_t now);
  Result<auth::Viewer> AuthenticateSigned(const httplib::Request& req, int64_t now);
  Status CheckActiveViewer(const auth::Viewer& viewer);

  std::unique_ptr<auth::SignedContextVerifier> signed_context_;
  BearerSubjectVerifier bearer_;
  host::SubjectKind bearer_subject_kind_;
  host::HostReader* host_reader_;
  store::Pool* pool_;
  auth::FailureLimiter failures_;
};

// The request's target in the strict form of auth::ParseStrictTarget, and
// cpp-httplib's own reading of it (req.path, req.params, which handlers use)
// equal to that parse: otherwise InvalidArgument, answered 400. This is what
// makes the target that was verified (signed or not) the target that is
// served. Parameters from a form-encoded body also make req.params differ
// and are refused the same way: no route reads a form body.
Status CheckUnambiguousTarget(const httplib::Request& req);

using ViewerHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const auth::Viewer&)>;

// Wraps a handler so it runs only for an authenticated viewer; failures are
// answered by WriteError (generic body, precise reason in the log).
httplib::Server::Handler WithViewer(Authenticator& authenticator, ViewerHandler handler);

}  // namespace klussen::http
