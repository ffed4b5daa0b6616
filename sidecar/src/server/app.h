// The sidecar's lifecycle: open the database, detect the host schema, refuse
// to serve on a schema that is behind, serve HTTP, run background jobs
// (Boost.Asio: signals and timers), stop cleanly.
//
// Start-up failures come back as Status with the reason; Serve() blocks until
// SIGINT/SIGTERM. SIGHUP re-reads the config file and applies reloadable keys
// (a change to another key is refused with a log line naming it).
//
// A database that does not answer at start-up is not a failure: the sidecar
// serves /healthz 200 and /readyz 503 ("reason": "database"), API requests
// answer 503 with Retry-After, and the readiness job retries (backoff 100 ms
// doubling to 1 s, jittered) and runs the skipped start-up steps (host probe,
// generation check, schema check, then the match index load) once it answers.
// If they then refuse (schema behind, wrong host), Serve() stops and returns
// that Status, as Create would have. A stop signal ends Serve() within 2 s in
// every state.
// Threading: create and Serve() from main; everything else is internal.
#pragma once

#include <memory>
#include <string>

#include "auth/oidc_verifier.h"
#include "auth/signed_context.h"
#include "common/config.h"
#include "common/status.h"
#include "host/deferred_host_reader.h"
#include "host/host_reader.h"
#include "http/authenticator.h"
#include "match/analyzer.h"
#include "store/database.h"

namespace klussen::server {

class App {
 public:
  // Connects, probes the host, checks our schema (the last three later, in
  // Serve, when the database is unreachable now). `config_path` is re-read on
  // SIGHUP.
  static Result<std::unique_ptr<App>> Create(Config config, std::string config_path);
  ~App();

  // Binds, prints "listening on ..." to stdout, serves until a stop signal.
  Status Serve();

 private:
  App(Config config, std::string config_path);
  http::BearerSubjectVerifier BearerVerifier() const;
  // The start-up steps that need the database: probe the host schema, check
  // the configured generation, build the host reader, check our schema.
  // Unavailable: the database did not answer (retry later); other codes: it
  // answered and we must not serve. On success the reader is installed.
  // Called from Create, then (if it was Unavailable) from the jobs thread only.
  Status StartUp();

  Config config_;
  std::string config_path_;
  std::unique_ptr<store::Pool> pool_;
  host::HostSchema host_schema_;
  // Installed by StartUp; until then every call is Unavailable.
  std::unique_ptr<host::DeferredHostReader> host_reader_;
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
