#include "server/api_routes.h"

#include "http/responses.h"

namespace klussen::server {

void RegisterApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                       host::HostReader& host_reader, store::Pool& pool) {
  // Who the sidecar thinks is asking: the glue's and API clients' first check.
  server.Get(
      "/api/v1/me",
      http::WithViewer(authenticator, [&host_reader, &pool](const httplib::Request&,
                                                            httplib::Response& res,
                                                            const auth::Viewer& viewer) {
        nlohmann::json body = {
            {"language", viewer.language},
            {"authenticated_by",
             viewer.source == auth::ViewerSource::kBearerToken ? "bearer_token" : "signed_context"},
            {"viewer", nullptr}};
        if (viewer.logged_in()) {
          auto lease = pool.Acquire();
          if (!lease.ok()) return http::WriteError(res, lease.status());
          auto user = host_reader.GetUser(**lease, viewer.guid);
          if (!user.ok()) return http::WriteError(res, user.status());
          if (!*user) return http::WriteError(res, Unauthenticated("viewer vanished"));
          body["viewer"] = {{"guid", (*user)->guid},
                            {"name", (*user)->name},
                            {"username", (*user)->username},
                            {"site_admin", (*user)->site_admin}};
        }
        http::WriteJson(res, 200, body);
      }));
}

}  // namespace klussen::server
