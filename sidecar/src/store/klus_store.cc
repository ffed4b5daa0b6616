#include "store/klus_store.h"

#include <chrono>
#include <functional>
#include <random>
#include <thread>
#include <unordered_map>

namespace klussen::store {
namespace {

using klus::Klus;
using klus::KlusState;

#define KLUSSEN_KLUS_FIELDS                                                              \
  "k.id, k.site_guid, k.group_guid, k.poster_guid, k.state, k.title, k.description, "    \
  "k.time_mode, k.hours_tenths, COALESCE(DATE_FORMAT(k.start_date, '%Y-%m-%d'), ''), "   \
  "COALESCE(DATE_FORMAT(k.end_date, '%Y-%m-%d'), ''), k.deadline, k.region, k.remote, "  \
  "k.people_needed, k.audience, k.organisation, k.version, COALESCE(k.copied_from, 0), " \
  "k.created_at, k.updated_at, k.accept_unknown_hours, k.deadline_stated, "
// The klus columns with the participant counts (managers' views, rules).
constexpr const char* kKlusColumns = KLUSSEN_KLUS_FIELDS
    "(SELECT COUNT(*) FROM klussen_participant p WHERE p.klus_id = k.id AND p.state = 'applied'), "
    "(SELECT COUNT(*) FROM klussen_participant p WHERE p.klus_id = k.id AND p.state = 'invited'), "
    "(SELECT COUNT(*) FROM klussen_participant p WHERE p.klus_id = k.id "
    "AND p.state IN ('accepted', 'completed'))";
// Lists for readers who see no counts: only the accepted count (shown as
// "1 of 2 people") is needed.
constexpr const char* kKlusColumnsWithoutResponses = KLUSSEN_KLUS_FIELDS
    "0, 0, (SELECT COUNT(*) FROM klussen_participant p WHERE p.klus_id = k.id "
    "AND p.state IN ('accepted', 'completed'))";
#undef KLUSSEN_KLUS_FIELDS

Klus KlusFromRow(const QueryResult& r, size_t row) {
  Klus k;
  k.id = r.Int(row, 0);
  k.site_guid = r.Int(row, 1);
  k.group_guid = r.Int(row, 2);
  k.poster_guid = r.Int(row, 3);
  k.state = klus::ParseKlusState(r.Text(row, 4)).value_or(KlusState::kDraft);
  k.fields.title = r.Text(row, 5);
  k.fields.description = r.Text(row, 6);
  k.fields.time_mode = klus::ParseTimeMode(r.Text(row, 7)).value_or(klus::TimeMode::kPerWeek);
  k.fields.hours_tenths = static_cast<int>(r.Int(row, 8));
  k.fields.start_date = r.Text(row, 9);
  k.fields.end_date = r.Text(row, 10);
  k.fields.deadline = r.Int(row, 11);
  k.fields.region = r.Text(row, 12);
  k.fields.remote = r.Int(row, 13) != 0;
  k.fields.people_needed = static_cast<int>(r.Int(row, 14));
  k.fields.audience = klus::ParseAudience(r.Text(row, 15)).value_or(klus::Audience::kGroup);
  k.fields.organisation = r.Text(row, 16);
  k.version = static_cast<int>(r.Int(row, 17));
  k.copied_from = r.Int(row, 18);
  k.created_at = r.Int(row, 19);
  k.updated_at = r.Int(row, 20);
  k.fields.accept_unknown_hours = r.Int(row, 21) != 0;
  k.fields.deadline_stated = r.Int(row, 22) != 0;
  k.applied_count = static_cast<int>(r.Int(row, 23));
  k.invited_count = static_cast<int>(r.Int(row, 24));
  k.accepted_count = static_cast<int>(r.Int(row, 25));
  return k;
}

SqlParam DateParam(const std::string& date) {
  if (date.empty()) return nullptr;
  return date;
}

Status InsertSkills(Connection& c, KlusId id, const klus::KlusFields& fields) {
  for (auto [kind, list] : {std::pair{klus::SkillKind::kRequired, &fields.required_skills},
                            std::pair{klus::SkillKind::kDesired, &fields.desired_skills}}) {
    int64_t position = 0;
    for (const auto& skill : *list) {
      KL_RETURN_IF_ERROR(
          c.Execute("INSERT INTO klussen_klus_skill (klus_id, kind, position, concept_id, label) "
                    "VALUES (?, ?, ?, ?, ?)",
                    {id, std::string(klus::Name(kind)), position++, skill.concept_id, skill.label})
              .status());
    }
  }
  return Status::Ok();
}

Status LoadSkills(Connection& c, Klus& k) {
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT kind, concept_id, label FROM "
                                             "klussen_klus_skill WHERE klus_id = ? "
                                             "ORDER BY kind, position",
                                             {k.id}, 100));
  for (size_t i = 0; i < r.size(); ++i) {
    klus::SkillRef skill{r.Text(i, 1), r.Text(i, 2)};
    (r.Text(i, 0) == "required" ? k.fields.required_skills : k.fields.desired_skills)
        .push_back(std::move(skill));
  }
  return Status::Ok();
}

std::string Placeholders(size_t n) {
  std::string text;
  for (size_t i = 0; i < n; ++i) text += i == 0 ? "?" : ", ?";
  return text;
}

klus::Participant ParticipantFromRow(const QueryResult& r, size_t row) {
  klus::Participant p;
  p.klus_id = r.Int(row, 0);
  p.user_guid = r.Int(row, 1);
  p.state = klus::ParseParticipantState(r.Text(row, 2)).value_or(klus::ParticipantState::kApplied);
  p.motivation = r.Text(row, 3);
  p.reason_code = r.Text(row, 4);
  p.reason_text = r.Text(row, 5);
  p.invited_by = r.Int(row, 6);
  p.decided_by = r.Int(row, 7);
  p.hours_spent_tenths = static_cast<int>(r.Int(row, 8));
  p.created_at = r.Int(row, 9);
  p.updated_at = r.Int(row, 10);
  return p;
}

constexpr const char* kParticipantColumns =
    "klus_id, user_guid, state, motivation, reason_code, reason_text, invited_by, decided_by, "
    "hours_spent_tenths, created_at, updated_at";

Status LoadConfirmedSkills(Connection& c, klus::Participant& p) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT concept_id, label FROM klussen_participant_skill "
                              "WHERE klus_id = ? AND user_guid = ? ORDER BY position",
                              {p.klus_id, p.user_guid}, 100));
  for (size_t i = 0; i < r.size(); ++i) p.confirmed_skills.push_back({r.Text(i, 0), r.Text(i, 1)});
  return Status::Ok();
}

klus::Event EventFromRow(const QueryResult& r, size_t row) {
  return klus::Event{r.Int(row, 0),  r.Int(row, 1),  r.Int(row, 2), r.Int(row, 3),
                     r.Text(row, 4), r.Text(row, 5), r.Int(row, 6)};
}

}  // namespace

Result<KlusId> InsertKlus(Connection& c, const Klus& k, const std::string& idempotency_key) {
  const auto& f = k.fields;
  auto inserted = c.InsertAndGetId(
      "INSERT INTO klussen_klus (site_guid, group_guid, poster_guid, state, title, description, "
      "time_mode, hours_tenths, start_date, end_date, deadline, region, remote, people_needed, "
      "audience, organisation, version, copied_from, idempotency_key, created_at, updated_at, "
      "accept_unknown_hours, deadline_stated) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
      {k.site_guid,
       k.group_guid,
       k.poster_guid,
       std::string(klus::Name(k.state)),
       f.title,
       f.description,
       std::string(klus::Name(f.time_mode)),
       int64_t{f.hours_tenths},
       DateParam(f.start_date),
       DateParam(f.end_date),
       f.deadline,
       f.region,
       int64_t{f.remote ? 1 : 0},
       int64_t{f.people_needed},
       std::string(klus::Name(f.audience)),
       f.organisation,
       k.copied_from > 0 ? SqlParam(k.copied_from) : SqlParam(nullptr),
       idempotency_key.empty() ? SqlParam(nullptr) : SqlParam(idempotency_key),
       k.created_at,
       k.updated_at,
       int64_t{f.accept_unknown_hours ? 1 : 0},
       int64_t{f.deadline_stated ? 1 : 0}});
  if (!inserted.ok()) return inserted.status();
  const KlusId id = *inserted;
  KL_RETURN_IF_ERROR(InsertSkills(c, id, f));
  return id;
}

Result<std::optional<KlusId>> FindKlusByIdempotencyKey(Connection& c, Guid poster,
                                                       const std::string& key) {
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT id FROM klussen_klus WHERE poster_guid = ? "
                                             "AND idempotency_key = ?",
                                             {poster, key}, 1));
  if (r.empty()) return std::optional<KlusId>();
  return std::optional<KlusId>(r.Int(0, 0));
}

Result<std::optional<Klus>> GetKlus(Connection& c, KlusId id, bool for_update) {
  std::string sql = std::string("SELECT ") + kKlusColumns + " FROM klussen_klus k WHERE k.id = ?";
  if (for_update) sql += " FOR UPDATE";
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, {id}, 1));
  if (r.empty()) return std::optional<Klus>();
  Klus k = KlusFromRow(r, 0);
  KL_RETURN_IF_ERROR(LoadSkills(c, k));
  return std::optional<Klus>(std::move(k));
}

namespace {

// The ids as statement parameters, padded with the last id to a multiple of
// 8 so a few prepared statements serve every page size (a repeated id in
// IN (...) changes nothing).
std::vector<SqlParam> IdParams(const std::vector<KlusId>& ids) {
  std::vector<SqlParam> params;
  params.reserve(ids.size() + 8);
  for (KlusId id : ids) params.emplace_back(std::in_place_type<int64_t>, id);
  while (params.size() % 8 != 0) params.emplace_back(std::in_place_type<int64_t>, ids.back());
  return params;
}

}  // namespace

Result<std::vector<Klus>> GetKlussen(Connection& c, const std::vector<KlusId>& ids) {
  std::vector<Klus> found;
  if (ids.empty()) return found;
  if (ids.size() > kMaxBatchIds) return InvalidArgument("too many klussen in one read");
  const std::vector<SqlParam> params = IdParams(ids);
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(std::string("SELECT ") + kKlusColumns +
                                                 " FROM klussen_klus k WHERE k.id IN (" +
                                                 Placeholders(params.size()) + ")",
                                             params, params.size()));
  std::unordered_map<KlusId, size_t> at;
  for (size_t i = 0; i < r.size(); ++i) {
    found.push_back(KlusFromRow(r, i));
    at[found.back().id] = found.size() - 1;
  }
  if (found.empty()) return found;
  // Every skill of these klussen in one read, in the order LoadSkills gives.
  KL_ASSIGN_OR_RETURN(
      QueryResult skills,
      c.Query("SELECT klus_id, kind, concept_id, label FROM klussen_klus_skill "
              "WHERE klus_id IN (" +
                  Placeholders(params.size()) + ") ORDER BY klus_id, kind, position",
              params, params.size() * 100));
  for (size_t i = 0; i < skills.size(); ++i) {
    auto k = at.find(skills.Int(i, 0));
    if (k == at.end()) continue;
    Klus& klus = found[k->second];
    klus::SkillRef skill{skills.Text(i, 2), skills.Text(i, 3)};
    (skills.Text(i, 1) == "required" ? klus.fields.required_skills : klus.fields.desired_skills)
        .push_back(std::move(skill));
  }
  return found;
}

Status UpdateKlusFields(Connection& c, KlusId id, const klus::KlusFields& f, int64_t now) {
  KL_RETURN_IF_ERROR(
      c.Execute(
           "UPDATE klussen_klus SET title = ?, description = ?, time_mode = ?, "
           "hours_tenths = ?, start_date = ?, end_date = ?, deadline = ?, region = ?, "
           "remote = ?, people_needed = ?, audience = ?, organisation = ?, "
           "accept_unknown_hours = ?, deadline_stated = ?, "
           "version = version + 1, updated_at = ? WHERE id = ?",
           {f.title, f.description, std::string(klus::Name(f.time_mode)), int64_t{f.hours_tenths},
            DateParam(f.start_date), DateParam(f.end_date), f.deadline, f.region,
            int64_t{f.remote ? 1 : 0}, int64_t{f.people_needed},
            std::string(klus::Name(f.audience)), f.organisation,
            int64_t{f.accept_unknown_hours ? 1 : 0}, int64_t{f.deadline_stated ? 1 : 0}, now, id})
          .status());
  KL_RETURN_IF_ERROR(c.Execute("DELETE FROM klussen_klus_skill WHERE klus_id = ?", {id}).status());
  return InsertSkills(c, id, f);
}

Status SetKlusState(Connection& c, KlusId id, KlusState state, int64_t now) {
  return c
      .Execute(
          "UPDATE klussen_klus SET state = ?, version = version + 1, updated_at = ? "
          "WHERE id = ?",
          {std::string(klus::Name(state)), now, id})
      .status();
}

Status SetKlusDeadline(Connection& c, KlusId id, int64_t deadline, int64_t now) {
  return c
      .Execute(
          "UPDATE klussen_klus SET deadline = ?, deadline_stated = 1, version = version + 1, "
          "updated_at = ? "
          "WHERE id = ?",
          {deadline, now, id})
      .status();
}

Result<KlusPage> ListGroupKlussen(Connection& c, const GroupListQuery& q) {
  std::string where = " WHERE k.group_guid = ?";
  std::vector<SqlParam> params = {q.group};
  if (!q.states.empty()) {
    where += " AND k.state IN (" + Placeholders(q.states.size()) + ")";
    for (auto state : q.states) params.emplace_back(std::string(klus::Name(state)));
  }
  if (q.open_after > 0) {
    where += " AND (k.state <> 'open' OR k.deadline > ?)";
    params.emplace_back(q.open_after);
  }
  if (!q.include_drafts_of_others) {
    where += " AND (k.state <> 'draft' OR k.poster_guid = ?)";
    params.emplace_back(q.viewer);
  }
  if (!q.all_audiences) {
    where += " AND (k.poster_guid = ?";
    params.emplace_back(q.viewer);
    if (!q.audiences.empty()) {
      where += " OR k.audience IN (" + Placeholders(q.audiences.size()) + ")";
      for (auto audience : q.audiences) params.emplace_back(std::string(klus::Name(audience)));
    }
    where += ")";
  }
  std::vector<SqlParam> page_params = params;
  page_params.emplace_back(int64_t{q.limit});
  page_params.emplace_back(int64_t{q.offset});
  KL_ASSIGN_OR_RETURN(
      QueryResult rows,
      c.Query(std::string("SELECT ") +
                  (q.with_counts ? kKlusColumns : kKlusColumnsWithoutResponses) +
                  " FROM klussen_klus k" + where + " ORDER BY k.deadline, k.id LIMIT ? OFFSET ?",
              page_params, static_cast<size_t>(q.limit)));
  KlusPage page;
  for (size_t i = 0; i < rows.size(); ++i) page.items.push_back(KlusFromRow(rows, i));
  if (q.offset == 0 && static_cast<int>(rows.size()) < q.limit) {
    page.total = static_cast<int>(rows.size());  // the whole list fit on the first page
  } else {
    KL_ASSIGN_OR_RETURN(QueryResult count,
                        c.Query("SELECT COUNT(*) FROM klussen_klus k" + where, params, 1));
    page.total = static_cast<int>(count.Int(0, 0));
  }
  return page;
}

Result<std::vector<Klus>> ScanKlussen(Connection& c, const ScanQuery& q) {
  std::string sql = std::string("SELECT ") + kKlusColumns + " FROM klussen_klus k";
  std::vector<SqlParam> params;
  std::string where = " WHERE 1 = 1";
  if (q.participant > 0) {
    sql += " JOIN klussen_participant me ON me.klus_id = k.id AND me.user_guid = ?";
    params.emplace_back(q.participant);
  }
  if (q.before_id > 0) {
    where += " AND k.id < ?";
    params.emplace_back(q.before_id);
  }
  if (q.poster > 0) {
    where += " AND k.poster_guid = ?";
    params.emplace_back(q.poster);
  }
  if (q.site > 0) {
    where += " AND (k.site_guid = ? OR k.audience = 'platform')";
    params.emplace_back(q.site);
  }
  if (!q.states.empty()) {
    where += " AND k.state IN (" + Placeholders(q.states.size()) + ")";
    for (auto state : q.states) params.emplace_back(std::string(klus::Name(state)));
  }
  params.emplace_back(int64_t{q.limit});
  KL_ASSIGN_OR_RETURN(QueryResult rows, c.Query(sql + where + " ORDER BY k.id DESC LIMIT ?", params,
                                                static_cast<size_t>(q.limit)));
  std::vector<Klus> items;
  for (size_t i = 0; i < rows.size(); ++i) items.push_back(KlusFromRow(rows, i));
  return items;
}

Result<std::vector<KlusId>> DueForExpiry(Connection& c, int64_t now, int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query("SELECT id FROM klussen_klus WHERE state = 'open' "
                                             "AND deadline <= ? ORDER BY deadline, id LIMIT ?",
                                             {now, int64_t{limit}}, static_cast<size_t>(limit)));
  std::vector<KlusId> ids;
  for (size_t i = 0; i < r.size(); ++i) ids.push_back(r.Int(i, 0));
  return ids;
}

Result<std::optional<klus::Participant>> GetParticipant(Connection& c, KlusId klus, Guid user,
                                                        bool for_update) {
  std::string sql = std::string("SELECT ") + kParticipantColumns +
                    " FROM klussen_participant WHERE klus_id = ? AND user_guid = ?";
  if (for_update) sql += " FOR UPDATE";
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(sql, {klus, user}, 1));
  if (r.empty()) return std::optional<klus::Participant>();
  klus::Participant p = ParticipantFromRow(r, 0);
  KL_RETURN_IF_ERROR(LoadConfirmedSkills(c, p));
  return std::optional<klus::Participant>(std::move(p));
}

Result<std::vector<klus::Participant>> ParticipantRowsOf(Connection& c, Guid user,
                                                         const std::vector<KlusId>& ids) {
  std::vector<klus::Participant> found;
  if (ids.empty()) return found;
  if (ids.size() > kMaxBatchIds) return InvalidArgument("too many klussen in one read");
  std::vector<SqlParam> params = IdParams(ids);
  const size_t n = params.size();
  params.insert(params.begin(), SqlParam(std::in_place_type<int64_t>, user));
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(std::string("SELECT ") + kParticipantColumns +
                                                 " FROM klussen_participant WHERE user_guid = ? "
                                                 "AND klus_id IN (" +
                                                 Placeholders(n) + ")",
                                             params, n));
  for (size_t i = 0; i < r.size(); ++i) {
    found.push_back(ParticipantFromRow(r, i));
    KL_RETURN_IF_ERROR(LoadConfirmedSkills(c, found.back()));
  }
  return found;
}

Result<std::vector<klus::Participant>> ListParticipants(Connection& c, KlusId klus) {
  KL_ASSIGN_OR_RETURN(QueryResult r, c.Query(std::string("SELECT ") + kParticipantColumns +
                                                 " FROM klussen_participant WHERE klus_id = ? "
                                                 "ORDER BY created_at, user_guid",
                                             {klus}, 10000));
  std::vector<klus::Participant> people;
  for (size_t i = 0; i < r.size(); ++i) {
    people.push_back(ParticipantFromRow(r, i));
    if (people.back().state == klus::ParticipantState::kCompleted)
      KL_RETURN_IF_ERROR(LoadConfirmedSkills(c, people.back()));
  }
  return people;
}

Status SaveParticipant(Connection& c, const klus::Participant& p) {
  KL_RETURN_IF_ERROR(
      c.Execute("INSERT INTO klussen_participant (klus_id, user_guid, state, motivation, "
                "reason_code, reason_text, invited_by, decided_by, hours_spent_tenths, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON DUPLICATE KEY UPDATE state = VALUES(state), motivation = VALUES(motivation), "
                "reason_code = VALUES(reason_code), reason_text = VALUES(reason_text), "
                "invited_by = VALUES(invited_by), decided_by = VALUES(decided_by), "
                "hours_spent_tenths = VALUES(hours_spent_tenths), "
                "updated_at = VALUES(updated_at)",
                {p.klus_id, p.user_guid, std::string(klus::Name(p.state)), p.motivation,
                 p.reason_code, p.reason_text, p.invited_by, p.decided_by,
                 int64_t{p.hours_spent_tenths}, p.created_at, p.updated_at})
          .status());
  KL_RETURN_IF_ERROR(c.Execute("DELETE FROM klussen_participant_skill WHERE klus_id = ? AND "
                               "user_guid = ?",
                               {p.klus_id, p.user_guid})
                         .status());
  int64_t position = 0;
  for (const auto& skill : p.confirmed_skills) {
    KL_RETURN_IF_ERROR(c.Execute("INSERT INTO klussen_participant_skill (klus_id, user_guid, "
                                 "position, concept_id, label, confirmed_by, confirmed_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 {p.klus_id, p.user_guid, position++, skill.concept_id, skill.label,
                                  p.decided_by, p.updated_at})
                           .status());
  }
  // Touch the klus so change polling (the match index) sees participant changes.
  return c
      .Execute("UPDATE klussen_klus SET version = version + 1, updated_at = ? WHERE id = ?",
               {p.updated_at, p.klus_id})
      .status();
}

Result<int64_t> AddEvent(Connection& c, const klus::Event& e) {
  return c.InsertAndGetId(
      "INSERT INTO klussen_event (klus_id, actor_guid, subject_guid, kind, detail, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {e.klus_id, e.actor_guid, e.subject_guid, e.kind,
       e.detail.empty() ? std::string("{}") : e.detail, e.created_at});
}

Result<std::vector<klus::Event>> ListEvents(Connection& c, KlusId klus, int64_t after_id,
                                            int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT id, klus_id, actor_guid, subject_guid, kind, detail, "
                              "created_at FROM klussen_event WHERE klus_id = ? AND id > ? "
                              "ORDER BY id LIMIT ?",
                              {klus, after_id, int64_t{limit}}, static_cast<size_t>(limit)));
  std::vector<klus::Event> events;
  for (size_t i = 0; i < r.size(); ++i) events.push_back(EventFromRow(r, i));
  return events;
}

Result<std::vector<klus::Event>> EventsForSubject(Connection& c, Guid subject, int64_t after_id,
                                                  int limit) {
  KL_ASSIGN_OR_RETURN(QueryResult r,
                      c.Query("SELECT id, klus_id, actor_guid, subject_guid, kind, detail, "
                              "created_at FROM klussen_event WHERE subject_guid = ? AND id > ? "
                              "ORDER BY id LIMIT ?",
                              {subject, after_id, int64_t{limit}}, static_cast<size_t>(limit)));
  std::vector<klus::Event> events;
  for (size_t i = 0; i < r.size(); ++i) events.push_back(EventFromRow(r, i));
  return events;
}

Status InTransaction(Connection& c, const std::function<Status()>& body) {
  for (int attempt = 1;; ++attempt) {
    KL_RETURN_IF_ERROR(c.Begin());
    Status status = body();
    if (status.ok()) status = c.Commit();
    if (status.ok()) return status;
    const int code = c.last_error_code();
    Status rollback = c.Rollback();
    (void)rollback;  // the first failure is the one to report
    const bool collided = code == 1213 || code == 1205;
    if (!collided || attempt >= kTransactionAttempts || c.broken()) return status;
    // Both sides of a deadlock may retry at once: a short, growing, jittered
    // pause lets one of them finish first.
    thread_local std::minstd_rand jitter(std::random_device{}());
    std::this_thread::sleep_for(std::chrono::microseconds(
        500 * attempt + std::uniform_int_distribution<int>(0, 1000 * attempt)(jitter)));
  }
}

}  // namespace klussen::store
