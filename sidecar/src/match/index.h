// The in-memory match index: people and klussen, searchable both ways.
//
//  - Candidates(klus): the best people for a klus (suggested candidates), with
//    paging. Exact top-k with MaxScore-style pruning over the wanted skills'
//    and text terms' inverted lists (the same pages and scores as an
//    exhaustive search: IndexOptions::prune_candidates); hard constraints and
//    the caller's predicates filter; every result carries its Explanation.
//  - KlussenFor(person): the open klussen for a person ("Klussen voor jou"),
//    best first: every open klus the constraints and the predicate allow is
//    scored (klussen are few), so a page is full when enough exist; one with
//    nothing in common comes last with score 0.
//  - Skills a person plausibly has but did not list (IndexOptions::
//    infer_skills) are indexed beside the listed ones, in their own lists,
//    and earn ScoringOptions::inferred_credit times the credit; the
//    explanation says why (SkillEvidence::source).
//  - UpsertPerson/RemovePerson/UpsertKlus/RemoveKlus change one document; no
//    rebuild. A changed person gets a new internal slot (so inverted lists
//    stay sorted by appending); the old slot is dead until Compact(), which
//    runs by itself when more than a quarter of the slots are dead.
//
// Memory (people side): 32-bit slot ids in plain uint32 postings, skill and
// text term strings interned once, per-person data in parallel arrays and a
// forward list of skill keys (4 bytes + 1 byte level/flags) and term ids;
// no per-person strings or maps except the guid -> slot hash map.
//
// Threading: all public methods are thread-safe. Queries take a shared lock
// and run concurrently with each other; updates, RecordShown and Compact take
// the exclusive lock (an update waits for running queries and is seen by the
// next query). Scratch space for queries is per thread (thread_local), about
// 8 bytes per person slot per querying thread (helpers included). Caller
// predicates are called under the shared lock, and from a helper thread too
// when a query is split: they must be safe to call from two threads at once
// and must not call back into the index.
#pragma once

#include <functional>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "match/analyzer.h"
#include "match/documents.h"
#include "match/scorer.h"

namespace klussen::match {

struct IndexOptions {
  ScoringOptions scoring;
  size_t max_skills_per_document = 256;
  size_t max_text_bytes = 64 * 1024;
  size_t max_page = 1000;      // limit per query
  size_t max_offset = 100000;  // deepest page start
  double compact_dead_fraction = 0.25;
  // Candidates() skips people whose score cannot reach the page (exact:
  // same results). false scores every matching person (tests, measurements).
  bool prune_candidates = true;
  // Credit skills a person plausibly has but did not list (Analyzer::Infer
  // on the about text and job title, and the everyone-visible listed
  // skills), at ScoringOptions::inferred_credit. At most
  // `max_inferred_skills` per person.
  bool infer_skills = true;
  // The words of the skills a person lists for everyone count as their text
  // too, and the words of a klus's wanted skills as the klus's (query words
  // for candidates, indexed text for Klussen voor jou), as in a flat
  // full-text column: people sharing no skill but words ("manage budgets",
  // "budget planning") are found. Restricted skills' words never count.
  bool skill_words_in_text = true;
  size_t max_inferred_skills = 48;
  // With at least `split_query_people` people, and when the wanted skills'
  // lists hold at least `split_query_postings` entries, Candidates() splits
  // the slots into `query_threads` ranges searched at once (the calling
  // thread and helper threads the index owns), then merges the ranges' exact
  // top lists: the same results, sooner. Smaller queries lose more to
  // starting a helper than they gain. 0: one thread per hardware thread;
  // 1: no helpers.
  unsigned query_threads = 0;
  size_t split_query_people = 50000;
  size_t split_query_postings = 50000;
};

// What one Candidates() call did (for benchmarks and tuning).
struct CandidateStats {
  size_t postings = 0;      // inverted-list entries read
  size_t admitted = 0;      // people who passed the hard constraints
  size_t exact_scores = 0;  // people scored exactly
  size_t skills_read = 0;   // wanted skills whose lists were read
  size_t skills = 0;        // wanted skills
  size_t text_words_read = 0;
  size_t text_words = 0;
  size_t ranges = 1;  // > 1: split over that many threads
};

struct CandidateQuery {
  size_t offset = 0;
  size_t limit = 20;
  Day today = 0;  // for exposure decay
  // May this person see the klus (host access rules)? Null: everyone may.
  std::function<bool(Guid person)> may_see_klus;
  // May the viewer see this restricted skill of this person? `skill_id` is
  // the concept id (ESCO URI, "klussen:...") or the free term's label. Null:
  // restricted skills are never used.
  std::function<bool(Guid person, std::string_view skill_id)> may_see_restricted_skill;
  CandidateStats* stats = nullptr;  // filled in when given
  // At most this many threads for this query (1: the calling thread only);
  // 0: as IndexOptions::query_threads says.
  unsigned max_threads = 0;
};

struct KlusQuery {
  size_t offset = 0;
  size_t limit = 20;
  // May the person see this klus (host access rules)? Null: every klus.
  std::function<bool(KlusKey klus)> may_see_klus;
};

struct IndexStats {
  size_t people = 0;
  size_t people_slots = 0;  // including dead ones awaiting compaction
  size_t klussen = 0;
  size_t free_terms = 0;
  size_t text_terms = 0;
  size_t skill_postings = 0;
  size_t inferred_postings = 0;  // inferred skills (not listed)
  size_t text_postings = 0;
};

// What the lock-free part of an upsert works out for a person (checks, text
// analysis, label mappings, inference) before the index takes its lock;
// public so tests can hold it against the plain computation.
struct PersonAnalysis {
  Status status;  // not ok: over the index's limits (nothing else is filled)
  // The text's distinct terms (about text, then the words of the labels
  // listed for everyone) in order of first appearance, so term ids are
  // given out as one by one analysis would, with their counts.
  std::vector<std::pair<std::string, uint32_t>> terms;
  size_t length = 0;  // all terms
  // Per skill, then per interest: the concept of its concept_id, else kNoKey
  // (mapped from the label under the lock, where the label cache lives).
  std::vector<SkillKey> known;
  // Per skill, then per interest, when `present` (its concept_id is not
  // known and it is within the limits): Analyzer::MapSkill of its label, its
  // concepts or one free term; the insert uses it when the index's label
  // cache does not have the label, instead of mapping it under the lock.
  struct Mapping {
    bool present = false;
    std::vector<ConceptId> concepts;
    std::string free_term;
  };
  std::vector<Mapping> mappings;
  // Skills the person plausibly has (not yet filtered against the listed
  // ones): named in the text first, then the occupation's.
  std::vector<ConceptId> named;
  std::vector<ConceptId> likely;
  // The inference's occupation | min(label index, 1023) << 20 | named << 30,
  // or kNoInference.
  static constexpr uint32_t kNoInference = 0xFFFFFFFFu;
  uint32_t inferred_from = kNoInference;
};

class MatchIndex {
 public:
  explicit MatchIndex(std::shared_ptr<const Analyzer> analyzer, IndexOptions options = {});
  ~MatchIndex();
  MatchIndex(const MatchIndex&) = delete;
  MatchIndex& operator=(const MatchIndex&) = delete;

  // Adds or replaces one person / klus. InvalidArgument for a document over
  // the limits (nothing changes then).
  Status UpsertPerson(const Person& person);
  // Adds or replaces many people, as UpsertPerson one by one, in order, but
  // faster: the text analysis runs on up to `threads` threads (0: one per
  // hardware thread; the index's query helpers when it has them) while the
  // calling thread inserts the people analysed so far, taking the exclusive
  // lock per chunk (queries run in between). One status per person.
  std::vector<Status> UpsertPeople(std::span<const Person> people, unsigned threads = 0);
  Status RemovePerson(Guid guid);  // NotFound when absent
  // What UpsertPerson analyses before it takes the lock (no index state is
  // read: the same person always gives the same analysis).
  PersonAnalysis AnalysePerson(const Person& person) const;
  Status UpsertKlus(const KlusDoc& klus);
  Status RemoveKlus(KlusKey id);  // NotFound when absent

  // The best people for `klus` (which need not be indexed), best first,
  // results [offset, offset + limit).
  Result<std::vector<Match>> Candidates(const KlusDoc& klus, const CandidateQuery& query) const;
  // The best open klussen for an indexed person. NotFound for an unknown guid.
  Result<std::vector<Match>> KlussenFor(Guid person, const KlusQuery& query) const;

  // Exposure spreading: the caller reports whom it showed (e.g. the first
  // page of suggested candidates it rendered). Each report adds 1 to the
  // person's decayed exposure; see ScoringOptions::exposure_*.
  void RecordShown(std::span<const Guid> people, Day today);

  // Drops dead slots, renumbers, trims list capacity and returns freed memory.
  void Compact();
  IndexStats Stats() const;

 private:
  struct People;
  struct Klussen;
  struct ResolvedSkills;
  struct Helpers;
  class TopScores;
  using ScoredList = std::vector<std::pair<float, uint64_t>>;  // (score, guid)
  // One range's search; `found` holds the best scores every range of the
  // query has found so far (their floor prunes all ranges).
  using RangeSearch = std::function<ScoredList(uint32_t begin, uint32_t end, CandidateStats& stats,
                                               TopScores& found)>;

  // Runs `search` over [0, slots), split over the helpers when worth it, and
  // returns the best `wanted` by score, then guid.
  ScoredList SearchSplit(uint32_t slots, size_t wanted, unsigned max_threads,
                         const RangeSearch& search, CandidateStats* stats) const;

  // skill_words_in_text: the words of `labels` (one a line) appended to a
  // document's terms, stemmed both ways; a klus's wanted skills' labels.
  void AppendLabelTerms(std::string_view labels, std::vector<std::string>* terms) const;
  std::string WantedLabels(const KlusDoc& klus) const;
  // AppendLabelTerms's merge: the Dutch terms, then each English one that
  // differs from the Dutch one at its place.
  static void MergeLabelTerms(std::vector<std::string> nl, std::vector<std::string> en,
                              std::vector<std::string>* terms);

  // The rest of an upsert after AnalysePerson, with the exclusive lock held.
  Status Insert(const Person& person, const PersonAnalysis& prepared);

  // Helpers run with the lock held (exclusive for the mutating ones).
  // Appends the keys of one skill, interning free terms.
  // `known` is the concept of skill.concept_id when the caller looked it up;
  // `mapped` (when present) MapSkill of its label, mapped before the lock.
  Status Resolve(const SkillInput& skill, std::vector<SkillKey>* out, SkillKey known = kNoKey,
                 const PersonAnalysis::Mapping* mapped = nullptr);
  ResolvedSkills ResolveForQuery(const std::vector<SkillInput>& skills) const;
  SkillKey KeyForMapping(const SkillMapping& mapping, bool intern);
  uint32_t InternTerm(const std::string& term);
  float PeopleIdf(SkillKey key) const;
  std::string LabelOf(SkillKey key) const;
  std::string ExternalIdOf(SkillKey key) const;
  void KillPerson(uint32_t slot);
  void CompactLocked();

  std::shared_ptr<const Analyzer> analyzer_;
  IndexOptions options_;
  mutable std::shared_mutex mu_;
  StringMap<uint32_t> free_ids_;
  std::vector<std::string> free_labels_;
  StringMap<uint32_t> term_ids_;
  // Typed label -> keys, so a label many people share is mapped once.
  StringMap<std::vector<SkillKey>> label_cache_;
  std::vector<std::string> term_words_;  // by term id
  std::unique_ptr<People> people_;
  std::unique_ptr<Klussen> klussen_;
  std::unique_ptr<Helpers> helpers_;  // null: queries run on the calling thread only
};

}  // namespace klussen::match
