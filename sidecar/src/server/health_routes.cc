#include "server/health_routes.h"

#include <sstream>

#include "common/log.h"
#include "common/memory_budget.h"
#include "http/responses.h"

namespace klussen::server {

void RegisterHealthRoutes(http::HardenedServer& server, Readiness& readiness, store::Pool& pool,
                          const suggest::IndexFeed* feed) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    http::WriteJson(res, 200, {{"status", "alive"}, {"version", KLUSSEN_VERSION}});
  });

  server.Get("/readyz", [&readiness, feed](const httplib::Request&, httplib::Response& res) {
    ReadinessSnapshot state = readiness.Refresh();
    if (!state.database_ok) {
      log::Warn("readyz: database not reachable",
                {{"request_id", http::RequestId(res)}, {"detail", state.database_error}});
    }
    nlohmann::json body = {{"status", state.ready() ? "ready" : "not_ready"},
                           {"checks",
                            {{"database", {{"ok", state.database_ok}}},
                             {"schema",
                              {{"ok", state.schema_ok},
                               {"version", state.schema_version},
                               {"detail", state.schema_description}}},
                             {"host",
                              {{"ok", state.host_schema.generation != host::Generation::kUnknown},
                               {"generation", host::GenerationName(state.host_schema.generation)},
                               {"prefix", state.host_schema.prefix}}}}}};
    if (!state.database_ok) body["checks"]["database"]["detail"] = "database unreachable";
    if (!state.ready()) body["reason"] = state.reason();
    if (feed != nullptr) {
      suggest::FeedStats stats = feed->Stats();
      body["match_index"] = {{"state", feed->loaded() ? "ready" : "loading"},
                             {"people_loaded", stats.people_loaded},
                             {"klussen_loaded", stats.klussen_loaded},
                             {"last_poll_ok_at", stats.last_poll_ok_at}};
    }
    http::WriteJson(res, state.ready() ? 200 : 503, body);
    // A probe may ask again soon: the watcher retries the database every second or faster.
    if (!state.ready()) res.set_header("Retry-After", "1");
  });

  server.Get("/metrics", [&server, &pool, feed](const httplib::Request&, httplib::Response& res) {
    const http::ServerCounters& c = server.counters();
    store::Pool::Stats db = pool.GetStats();
    std::ostringstream out;
    auto metric = [&out](const char* name, const char* type, const char* help, int64_t value) {
      out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
          << name << ' ' << value << '\n';
    };
    metric("klussen_http_requests_total", "counter", "Requests answered.", c.requests.load());
    metric("klussen_http_responses_2xx_total", "counter", "2xx answers.", c.responses_2xx.load());
    metric("klussen_http_responses_4xx_total", "counter", "4xx answers.", c.responses_4xx.load());
    metric("klussen_http_responses_5xx_total", "counter", "5xx answers.", c.responses_5xx.load());
    metric("klussen_http_rejected_before_routing_total", "counter",
           "Requests refused on their headers alone.", c.rejected_before_routing.load());
    metric("klussen_http_handler_exceptions_total", "counter", "Handlers that threw.",
           c.handler_exceptions.load());
    if (const http::FrontCounters* front = server.front_counters()) {
      metric("klussen_http_connections_open", "gauge", "Client connections open.",
             front->open.load());
      metric("klussen_http_connections_accepted_total", "counter", "Client connections accepted.",
             front->accepted.load());
      metric("klussen_http_connections_evicted_total", "counter",
             "Idle connections closed to make room at http_max_connections.",
             front->evicted_idle.load());
      metric("klussen_http_timeouts_total", "counter",
             "Requests whose head or body did not arrive in time (408).", front->timed_out.load());
      metric("klussen_http_refused_busy_total", "counter",
             "Requests refused with 503: workers or the body memory budget full.",
             front->refused_busy.load());
    }
    const MemoryBudget& budget = MemoryBudget::Process();
    metric("klussen_body_memory_in_use_bytes", "gauge",
           "Bytes of request bodies and inflated imports charged now.",
           static_cast<int64_t>(budget.in_use()));
    metric("klussen_body_memory_peak_bytes", "gauge", "Highest charge so far.",
           static_cast<int64_t>(budget.peak()));
    metric("klussen_db_connections_open", "gauge", "Database connections open.", db.open);
    metric("klussen_db_connections_idle", "gauge", "Database connections idle.", db.idle);
    metric("klussen_db_connections_opened_total", "counter", "Connections opened.",
           db.opened_total);
    metric("klussen_db_connections_discarded_total", "counter",
           "Broken or expired connections discarded.", db.discarded_total);
    metric("klussen_db_connect_failures_total", "counter", "Failed connection attempts.",
           db.connect_failures_total);
    if (feed != nullptr) {
      suggest::FeedStats stats = feed->Stats();
      metric("klussen_match_index_loaded", "gauge", "1 when the match index finished loading.",
             feed->loaded() ? 1 : 0);
      metric("klussen_match_polls_total", "counter", "Change polls of the match index.",
             stats.polls);
      metric("klussen_match_poll_failures_total", "counter", "Change polls that failed.",
             stats.poll_failures);
      metric("klussen_match_documents_refreshed_total", "counter",
             "People and klussen re-read into the match index.", stats.documents_refreshed);
      metric("klussen_match_last_poll_ok_seconds", "gauge",
             "Unix time of the last successful poll.", stats.last_poll_ok_at);
    }
    res.status = 200;
    res.set_content(out.str(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace klussen::server
