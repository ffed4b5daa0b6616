#include "http/authenticator.h"

#include <chrono>

#include "common/log.h"
#include "http/responses.h"

namespace klussen::http {
namespace {

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Authenticator::Authenticator(std::unique_ptr<auth::SignedContextVerifier> signed_context,
                             BearerSubjectVerifier bearer, host::SubjectKind bearer_subject_kind,
                             host::HostReader* host_reader, store::Pool* pool,
                             int failure_limit_per_minute)
    : signed_context_(std::move(signed_context)),
      bearer_(std::move(bearer)),
      bearer_subject_kind_(bearer_subject_kind),
      host_reader_(host_reader),
      pool_(pool),
      failures_(failure_limit_per_minute) {}

Status CheckUnambiguousTarget(const httplib::Request& req) {
  KL_ASSIGN_OR_RETURN(auth::StrictTarget target, auth::ParseStrictTarget(req.target));
  // Belt and braces: the strict grammar is chosen so that cpp-httplib decodes it exactly this way;
  // if a version of it ever reads the target otherwise, refuse rather than serve its reading.
  if (req.path != target.path) {
    return InvalidArgument("the server decodes the path differently from the verified form");
  }
  httplib::Params verified;
  for (const auto& [name, value] : target.query) verified.emplace(name, value);
  if (req.params != verified) {
    return InvalidArgument("the parameters differ from the verified query");
  }
  return Status::Ok();
}

Result<auth::Viewer> Authenticator::Authenticate(const httplib::Request& req) {
  // First, for signed, bearer and anonymous requests alike: a target that reads two ways is
  // refused before any credential is looked at (and is not an authentication failure).
  KL_RETURN_IF_ERROR(CheckUnambiguousTarget(req));
  int64_t now = NowUnix();
  const std::string authorization = req.get_header_value("Authorization");
  Result<auth::Viewer> viewer =
      authorization.rfind("Bearer ", 0) == 0
          ? AuthenticateBearer(std::string_view(authorization).substr(7), now)
          : AuthenticateSigned(req, now);
  if (viewer.ok()) {
    // A credential that verifies is served whatever else came from its address: the glue shares
    // 127.0.0.1 with every local process, so counting per address must never lock it out. A
    // viewer who is not (or no longer) an active user is an answer about that viewer (403), not
    // a failure of the caller.
    KL_RETURN_IF_ERROR(CheckActiveViewer(*viewer));
    return viewer;
  }
  if (viewer.status().code() != StatusCode::kUnauthenticated) return viewer;
  // The peer from the socket, never from a header (reliability.md §3.4). Past the limit, failed
  // attempts get 429 until their failures age out (and are not counted further).
  const std::string& source = req.remote_addr;
  const int64_t now_ms = NowMs();
  if (failures_.Blocked(source, now_ms)) {
    return ResourceExhausted("too many authentication failures from " + source);
  }
  failures_.RecordFailure(source, now_ms);
  return viewer;
}

Result<auth::Viewer> Authenticator::AuthenticateSigned(const httplib::Request& req, int64_t now) {
  auth::SignedRequest signed_request;
  signed_request.method = req.method;
  signed_request.target = req.target;
  signed_request.body = req.body;
  signed_request.header = [&req](std::string_view name) -> std::optional<std::string> {
    std::string key(name);
    if (req.get_header_value_count(key) != 1) return std::nullopt;
    return req.get_header_value(key);
  };
  return signed_context_->Verify(signed_request, now);
}

Result<auth::Viewer> Authenticator::AuthenticateBearer(std::string_view token, int64_t now) {
  if (!bearer_) return Unauthenticated("bearer tokens are not configured (oidc_issuer is empty)");
  KL_ASSIGN_OR_RETURN(std::string subject, bearer_(token, now));
  KL_ASSIGN_OR_RETURN(store::Pool::Lease lease, pool_->Acquire());
  auto found = host_reader_->FindUserBySubject(*lease, bearer_subject_kind_, subject);
  if (!found.ok()) {
    // An ambiguous or unmappable subject is a refusal, not a server fault.
    if (found.status().code() == StatusCode::kUnavailable) return found.status();
    return Unauthenticated("token subject cannot be mapped: " + found.status().message());
  }
  std::optional<host::HostUser> user = std::move(found).value();
  if (!user) return Unauthenticated("token subject is not an active host user");
  // No glue vouches for a site here, and tokens carry no site claim: the viewer acts for this
  // sidecar's site only when the host says they are a member of it (else for their own site), so
  // a token never sees "site" audiences of a site its user does not belong to.
  Result<host::Guid> site = host_reader_->SiteOfUser(*lease, user->guid);
  if (!site.ok()) {
    if (site.status().code() == StatusCode::kUnavailable) return site.status();
    return Unauthenticated("token subject has no site: " + site.status().message());
  }
  auth::Viewer viewer;
  viewer.guid = user->guid;
  viewer.site_guid = *site;
  viewer.language = user->language.empty() ? "nl" : user->language;
  viewer.source = auth::ViewerSource::kBearerToken;
  return viewer;
}

Status Authenticator::CheckActiveViewer(const auth::Viewer& viewer) {
  if (!viewer.logged_in() || viewer.source == auth::ViewerSource::kBearerToken) {
    return Status::Ok();  // logged out, or already looked up as an active user
  }
  KL_ASSIGN_OR_RETURN(store::Pool::Lease lease, pool_->Acquire());
  KL_ASSIGN_OR_RETURN(std::optional<host::HostUser> user,
                      host_reader_->GetUser(*lease, viewer.guid));
  if (!user) {
    return PermissionDenied("viewer " + std::to_string(viewer.guid) + " is not an active user");
  }
  return Status::Ok();
}

httplib::Server::Handler WithViewer(Authenticator& authenticator, ViewerHandler handler) {
  return [&authenticator, handler = std::move(handler)](const httplib::Request& req,
                                                        httplib::Response& res) {
    Result<auth::Viewer> viewer = authenticator.Authenticate(req);
    if (!viewer.ok()) {
      if (viewer.status().code() == StatusCode::kUnauthenticated &&
          req.has_header("Authorization")) {
        res.set_header("WWW-Authenticate", "Bearer");
      }
      log::Info("request refused", {{"request_id", RequestId(res)},
                                    {"peer", req.remote_addr},
                                    {"path", req.path.substr(0, 200)},
                                    {"reason", viewer.status().message()}});
      WriteError(res, viewer.status());
      return;
    }
    handler(req, res, *viewer);
  };
}

}  // namespace klussen::http
