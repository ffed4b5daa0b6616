// The klus JSON API under /api/v1/ (docs/api.md): list, get, create, update,
// transition, copy, apply, withdraw, invite, decide, complete, participants,
// events and notifications. Each handler reads like a checklist: cast the
// input, let the service check permission and act, answer.
#pragma once

#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "klus/klus_service.h"

namespace klussen::server {

void RegisterKlusApiRoutes(http::HardenedServer& server, http::Authenticator& authenticator,
                           klus::KlusService& service);

}  // namespace klussen::server
