// The klus lifecycle as one service: every action of issue #3 as a method
// that casts nothing (inputs are already typed), checks permission from the
// host's tables, acts in one transaction that also writes the event rows, and
// answers the result or a Status.
//
// Errors: NotFound when the klus does not exist OR the actor may not see it
// (never reveal existence); PermissionDenied when visible but not allowed;
// Conflict when the state does not allow it (wrong state, second apply,
// version mismatch, full); InvalidArgument with `errors` filled for field
// problems; Unavailable when the database is down. On any error nothing is
// changed (the transaction is rolled back).
// Threading: thread-safe; each call leases its own connection.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "host/host_reader.h"
#include "klus/klus_model.h"
#include "klus/permissions.h"
#include "store/database.h"

namespace klussen::klus {

// Who acts: a viewer's guid (0 = logged out) and the site the glue spoke for
// (0 = this sidecar's site).
struct Actor {
  Guid guid = 0;
  Guid site_guid = 0;  // the site the actor acts for (auth::Viewer::site_guid); never "this site"
};

// A klus as one viewer sees it.
struct KlusView {
  Klus klus;
  GroupRelation relation;
  bool can_manage = false;
  std::string group_name;   // empty when the group is hidden from the viewer
  std::string poster_name;  // empty when the poster is no longer an active user
  std::optional<Participant> own;
  std::string apply_blocked_reason;  // "" = may apply
};

struct GroupKlussen {
  GroupRelation relation;
  std::string group_name;
  bool can_post = false;
  bool manager = false;  // sees drafts and response counts of every klus here
  std::vector<Klus> items;
  int total = 0;
};

struct PersonName {
  Guid guid = 0;
  std::string name;  // empty when not an active user
};

class KlusService {
 public:
  using Clock = std::function<int64_t()>;
  KlusService(host::HostReader* host, store::Pool* pool, Guid site_guid, Clock clock);

  // Called after a successful application (outside its transaction) to check
  // the applicant's manager agreement; its answer is returned to the caller.
  using AppliedHook = std::function<Result<std::string>(Guid applicant, const Klus& klus)>;
  void SetAppliedHook(AppliedHook hook) { applied_hook_ = std::move(hook); }
  // Runs the hook (or answers "no_manager" without one).
  Result<std::string> AfterApply(Guid applicant, KlusId id);

  // The viewer's relation to a group; NotFound when the group does not exist
  // or is hidden from the viewer.
  Result<GroupRelation> RelationToGroup(const Actor& actor, Guid group);

  Result<Klus> Create(const Actor& actor, Guid group, KlusFields fields, bool publish,
                      const std::string& idempotency_key, std::vector<FieldError>* errors,
                      bool* created);
  Result<KlusView> Get(const Actor& actor, KlusId id);
  // Up to store::kMaxBatchIds klussen as Get shows each, in the order of `ids`,
  // leaving out those that do not exist or the actor may not see, and without
  // poster_name (lists do not show it). One connection, the actor's access
  // read once and each group's relation once, rows and the actor's own
  // participation read in one batch each: a page of suggestions costs a few
  // reads instead of ten per klus.
  // `known`: what the caller read of the actor earlier in the same request (their access and
  // the groups they are a member of), used instead of reading both again.
  struct ActorReads {
    host::AccessContext access;
    std::vector<Guid> member_of;
  };
  Result<std::vector<KlusView>> GetMany(const Actor& actor, const std::vector<KlusId>& ids,
                                        const ActorReads* known = nullptr);
  Result<Klus> Update(const Actor& actor, KlusId id, int expected_version, KlusFields fields,
                      std::vector<FieldError>* errors);
  // `new_deadline` (0 = keep) is required when reopening after the deadline.
  Result<Klus> Transition(const Actor& actor, KlusId id, KlusState to,
                          std::optional<int> expected_version, int64_t new_deadline,
                          std::vector<FieldError>* errors);
  // A new draft with the same fields, in the same group, posted by the actor.
  Result<Klus> Copy(const Actor& actor, KlusId id);

  Result<Participant> Apply(const Actor& actor, KlusId id, const std::string& motivation);
  Result<Participant> Withdraw(const Actor& actor, KlusId id, const std::string& reason,
                               const std::string& text);
  Result<Participant> Invite(const Actor& actor, KlusId id, Guid user, const std::string& message);
  Result<Participant> Decide(const Actor& actor, KlusId id, Guid user, bool accept,
                             const std::string& reason, const std::string& text);
  Result<Participant> CompleteParticipant(const Actor& actor, KlusId id, Guid user,
                                          int hours_spent_tenths,
                                          std::vector<SkillRef> confirmed_skills);

  // Managers only (NotFound / PermissionDenied otherwise).
  Result<std::vector<Participant>> Participants(const Actor& actor, KlusId id);
  Result<std::vector<Event>> Events(const Actor& actor, KlusId id, int64_t after_id, int limit);

  // The group tab: klussen of one group the actor may see. `states` empty =
  // open (and, for managers, drafts too).
  Result<GroupKlussen> ListGroup(const Actor& actor, Guid group, std::vector<KlusState> states,
                                 int offset, int limit);
  // Klussen the actor posted or is on ("mine"), newest first, visible ones only.
  Result<std::vector<Klus>> ListMine(const Actor& actor, bool posted, int limit);

  // Events meant for the actor (to notify them), after `after_id`.
  Result<std::vector<Event>> Notifications(const Actor& actor, int64_t after_id, int limit);

  Result<std::vector<PersonName>> Names(const std::vector<Guid>& guids);

  // The deadline job: open klussen past their deadline become expired (or
  // filled when someone was accepted); pending applicants are declined with
  // reason deadline_passed and told. Returns how many klussen changed.
  Result<int> ExpireDue(int limit = 200);

 private:
  Result<GroupRelation> Relate(store::Connection& c, const Actor& actor, Guid group,
                               std::string* group_name);
  // The actor's access (logged out for guid 0) and Relate given it.
  Result<host::AccessContext> AccessOf(store::Connection& c, const Actor& actor);
  Result<GroupRelation> RelateWith(store::Connection& c, const Actor& actor,
                                   const host::AccessContext& access, Guid group,
                                   std::string* group_name);
  // The relation from what was read: the group (null: gone), whether the
  // viewer is a member and an admin of it.
  GroupRelation RelationOf(const Actor& actor, const host::AccessContext& access,
                           const host::HostGroup* found, bool member, bool admin,
                           std::string* group_name) const;
  // Loads the klus and the actor's relation; NotFound unless visible.
  Result<KlusView> LoadVisible(store::Connection& c, const Actor& actor, KlusId id,
                               bool for_update);
  Result<KlusView> LoadManaged(store::Connection& c, const Actor& actor, KlusId id,
                               bool for_update);
  Status ExpireOne(store::Connection& c, KlusId id, int64_t now, bool* changed);
  Status TellPeople(store::Connection& c, const Klus& klus, Guid actor, const std::string& kind,
                    const std::vector<Participant>& people, int64_t now);
  Result<std::string> PosterOrganisation(store::Connection& c, Guid poster);

  host::HostReader* host_;
  store::Pool* pool_;
  Guid site_guid_;
  Clock clock_;
  AppliedHook applied_hook_;
};

}  // namespace klussen::klus
