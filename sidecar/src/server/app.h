// The sidecar's lifecycle: open the database, detect the host schema, refuse
// to serve on a schema that is behind, serve HTTP, run background jobs
// (Boost.Asio: signals and timers), stop cleanly.
//
// Start-up failures come back as Status with the reason; Serve() blocks until
// SIGINT/SIGTERM. SIGHUP re-reads the config file and applies reloadable keys
// (a change to another key is refused with a log line naming it).
// Threading: create and Serve() from main; everything else is internal.
#pragma once

#include <memory>
#include <string>

#include "auth/oidc_verifier.h"
#include "auth/signed_context.h"
#include "common/config.h"
#include "common/status.h"
#include "host/host_reader.h"
#include "http/authenticator.h"
#include "match/analyzer.h"
#include "store/database.h"

namespace klussen::server {

class App {
 public:
  // Connects, probes the host, checks our schema. `config_path` is re-read on
  // SIGHUP.
  static Result<std::unique_ptr<App>> Create(Config config, std::string config_path);
  ~App();

  // Binds, prints "listening on ..." to stdout, serves until a stop signal.
  Status Serve();

 private:
  App(Config config, std::string config_path);
  http::BearerSubjectVerifier BearerVerifier() const;

  Config config_;
  std::string config_path_;
  std::unique_ptr<store::Pool> pool_;
  host::HostSchema host_schema_;
  std::unique_ptr<host::HostReader> host_reader_;
  std::vector<auth::SigningKey> signing_keys_;
  auth::OidcSettings oidc_settings_;
  std::unique_ptr<auth::OidcVerifier> oidc_verifier_;  // null: bearer tokens are off
  std::shared_ptr<const match::Analyzer> analyzer_;    // vocabulary + analysis, built once
};

// The matcher's vocabulary and analyzer: the built-in concepts plus, when
// match_esco_dir is set, the ESCO files there.
Result<std::shared_ptr<const match::Analyzer>> AnalyzerFromConfig(const Config& config);

// Opens one connection with the config's settings; used by Create and the
// migrate/check commands.
Result<std::unique_ptr<store::Connection>> ConnectOnce(const Config& config);
host::HostSettings HostSettingsFromConfig(const Config& config);

}  // namespace klussen::server
