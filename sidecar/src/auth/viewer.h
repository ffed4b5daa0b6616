// Who is asking: the one value both authentication paths (the signed viewer
// context of the glue, an OIDC bearer token of an API client) produce. Roles
// are never part of it: what a viewer may do is decided from the host's
// tables (host/access.h, host/host_reader.h).
#pragma once

#include <string>

#include "host/host_model.h"

namespace klussen::auth {

enum class ViewerSource { kSignedContext, kBearerToken };

struct Viewer {
  host::Guid guid = 0;  // 0 = logged out
  std::string language = "nl";
  // The site the viewer acts for, always a real guid once authenticated: the
  // site the glue signed for (X-Klussen-Site), or for a bearer token the
  // host's answer (HostReader::SiteOfUser). Services compare it with their
  // configured site; there is no "0 = this site".
  host::Guid site_guid = 0;
  ViewerSource source = ViewerSource::kSignedContext;

  bool logged_in() const { return guid > 0; }
};

}  // namespace klussen::auth
