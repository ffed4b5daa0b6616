// The klussen_* tables of issue #3: klussen, their skills, the people on them
// and the event trail. Plain reads and writes, no rules (klus/ decides).
//
// Contract: prepared statements only; callers run writes inside a
// transaction they own (klus/klus_service.cc) and lock a klus row with
// GetKlus(for_update) before changing anything that belongs to it. Every
// change bumps klussen_klus.version and updated_at.
// Threading: stateless functions over a Connection the caller holds.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "klus/klus_model.h"
#include "store/database.h"

namespace klussen::store {

using klus::Guid;
using klus::KlusId;

// Inserts a klus with its skills; returns the new id. A duplicate
// (poster, idempotency_key) is Conflict.
Result<KlusId> InsertKlus(Connection& c, const klus::Klus& klus,
                          const std::string& idempotency_key);
Result<std::optional<KlusId>> FindKlusByIdempotencyKey(Connection& c, Guid poster,
                                                       const std::string& key);

// The klus with its skills and participant counts.
Result<std::optional<klus::Klus>> GetKlus(Connection& c, KlusId id, bool for_update = false);

// At most this many ids per batch read below (a page of suggestions).
constexpr size_t kMaxBatchIds = 64;
// The klussen of `ids` that exist, each as GetKlus gives it, in no particular
// order; one read for the rows and one for their skills.
Result<std::vector<klus::Klus>> GetKlussen(Connection& c, const std::vector<KlusId>& ids);

// Replaces the editable fields and skills; bumps the version.
Status UpdateKlusFields(Connection& c, KlusId id, const klus::KlusFields& fields, int64_t now);
Status SetKlusState(Connection& c, KlusId id, klus::KlusState state, int64_t now);
Status SetKlusDeadline(Connection& c, KlusId id, int64_t deadline, int64_t now);

struct GroupListQuery {
  Guid group = 0;
  std::vector<klus::KlusState> states;    // empty = every state
  std::vector<klus::Audience> audiences;  // those the viewer may see (ignored if all_audiences)
  bool all_audiences = false;
  bool include_drafts_of_others = false;  // managers of the group
  Guid viewer = 0;                        // the viewer's own klussen are always included
  int64_t open_after = 0;    // for state open: only deadline > open_after (0 = no check)
  bool with_counts = false;  // applied/invited counts (managers); accepted is always counted
  int offset = 0;
  int limit = 20;
};
struct KlusPage {
  std::vector<klus::Klus> items;  // without skills; with counts
  int total = 0;
};
Result<KlusPage> ListGroupKlussen(Connection& c, const GroupListQuery& query);

// Keyset scan over every klus (newest first): ids < before_id (0 = start).
// Optional filters: poster, participant (klussen the user is on), states.
struct ScanQuery {
  KlusId before_id = 0;
  Guid poster = 0;
  Guid participant = 0;
  std::vector<klus::KlusState> states;
  Guid site = 0;  // 0 = every site (platform audience)
  int limit = 100;
};
Result<std::vector<klus::Klus>> ScanKlussen(Connection& c, const ScanQuery& query);

// Open klussen whose deadline passed, oldest first.
Result<std::vector<KlusId>> DueForExpiry(Connection& c, int64_t now, int limit);

Result<std::optional<klus::Participant>> GetParticipant(Connection& c, KlusId klus, Guid user,
                                                        bool for_update = false);
// The user's participant rows (with confirmed skills) of those of `ids` they
// are on, in no particular order.
Result<std::vector<klus::Participant>> ParticipantRowsOf(Connection& c, Guid user,
                                                         const std::vector<KlusId>& ids);
Result<std::vector<klus::Participant>> ListParticipants(Connection& c, KlusId klus);
// Inserts or replaces the participant row (and its confirmed skills).
Status SaveParticipant(Connection& c, const klus::Participant& participant);

Result<int64_t> AddEvent(Connection& c, const klus::Event& event);
Result<std::vector<klus::Event>> ListEvents(Connection& c, KlusId klus, int64_t after_id,
                                            int limit);
// Events meant for `subject` (to tell them), newest last.
Result<std::vector<klus::Event>> EventsForSubject(Connection& c, Guid subject, int64_t after_id,
                                                  int limit);

// Runs `body` in a transaction: commits when it returns OK, rolls back
// otherwise (and when the commit itself fails). A transaction the server
// chose as a deadlock victim (1213) or that waited too long for a lock (1205)
// is rolled back and run again, up to kTransactionAttempts times in all, so
// `body` must be safe to run more than once: it may only assign what it
// produces, never add to state from an earlier attempt.
inline constexpr int kTransactionAttempts = 5;
Status InTransaction(Connection& c, const std::function<Status()>& body);

}  // namespace klussen::store
