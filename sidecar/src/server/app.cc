#include "server/app.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <thread>

#include "common/dates.h"
#include "common/log.h"
#include "http/authenticator.h"
#include "http/hardened_server.h"
#include "klus/klus_service.h"
#include "match/esco_import.h"
#include "match/index.h"
#include "portfolio/portfolio_service.h"
#include "server/api_routes.h"
#include "server/health_routes.h"
#include "server/klus_api.h"
#include "server/match_routes.h"
#include "server/portfolio_api.h"
#include "server/readiness.h"
#include "server/reconnect_backoff.h"
#include "server/widget_routes.h"
#include "store/migrations.h"
#include "suggest/index_feed.h"
#include "suggest/suggest_service.h"

namespace klussen::server {
namespace {

// How often the readiness job checks a sidecar that is ready; while it is not,
// ReconnectBackoff decides (100 ms doubling to 1 s).
constexpr std::chrono::seconds kReadinessInterval{5};
// While not ready, "not ready" is logged on the change and then at most this often.
constexpr std::chrono::seconds kNotReadyLogInterval{30};
// From the stop signal to the exit: the HTTP server drains first; a jobs thread
// still inside one blocking database call (a connect to a host that does not
// answer lasts db_connect_timeout_ms) is not waited for past this.
constexpr std::chrono::milliseconds kStopBudget{1500};

void ApplyReloadable(const Config& config) {
  log::Level level = log::Level::kInfo;
  if (log::ParseLevel(config.GetString("log_level"), &level)) log::SetLevel(level);
}

}  // namespace

host::HostSettings HostSettingsFromConfig(const Config& config) {
  host::HostSettings settings;
  settings.prefix = config.GetString("host_table_prefix");
  settings.site_guid = config.GetInt("host_site_guid");
  settings.profile_fields = config.GetList("host_profile_fields");
  settings.klussen_tool_default = config.GetBool("host_klussen_tool_default");
  return settings;
}

Result<std::shared_ptr<const match::Analyzer>> AnalyzerFromConfig(const Config& config) {
  auto vocabulary = std::make_shared<match::Vocabulary>();
  KL_RETURN_IF_ERROR(match::AddDefaultConcepts(vocabulary.get()));
  const std::string& esco_dir = config.GetString("match_esco_dir");
  if (!esco_dir.empty()) {
    auto report = match::ImportEscoDirectory(esco_dir, vocabulary.get());
    if (!report.ok()) return report.status().WithContext("config key 'match_esco_dir'");
    log::Info("ESCO vocabulary imported", {{"directory", esco_dir},
                                           {"concepts", std::to_string(vocabulary->size())},
                                           {"warnings", std::to_string(report->warnings.size())}});
  }
  return std::shared_ptr<const match::Analyzer>(
      std::make_shared<match::Analyzer>(std::shared_ptr<const match::Vocabulary>(vocabulary)));
}

Result<std::unique_ptr<store::Connection>> ConnectOnce(const Config& config) {
  return store::Connection::Open(store::ConnectionSettings::FromConfig(config));
}

App::App(Config config, std::string config_path)
    : config_(std::move(config)), config_path_(std::move(config_path)) {}

App::~App() = default;

Result<std::unique_ptr<App>> App::Create(Config config, std::string config_path) {
  ApplyReloadable(config);
  std::unique_ptr<App> app(new App(std::move(config), std::move(config_path)));
  const Config& cfg = app->config_;
  host::HostSettings host_settings = HostSettingsFromConfig(cfg);
  KL_RETURN_IF_ERROR(
      host::ValidatePrefix(host_settings.prefix).WithContext("config key 'host_table_prefix'"));
  KL_ASSIGN_OR_RETURN(app->signing_keys_, auth::SigningKeysFromConfig(cfg));
  KL_ASSIGN_OR_RETURN(app->oidc_settings_, auth::OidcSettings::FromConfig(cfg));
  if (app->oidc_settings_.enabled()) {
    KL_ASSIGN_OR_RETURN(app->oidc_verifier_, auth::OidcVerifier::Create(app->oidc_settings_));
  }

  KL_ASSIGN_OR_RETURN(app->analyzer_, AnalyzerFromConfig(cfg));

  app->pool_ = std::make_unique<store::Pool>(store::ConnectionSettings::FromConfig(cfg),
                                             store::PoolOptions::FromConfig(cfg));
  app->host_reader_ = std::make_unique<host::DeferredHostReader>();
  Status started = app->StartUp();
  if (started.code() == StatusCode::kUnavailable) {
    // Not a reason to exit: a sidecar started before its database (a host
    // reboot, a MariaDB restart) serves not-ready and finishes start-up once
    // the database answers (Serve's readiness job).
    log::Warn("database not reachable at start-up; serving not-ready and retrying",
              {{"reason", started.message()}, {"database", app->pool_->settings().Describe()}});
  } else if (!started.ok()) {
    return started;
  }
  return app;
}

Status App::StartUp() {
  const host::HostSettings host_settings = HostSettingsFromConfig(config_);
  auto lease = pool_->AcquireNow();
  if (!lease.ok()) return lease.status().WithContext("start-up");

  KL_ASSIGN_OR_RETURN(host::HostSchema schema,
                      host::ProbeHostSchema(**lease, host_settings.prefix));
  const std::string& wanted = config_.GetString("host_generation");
  if (wanted != "auto" && wanted != host::GenerationName(schema.generation)) {
    return FailedPrecondition("config key 'host_generation' says " + wanted +
                              " but the database looks like " +
                              host::GenerationName(schema.generation));
  }
  KL_ASSIGN_OR_RETURN(std::unique_ptr<host::HostReader> reader,
                      host::MakeHostReader(schema, host_settings));

  KL_ASSIGN_OR_RETURN(store::SchemaState state,
                      store::InspectSchema(**lease, store::EmbeddedMigrations()));
  if (!state.IsCurrent()) {
    return FailedPrecondition("refusing to serve: " + state.Describe());
  }
  if (!state.unknown.empty())
    log::Warn("schema is newer than this sidecar", {{"detail", state.Describe()}});
  host_schema_ = schema;
  host_reader_->Install(std::move(reader));
  log::Info("start-up checks passed", {{"host", host_schema_.Describe()},
                                       {"schema", state.Describe()},
                                       {"database", pool_->settings().Describe()}});
  return Status();
}

http::BearerSubjectVerifier App::BearerVerifier() const {
  if (!oidc_verifier_) return nullptr;
  const auth::OidcVerifier* verifier = oidc_verifier_.get();
  return [verifier](std::string_view token, int64_t now) -> Result<std::string> {
    KL_ASSIGN_OR_RETURN(auth::VerifiedToken verified, verifier->Verify(token, now));
    return verified.subject;
  };
}

Status App::Serve() {
  http::HardenedServer server(http::HttpLimits::FromConfig(config_));
  // Until the start-up steps ran, the host schema is unknown and the sidecar not ready.
  Readiness readiness(pool_.get(), host_schema_);
  readiness.Refresh();
  const std::string host_description = host_reader_->installed()
                                           ? host_schema_.Describe()
                                           : std::string("not known yet: waiting for the database");
  http::Authenticator authenticator(
      std::make_unique<auth::SignedContextVerifier>(
          signing_keys_, std::chrono::seconds(config_.GetInt("auth_clock_skew_s")),
          static_cast<size_t>(config_.GetInt("auth_nonce_cache_size"))),
      BearerVerifier(), oidc_settings_.subject_kind, host_reader_.get(), pool_.get(),
      static_cast<int>(config_.GetInt("auth_failure_limit_per_minute")));
  RegisterApiRoutes(server, authenticator, *host_reader_, *pool_);
  klus::KlusService klussen(host_reader_.get(), pool_.get(), config_.GetInt("host_site_guid"),
                            [] { return UnixNow(); });
  RegisterKlusApiRoutes(server, authenticator, klussen);
  portfolio::PortfolioService portfolios(
      host_reader_.get(), pool_.get(), config_.GetInt("host_site_guid"), [] { return UnixNow(); });
  klussen.SetAppliedHook([&portfolios](klus::Guid applicant, const klus::Klus& klus) {
    return portfolios.CheckManagerAgreement(applicant, klus);
  });
  RegisterPortfolioApiRoutes(server, authenticator, portfolios);

  // The match index: loaded on the jobs thread while the sidecar serves, then
  // kept current by the poll job.
  match::IndexOptions index_options;
  index_options.scoring.exposure_alpha =
      static_cast<float>(config_.GetInt("match_exposure_percent")) / 100.0f;
  index_options.scoring.exposure_half_life_days =
      static_cast<float>(config_.GetInt("match_exposure_half_life_days"));
  index_options.query_threads = static_cast<unsigned>(config_.GetInt("match_query_threads"));
  match::MatchIndex index(analyzer_, index_options);
  suggest::RegionCodes regions;
  // Members of closed and hidden groups with open klussen, kept by the feed.
  suggest::GroupAccessCache group_access(host_reader_.get());
  suggest::IndexFeed feed(
      host_reader_.get(), pool_.get(), &portfolios, &index, &regions, [] { return UnixNow(); },
      &group_access);
  RegisterHealthRoutes(server, readiness, *pool_, &feed);

  // Opting out or erasing takes effect before the request answers.
  portfolios.SetChangeListener(
      [&feed](store::Connection& c, portfolio::Guid user, const portfolio::Portfolio* fresh) {
        Status refreshed =
            feed.RefreshPersonOn(c, user, false, {.active_user = true, .portfolio = fresh});
        if (!refreshed.ok()) {
          log::Warn("match index not refreshed; the poll will retry",
                    {{"user", std::to_string(user)}, {"reason", refreshed.message()}});
        }
      });
  suggest::SuggestService suggestions(
      host_reader_.get(), pool_.get(), &klussen, &feed, &index, &regions,
      config_.GetInt("host_site_guid"), [] { return UnixNow(); }, &group_access);
  RegisterImportApiRoutes(server, authenticator, portfolios);
  RegisterPortfolioWidgetRoutes(server, authenticator, portfolios, klussen,
                                WidgetDefaults{config_.GetString("klussen_page_base"),
                                               config_.GetString("klussen_action_base")});
  RegisterWidgetRoutes(server, authenticator, klussen,
                       WidgetDefaults{config_.GetString("klussen_page_base"),
                                      config_.GetString("klussen_action_base")});
  RegisterMatchRoutes(server, authenticator, suggestions,
                      WidgetDefaults{config_.GetString("klussen_page_base"),
                                     config_.GetString("klussen_action_base")});

  std::string where;
  const std::string& socket_path = config_.GetString("listen_socket");
  if (!socket_path.empty()) {
    KL_RETURN_IF_ERROR(server.BindUnix(socket_path));
    where = "unix:" + socket_path;
  } else {
    const std::string& address = config_.GetString("listen_address");
    KL_ASSIGN_OR_RETURN(int port,
                        server.BindTcp(address, static_cast<int>(config_.GetInt("listen_port"))));
    where = "http://" + (address.find(':') != std::string::npos ? "[" + address + "]" : address) +
            ":" + std::to_string(port);
  }

  // Background jobs: the reload signal, the readiness job (which also finishes a start-up the
  // database was not there for), the deadline job and the match index. Stop signals have a
  // thread of their own (below), so that they are heard while a job blocks (the start-up index
  // load, a connect attempt).
  boost::asio::io_context jobs;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> stop_requested_ms{0};  // steady clock, for the stop budget
  Status start_up_failure;                    // written on the jobs thread, read after it ended
  boost::asio::signal_set signals(jobs, SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& error, int signal_number) {
        if (error) return;
        if (signal_number == SIGHUP) {
          auto next = Config::Load(config_path_);
          std::vector<std::string> changed;
          Status reload = next.ok() ? config_.CheckReload(*next, &changed) : next.status();
          if (reload.ok()) {
            ApplyReloadable(*next);
            authenticator.failure_limiter().SetLimit(
                static_cast<int>(next->GetInt("auth_failure_limit_per_minute")));
            config_ = *next;
            std::string names;
            for (const auto& name : changed) names += (names.empty() ? "" : ",") + name;
            log::Info("config reloaded", {{"changed", names}});
          } else {
            log::Error("config reload refused; keeping the running config",
                       {{"reason", reload.message()}});
          }
          signals.async_wait(on_signal);
          return;
        }
      };
  signals.async_wait(on_signal);
  boost::asio::io_context stop_context;
  boost::asio::signal_set stop_signals(stop_context, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    log::Info("stopping", {{"signal", std::to_string(signal_number)}});
    stop_requested_ms.store(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                                .count());
    stopping.store(true);
    server.Stop();
    jobs.stop();
  });
  boost::asio::steady_timer poll_timer(jobs);
  std::function<void(const boost::system::error_code&)> on_poll;

  // The readiness job. Ready: a check every kReadinessInterval. Not ready: a fresh connection
  // attempt on the backoff's schedule (ignoring the pool's retry window, which a success closes
  // for the requests too), and when the start-up steps were skipped for want of a database, they
  // run as soon as it answers.
  boost::asio::steady_timer timer(jobs);
  ReconnectBackoff backoff(ReconnectBackoff::Options{});
  bool was_ready = true;
  auto not_ready_since = std::chrono::steady_clock::now();
  auto last_not_ready_log = std::chrono::steady_clock::time_point{};
  std::function<void(const boost::system::error_code&)> on_tick;
  on_tick = [&](const boost::system::error_code& error) {
    if (error || stopping.load()) return;
    if (!host_reader_->installed()) {
      Status started = StartUp();
      if (started.ok()) {
        readiness.SetHostSchema(host_schema_);
        // The match index waited for the host reader; it loads now.
        poll_timer.expires_after(std::chrono::milliseconds(0));
        poll_timer.async_wait(on_poll);
      } else if (started.code() != StatusCode::kUnavailable) {
        // The database answered and refuses us (schema behind, wrong host, bad
        // credentials): what a start-up with the database there would have done.
        log::Error("start-up refused once the database answered", {{"reason", started.message()}});
        start_up_failure = started;
        stopping.store(true);
        server.Stop();
        jobs.stop();
        return;
      }
    }
    ReadinessSnapshot state = readiness.Probe();
    const auto now = std::chrono::steady_clock::now();
    std::chrono::milliseconds next = kReadinessInterval;
    if (state.ready()) {
      if (!was_ready) {
        log::Info("ready", {{"not_ready_ms",
                             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                now - not_ready_since)
                                                .count())}});
      }
      backoff.Reset();
    } else {
      if (was_ready) not_ready_since = now;
      if (was_ready || now - last_not_ready_log >= kNotReadyLogInterval) {
        log::Warn("not ready", {{"reason", state.reason()},
                                {"database", state.database_ok ? "ok" : state.database_error},
                                {"schema", state.schema_description}});
        last_not_ready_log = now;
      }
      next = backoff.Next();
    }
    was_ready = state.ready();
    timer.expires_after(next);
    timer.async_wait(on_tick);
  };
  timer.expires_after(host_reader_->installed() ? std::chrono::milliseconds(kReadinessInterval)
                                                : std::chrono::milliseconds(0));
  timer.async_wait(on_tick);

  // The deadline job: nothing stays open past its application deadline.
  const std::chrono::seconds expiry_interval(config_.GetInt("klussen_expiry_interval_s"));
  boost::asio::steady_timer expiry_timer(jobs);
  std::function<void(const boost::system::error_code&)> on_expiry =
      [&](const boost::system::error_code& error) {
        if (error) return;
        auto expired = host_reader_->installed() ? klussen.ExpireDue() : Result<int>(0);
        if (!expired.ok()) {
          log::Warn("deadline job failed; retrying", {{"reason", expired.status().message()}});
        } else if (*expired > 0) {
          log::Info("klussen past their deadline closed", {{"count", std::to_string(*expired)}});
        }
        expiry_timer.expires_after(expiry_interval);
        expiry_timer.async_wait(on_expiry);
      };
  expiry_timer.expires_after(std::chrono::seconds(1));
  expiry_timer.async_wait(on_expiry);
  // The match index: the start-up load first (retried until the database
  // answers), then the poll: changes reach the index within an interval.
  const std::chrono::milliseconds poll_interval(config_.GetInt("match_poll_interval_ms"));
  bool poll_failing = false;
  on_poll = [&](const boost::system::error_code& error) {
    if (error) return;
    // Without a host reader there is nothing to load; the readiness job starts the load
    // when the start-up steps are done.
    if (!host_reader_->installed()) return;
    if (!feed.loaded()) {
      const auto started = std::chrono::steady_clock::now();
      Status loaded = feed.LoadAll(&stopping);
      if (stopping.load()) return;
      if (loaded.ok()) {
        const auto stats = index.Stats();
        log::Info("match index loaded",
                  {{"people", std::to_string(stats.people)},
                   {"klussen", std::to_string(stats.klussen)},
                   {"ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count())}});
      } else {
        log::Warn("match index not loaded yet; retrying", {{"reason", loaded.message()}});
      }
      poll_timer.expires_after(loaded.ok() ? poll_interval : std::chrono::seconds(2));
      poll_timer.async_wait(on_poll);
      return;
    }
    Status polled = feed.Poll();
    if (!polled.ok() && !poll_failing) {
      log::Warn("match index poll failed; serving what it has and retrying",
                {{"reason", polled.message()}});
    } else if (polled.ok() && poll_failing) {
      log::Info("match index poll recovered");
    }
    poll_failing = !polled.ok();
    poll_timer.expires_after(poll_interval);
    poll_timer.async_wait(on_poll);
  };
  poll_timer.expires_after(std::chrono::milliseconds(0));
  poll_timer.async_wait(on_poll);
  std::promise<void> jobs_ended;
  std::future<void> jobs_ended_future = jobs_ended.get_future();
  std::thread jobs_thread([&] {
    {
      store::ThreadScope database_thread;
      jobs.run();
    }
    jobs_ended.set_value();
  });
  std::thread stop_thread([&] { stop_context.run(); });

  std::printf("klussen-sidecar %s listening on %s (host %s)\n", KLUSSEN_VERSION, where.c_str(),
              host_description.c_str());
  std::fflush(stdout);
  log::Info("listening", {{"address", where}});
  Status result = server.Run();
  jobs.stop();
  stop_context.stop();
  stop_thread.join();
  // A job inside one blocking database call cannot be interrupted; the stop does not wait
  // for it past the budget. Every accepted request was answered by now (Run returned), so
  // leaving without destructors loses nothing.
  const int64_t stop_ms = stop_requested_ms.load();
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  const auto grace = std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(200),
      kStopBudget - std::chrono::milliseconds(stop_ms == 0 ? 0 : now_ms - stop_ms));
  if (jobs_ended_future.wait_for(grace) != std::future_status::ready) {
    log::Warn("a background job is still inside a database call; exiting without it",
              {{"waited_ms", std::to_string(grace.count())}});
    std::fflush(nullptr);
    std::_Exit(result.ok() ? 0 : 3);
  }
  jobs_thread.join();
  log::Info("stopped");
  if (!start_up_failure.ok()) return start_up_failure;
  return result;
}

}  // namespace klussen::server
