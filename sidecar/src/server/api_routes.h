// The JSON API under /api/v1/ (docs/api.md). Every route runs for an
// authenticated viewer only (http/authenticator.h).
#pragma once

#include "host/host_reader.h"
#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "store/database.h"

namespace klussen::server {

void RegisterApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                       host::HostReader& host_reader, store::Pool& pool);

}  // namespace klussen::server
