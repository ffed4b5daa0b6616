// The e-portfolio as one service (issue #7): read a portfolio as a viewer
// may see it, let the member edit theirs, derive their free hours, the
// manager's budget, and the AVG export and erasure. Host profile fields are
// read as a starting point, never written.
//
// Errors: NotFound for an owner that is not an active host user; Unauthenticated
// for a logged-out member action; InvalidArgument with `errors` filled for field
// problems; Conflict for a stale version or a duplicate item; PermissionDenied
// for a budget decision by someone who is not the named manager.
// Threading: thread-safe; each call leases its own connection.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "host/host_reader.h"
#include "klus/klus_model.h"
#include "portfolio/portfolio_model.h"
#include "portfolio/visibility.h"
#include "store/database.h"

namespace klussen::portfolio {

struct Member {
  Guid guid = 0;       // 0 = logged out
  Guid site_guid = 0;  // the site the member acts for (auth::Viewer::site_guid)
};

// The member's own settings (everything but the lists).
struct Settings {
  bool discoverable = false;
  std::string about;
  Visibility about_visibility = Visibility::kSite;
  std::string region;
  Availability availability;  // committed/free are ignored on input
  Guid manager_guid = 0;
};

class PortfolioService {
 public:
  using Clock = std::function<int64_t()>;
  // Called after every committed change by the member themself (an active
  // user, the viewer of the request) with the request's connection (so the
  // listener needs no second one from the pool), their guid and, when it was
  // read anyway, the portfolio as committed with its availability derived
  // (else nullptr). The match index listens.
  using ChangeListener = std::function<void(store::Connection&, Guid, const Portfolio*)>;
  PortfolioService(host::HostReader* host, store::Pool* pool, Guid site_guid, Clock clock);

  void SetChangeListener(ChangeListener listener) { on_change_ = std::move(listener); }

  // The whole portfolio of the member, with derived availability.
  Result<Portfolio> Own(const Member& member);
  // What `viewer` may see of `owner`'s portfolio.
  Result<Portfolio> View(const Member& viewer, Guid owner);

  // Parses and checks settings from JSON (lenient like the klus API).
  static Settings ParseSettings(const nlohmann::json& body, const Settings& current,
                                std::vector<klus::FieldError>* errors);
  Result<Portfolio> UpdateSettings(const Member& member, const Settings& settings,
                                   int expected_version, std::vector<klus::FieldError>* errors);
  // The switch alone ("vindbaar voor klussen").
  Result<Portfolio> SetDiscoverable(const Member& member, bool discoverable);

  static Result<Item> ParseItem(const nlohmann::json& body);
  static Result<Entry> ParseEntry(const nlohmann::json& body);
  Result<Item> AddItem(const Member& member, Item item);
  Result<Item> ChangeItem(const Member& member, int64_t id, int level, Visibility visibility);
  Status RemoveItem(const Member& member, int64_t id);
  Result<Entry> AddEntry(const Member& member, Entry entry);
  Status RemoveEntry(const Member& member, int64_t id);

  // Copies the host profile's skills and interests (as the member sees them)
  // into the portfolio as source "profile"; answers how many were new.
  Result<int> ImportFromProfile(const Member& member);
  // Host profile skills and interests the member has not in the portfolio yet.
  Result<std::vector<std::string>> ProfileSuggestions(const Member& member);
  // Saves items and entries a preview showed and the member kept; duplicates
  // are skipped. Answers {items, entries} added.
  Result<std::pair<int, int>> SaveImported(const Member& member, std::vector<Item> items,
                                           std::vector<Entry> entries);

  // Free tenths of an hour per week in [first_day, last_day] (day numbers).
  Result<int> FreeTenths(Guid member, int64_t first_day, int64_t last_day);

  // Manager's agreement: the member asks their named manager for a budget.
  Result<Budget> RequestBudget(const Member& member, int hours_per_week_tenths,
                               const std::string& from, const std::string& until,
                               const std::string& note);
  Result<Budget> DecideBudget(const Member& manager, int64_t id, bool confirm);
  Result<std::vector<Budget>> BudgetsToDecide(const Member& manager);
  // Is this klus load inside a confirmed budget (with the other commitments)?
  Result<bool> WithinBudget(Guid member, const klus::Klus& klus);

  // After `member` applied to `klus`: when they named a manager and the klus
  // does not fit a confirmed budget, the manager is asked (an event for them).
  // Answers "no_manager", "within_budget" or "manager_asked".
  Result<std::string> CheckManagerAgreement(Guid member, const klus::Klus& klus);

  Result<nlohmann::json> Export(const Member& member);
  Result<nlohmann::json> Erase(const Member& member);

  // Everything stored for `user` with the derived availability, on the
  // caller's connection, unfiltered: for the match index, which applies the
  // visibility rules itself (suggest/person_documents.h).
  Result<Portfolio> LoadWithAvailability(store::Connection& c, Guid user);

 private:
  void Changed(store::Connection& c, Guid user, const Portfolio* fresh = nullptr) {
    if (on_change_) on_change_(c, user, fresh);
  }
  // A portfolio's row and items as committed, completed with what the match
  // index also reads (confirmed skills, availability derived from the
  // member's commitments); no entries or budgets.
  Result<Portfolio> CompleteForMatching(store::Connection& c, Portfolio p);
  // After a committed change: reads the portfolio for the answer and hands it
  // to the listener (the listener is told even when the read fails).
  Result<Portfolio> ChangedAndReloaded(store::Connection& c, Guid user);

  host::HostReader* host_;
  store::Pool* pool_;
  Guid site_guid_;
  Clock clock_;
  ChangeListener on_change_;
};

}  // namespace klussen::portfolio
