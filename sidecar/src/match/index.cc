#include "match/index.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "match/huge_pages.h"

namespace klussen::match {

namespace {

constexpr uint8_t kAlive = 1;
constexpr size_t kMaxLabelCache = 200000;
// Forward text entries: term id in the low 24 bits, tf (capped 255) above.
constexpr uint32_t kTermIdMask = (1u << 24) - 1;
constexpr int kTfShift = 24;
constexpr uint32_t kNoTerm = 0xFFFFFFFFu;
constexpr uint8_t kDiscoverable = 2;
constexpr uint8_t kMetaLevelMask = 0x7;
constexpr uint8_t kMetaRestricted = 0x8;
constexpr uint8_t kMetaInterest = 0x10;
// Not listed: inferred (see Analyzer::Infer); kMetaNamed: the about text
// names the skill itself, else it comes from the person's occupation.
constexpr uint8_t kMetaInferred = 0x20;
constexpr uint8_t kMetaNamed = 0x40;
// Per slot: which occupation inferred skills come from. Occupation id in
// the low 20 bits, the named label's index (capped) above, bit 30: the text
// names it (else the listed skills fit it).
constexpr uint32_t kNoInference = PersonAnalysis::kNoInference;
constexpr uint32_t kInferenceNamed = 1u << 30;
uint32_t PackInference(const Inference& inference) {
  if (inference.occupation == Inference::kNone || inference.occupation >= (1u << 20)) {
    return kNoInference;
  }
  return inference.occupation | std::min<uint32_t>(inference.label_index, 1023) << 20 |
         (inference.named ? kInferenceNamed : 0);
}
// Bitmap of the wanted keys (by key modulo its size): most of a person's
// skills are rejected without a search.
constexpr size_t kWantedBitsWords = 64;
// Postings ahead whose accumulator and facts are prefetched: list walks are
// bound by cache misses, not instructions.
constexpr size_t kPrefetch = 32;
// Postings per step of a list walk (see `walk` in Candidates).
constexpr size_t kWalkBlock = 64;
// Reading a posting only to credit someone already found costs about a
// tenth of scoring a person exactly from the forward lists (cache misses:
// one against several): a list that cannot bring anyone new is still read
// while it has at most this many postings per person it may spare.
constexpr double kCreditOnlyPostingsPerPerson = 4;
// The gate: 4 bytes per person slot that reject most people who fail a hard
// constraint without touching the 24-byte facts or the accumulator (a 4 MB
// array at 1M people stays in cache). Region in the low byte (kGateAnyRegion:
// too large, ask the facts), kAlive/kDiscoverable in the next, whole hours
// available (capped at 255) above; a conservative filter, the facts decide.
constexpr uint32_t kGateAnyRegion = 0xFF;
uint32_t MakeGate(RegionCode region, uint8_t flags, float hours) {
  uint32_t r = region < kGateAnyRegion ? region : kGateAnyRegion;
  uint32_t h = hours >= 255 ? 255 : hours > 0 ? static_cast<uint32_t>(hours) : 0;
  return r | uint32_t{flags} << 8 | h << 16;
}
// How many people get an exact score to raise the threshold before the text
// lists are walked for people without a skill match.
constexpr size_t kTextThresholdBudget = 4096;
// The same before each wanted skill's lists (cheap: the pool is small then).
constexpr size_t kSlotThresholdBudget = 256;

// Per-thread scratch for klus -> people queries. `acc` is indexed by person
// slot (8 bytes: one cache miss per posting); `epoch` says which query last
// met a slot (older values are stale) and `cand` where its candidate record
// is. Candidates are dense, so bounds and thresholds scan a small array.
// `mark` says which wanted skill last credited a candidate (so a person earns
// the best credit of a wanted skill once, not once per matching expansion).
struct Scratch {
  static constexpr uint32_t kRejected = 0xFFFFFFFFu;
  struct Acc {
    uint32_t epoch = 0;
    uint32_t cand = kRejected;
  };
  struct Cand {
    uint32_t doc;
    uint32_t mark;
    float partial;  // skill credit read so far, or raw BM25 for text-only people
    float factor;   // exposure
    float exact;    // the exact score once computed, else < 0
    bool offered;   // to the TopScores (once: it counts people)
  };
  HugeVector<Acc> acc;  // random access over every slot: huge pages
  std::vector<Cand> cands;
  uint32_t query_epoch = 0;
  uint32_t mark_counter = 0;

  void Prepare(size_t count) {
    if (acc.size() < count) acc.resize(count);
    if (++query_epoch == 0) {
      std::fill(acc.begin(), acc.end(), Acc{});
      query_epoch = 1;
    }
    if (mark_counter > 0xFFFF0000u) mark_counter = 0;  // marks live for one query
    cands.clear();
  }
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

template <typename T, typename A>
void ShrinkList(std::vector<T, A>* list) {
  if (list->capacity() > list->size() + list->size() / 8 + 4) list->shrink_to_fit();
}

Status CheckPage(size_t offset, size_t limit, const IndexOptions& options) {
  if (limit == 0 || limit > options.max_page) {
    return InvalidArgument("limit must be 1.." + std::to_string(options.max_page));
  }
  if (offset > options.max_offset) {
    return InvalidArgument("offset must be at most " + std::to_string(options.max_offset));
  }
  return Status::Ok();
}

// Top (offset + limit) of `candidates` by score (ties: lower id first) that
// pass `accept`, which is only called on candidates that could be returned.
template <typename Accept>
std::vector<std::pair<float, uint64_t>> SelectTop(std::vector<std::pair<float, uint64_t>>* all,
                                                  size_t wanted, Accept accept) {
  auto better = [](const std::pair<float, uint64_t>& a, const std::pair<float, uint64_t>& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::vector<std::pair<float, uint64_t>> accepted;
  size_t sorted = 0;
  size_t window = std::min(all->size(), wanted + wanted / 2 + 16);
  while (accepted.size() < wanted && sorted < all->size()) {
    std::partial_sort(all->begin() + static_cast<std::ptrdiff_t>(sorted),
                      all->begin() + static_cast<std::ptrdiff_t>(window), all->end(), better);
    for (; sorted < window && accepted.size() < wanted; ++sorted) {
      if (accept((*all)[sorted].second)) accepted.push_back((*all)[sorted]);
    }
    window = std::min(all->size(), window * 4);
  }
  return accepted;
}

// Says where an inferred skill comes from (a listed one stays kListed).
void DescribeSource(const Vocabulary& vocabulary, Lang lang, uint8_t meta, uint32_t inferred_from,
                    SkillEvidence* evidence) {
  if (!(meta & kMetaInferred)) return;
  if (meta & kMetaNamed) {
    evidence->source = SkillEvidence::Source::kNamedInText;
    return;
  }
  const auto& occupations = vocabulary.occupations();
  const uint32_t occupation = inferred_from & ((1u << 20) - 1);
  if (inferred_from == kNoInference || occupation >= occupations.size()) return;
  const auto& labels = occupations[occupation].labels;
  if (inferred_from & kInferenceNamed) {
    evidence->source = SkillEvidence::Source::kNamedOccupation;
    const uint32_t index = (inferred_from >> 20) & 1023;
    if (index < labels.size()) evidence->because = labels[index].text;
    return;
  }
  evidence->source = SkillEvidence::Source::kFitsOccupation;
  for (const Label& l : labels) {
    if (l.kind == LabelKind::kPreferred && (evidence->because.empty() || l.lang == lang)) {
      evidence->because = l.text;
    }
  }
}

}  // namespace

// The `wanted` best exact scores of people the caller accepts, found so far
// by one search or by all ranges of a split one: its floor is a lower bound
// of the wanted-th best score, by which every range may prune.
class MatchIndex::TopScores {
 public:
  explicit TopScores(size_t wanted) : wanted_(wanted) {}
  float floor() const { return floor_.load(std::memory_order_relaxed); }
  // Would `score` enter? (Cheap: ask before the caller's predicate.)
  bool Admits(float score) const { return score > 0 && score > floor(); }
  void Add(float score) {
    std::lock_guard lock(mu_);
    if (heap_.size() < wanted_) {
      heap_.push_back(score);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    } else if (score > heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      heap_.back() = score;
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    } else {
      return;
    }
    if (heap_.size() == wanted_) floor_.store(heap_.front(), std::memory_order_relaxed);
  }

 private:
  const size_t wanted_;
  std::mutex mu_;
  std::vector<float> heap_;  // min-heap
  std::atomic<float> floor_{0};
};

struct MatchIndex::ResolvedSkills {
  std::vector<SkillKey> keys;
  std::vector<uint8_t> meta;
};

struct MatchIndex::People {
  // Per slot.
  // What the filters and the score read for every touched person, in one
  // 24-byte record so a touched person costs one cache miss, not seven.
  struct Facts {
    float hours = 0;
    Day from = kOpenStart;
    Day to = kOpenEnd;
    float exposure = 0;
    Day exposure_day = 0;
    RegionCode region = kNoRegion;
    uint8_t flags = 0;
  };
  // Queries read these at random places: huge pages (see huge_pages.h).
  HugeVector<Guid> guid;
  HugeVector<Facts> facts;
  HugeVector<uint32_t> gate;  // MakeGate of facts, kept in step with them
  HugeVector<uint16_t> text_length;
  HugeVector<uint32_t> skill_begin{0};  // slot s: [skill_begin[s], skill_begin[s + 1])
  HugeVector<uint32_t> term_begin{0};
  // Forward lists.
  HugeVector<SkillKey> skill_keys;
  HugeVector<uint8_t> skill_meta;
  HugeVector<uint32_t> term_ids;
  std::vector<uint32_t> inferred_from;  // PackInference, per slot
  // Inverted lists (sorted slot ids; dead slots stay until compaction).
  std::vector<std::vector<uint32_t>> concept_lists;
  std::vector<uint32_t> concept_df;
  std::vector<std::vector<uint32_t>> free_lists;
  std::vector<uint32_t> free_df;
  std::unordered_map<SkillKey, std::vector<uint32_t>> restricted_lists;
  std::vector<std::vector<uint32_t>> inferred_lists;  // by concept; no df
  std::vector<std::vector<uint32_t>> text_docs;
  std::vector<std::vector<uint8_t>> text_tfs;
  std::vector<uint32_t> text_df;
  std::unordered_map<Guid, uint32_t> slot_of;
  uint64_t live = 0;
  uint64_t dead = 0;
  uint64_t total_text_length = 0;

  size_t slots() const { return guid.size(); }
  bool alive(uint32_t s) const { return facts[s].flags & kAlive; }
  PersonFacts person_facts(uint32_t s) const {
    const Facts& f = facts[s];
    return PersonFacts{guid[s], f.region, f.hours, f.from, f.to, (f.flags & kDiscoverable) != 0};
  }
  std::span<const SkillKey> skills(uint32_t s) const {
    return {skill_keys.data() + skill_begin[s], skill_begin[s + 1] - skill_begin[s]};
  }
  std::span<const uint8_t> meta(uint32_t s) const {
    return {skill_meta.data() + skill_begin[s], skill_begin[s + 1] - skill_begin[s]};
  }
  std::span<const uint32_t> terms(uint32_t s) const {
    return {term_ids.data() + term_begin[s], term_begin[s + 1] - term_begin[s]};
  }
  std::vector<uint32_t>* List(SkillKey key) {
    if (IsFreeKey(key)) {
      uint32_t id = key - kFreeKeyBase;
      if (free_lists.size() <= id) {
        free_lists.resize(id + 1);
        free_df.resize(id + 1, 0);
      }
      return &free_lists[id];
    }
    return key < concept_lists.size() ? &concept_lists[key] : nullptr;
  }
  const std::vector<uint32_t>* InferredList(SkillKey key) const {
    return !IsFreeKey(key) && key < inferred_lists.size() && !inferred_lists[key].empty()
               ? &inferred_lists[key]
               : nullptr;
  }
  const std::vector<uint32_t>* List(SkillKey key) const {
    if (IsFreeKey(key)) {
      uint32_t id = key - kFreeKeyBase;
      return id < free_lists.size() ? &free_lists[id] : nullptr;
    }
    return key < concept_lists.size() ? &concept_lists[key] : nullptr;
  }
  uint32_t* Df(SkillKey key) {
    if (IsFreeKey(key)) {
      uint32_t id = key - kFreeKeyBase;
      return id < free_df.size() ? &free_df[id] : nullptr;
    }
    return key < concept_df.size() ? &concept_df[key] : nullptr;
  }
  uint32_t DfOf(SkillKey key) const {
    if (IsFreeKey(key)) {
      uint32_t id = key - kFreeKeyBase;
      return id < free_df.size() ? free_df[id] : 0;
    }
    return key < concept_df.size() ? concept_df[key] : 0;
  }
  float average_text_length() const {
    return live ? static_cast<float>(static_cast<double>(total_text_length) / live) : 0;
  }
};

struct MatchIndex::Klussen {
  struct Record {
    KlusKey id = 0;
    bool alive = false;
    std::vector<SkillKey> required;
    std::vector<SkillKey> desired;
    std::vector<uint32_t> terms;
    uint16_t text_length = 0;
    RegionCode region = kNoRegion;
    bool remote = false;
    bool open = true;
    float hours = 0;
    bool accept_unknown_hours = true;
    Day from = kOpenStart;
    Day to = kOpenEnd;
    Guid poster = 0;
    std::vector<Guid> involved;  // sorted
    KlusFacts facts() const {
      KlusFacts f;
      f.region = region;
      f.remote = remote;
      f.hours_needed = hours;
      f.accept_unknown_hours = accept_unknown_hours;
      f.from = from;
      f.to = to;
      f.open = open;
      f.poster = poster;
      f.involved = involved;
      return f;
    }
  };
  std::vector<Record> records;
  std::vector<uint32_t> free_slots;
  std::unordered_map<KlusKey, uint32_t> slot_of;
  std::unordered_map<SkillKey, std::vector<uint32_t>> skill_lists;  // required and desired
  std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, uint8_t>>> text_lists;
  uint64_t live = 0;
  uint64_t total_text_length = 0;

  static void Erase(std::vector<uint32_t>* list, uint32_t slot) {
    list->erase(std::remove(list->begin(), list->end(), slot), list->end());
  }
  void Unlink(uint32_t slot) {
    Record& r = records[slot];
    for (const auto* keys : {&r.required, &r.desired}) {
      for (SkillKey key : *keys) {
        auto it = skill_lists.find(key);
        if (it == skill_lists.end()) continue;
        Erase(&it->second, slot);
        if (it->second.empty()) skill_lists.erase(it);
      }
    }
    for (uint32_t term : r.terms) {
      auto it = text_lists.find(term);
      if (it == text_lists.end()) continue;
      auto& list = it->second;
      list.erase(
          std::remove_if(list.begin(), list.end(), [&](const auto& p) { return p.first == slot; }),
          list.end());
      if (list.empty()) text_lists.erase(it);
    }
    total_text_length -= r.text_length;
    --live;
    r = Record{};
    free_slots.push_back(slot);
  }
};

struct MatchIndex::Helpers {
  explicit Helpers(unsigned threads) : count(threads), pool(threads) {}
  unsigned count;
  boost::asio::thread_pool pool;
};

MatchIndex::MatchIndex(std::shared_ptr<const Analyzer> analyzer, IndexOptions options)
    : analyzer_(std::move(analyzer)),
      options_(std::move(options)),
      people_(std::make_unique<People>()),
      klussen_(std::make_unique<Klussen>()) {
  people_->concept_lists.resize(analyzer_->vocabulary().size());
  people_->concept_df.resize(analyzer_->vocabulary().size(), 0);
  people_->inferred_lists.resize(analyzer_->vocabulary().size());
  unsigned threads = options_.query_threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1) helpers_ = std::make_unique<Helpers>(threads - 1);
}

MatchIndex::~MatchIndex() {
  if (helpers_) helpers_->pool.join();  // no query runs now: the helpers are idle
}

MatchIndex::ScoredList MatchIndex::SearchSplit(uint32_t slots, size_t wanted, unsigned max_threads,
                                               const RangeSearch& search,
                                               CandidateStats* stats) const {
  size_t threads =
      helpers_ && slots >= options_.split_query_people && slots >= 2 ? helpers_->count + 1 : 1;
  if (max_threads > 0) threads = std::min<size_t>(threads, max_threads);
  TopScores found(wanted);
  if (threads == 1) return search(0, slots, *stats, found);
  const size_t parts = threads;  // one range each (more ranges cost more than they balance)
  // Whoever comes first (caller or helper) claims the next range. A helper
  // that starts late finds nothing left and never touches this frame; the
  // caller waits until every claimed range is done.
  struct Shared {
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::function<void(size_t)> run;
  };
  auto shared = std::make_shared<Shared>();
  std::vector<ScoredList> tops(parts);
  std::vector<CandidateStats> part_stats(parts);
  shared->run = [&](size_t part) {
    auto begin = static_cast<uint32_t>(uint64_t{slots} * part / parts);
    auto end = static_cast<uint32_t>(uint64_t{slots} * (part + 1) / parts);
    tops[part] = search(begin, end, part_stats[part], found);
  };
  auto work = [shared, parts] {
    for (size_t part; (part = shared->next.fetch_add(1)) < parts;) {
      shared->run(part);
      if (shared->done.fetch_add(1) + 1 == parts) shared->done.notify_all();
    }
  };
  for (size_t h = 1; h < threads; ++h) boost::asio::post(helpers_->pool, work);
  work();
  for (size_t done; (done = shared->done.load()) < parts;) shared->done.wait(done);

  stats->ranges = parts;
  ScoredList merged;
  for (size_t part = 0; part < parts; ++part) {
    merged.insert(merged.end(), tops[part].begin(), tops[part].end());
    const CandidateStats& s = part_stats[part];
    stats->postings += s.postings;
    stats->admitted += s.admitted;
    stats->exact_scores += s.exact_scores;
    stats->skills_read = std::max(stats->skills_read, s.skills_read);
    stats->text_words_read = std::max(stats->text_words_read, s.text_words_read);
  }
  std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (merged.size() > wanted) merged.resize(wanted);
  return merged;
}

SkillKey MatchIndex::KeyForMapping(const SkillMapping& mapping, bool intern) {
  if (mapping.concept_id != kNoConcept) return mapping.concept_id;
  if (mapping.free_term.empty()) return kNoKey;
  auto found = free_ids_.find(mapping.free_term);
  if (found != free_ids_.end()) return kFreeKeyBase + found->second;
  if (!intern) return kNoKey;
  uint32_t id = static_cast<uint32_t>(free_labels_.size());
  free_ids_.emplace(mapping.free_term, id);
  free_labels_.push_back(mapping.free_term);
  return kFreeKeyBase + id;
}

Status MatchIndex::Resolve(const SkillInput& skill, std::vector<SkillKey>* out, SkillKey known,
                           const PersonAnalysis::Mapping* mapped) {
  if (skill.concept_id.size() > Vocabulary::kMaxIdBytes ||
      skill.label.size() > Vocabulary::kMaxLabelBytes) {
    return InvalidArgument("skill id or label too long");
  }
  if (known != kNoKey) {
    out->push_back(known);
    return Status::Ok();
  }
  if (!skill.concept_id.empty()) {
    if (auto id = analyzer_->vocabulary().Find(skill.concept_id)) {
      out->push_back(*id);
      return Status::Ok();
    }
  }
  if (auto cached = label_cache_.find(skill.label); cached != label_cache_.end()) {
    out->insert(out->end(), cached->second.begin(), cached->second.end());
    return Status::Ok();
  }
  std::vector<SkillKey> keys;
  auto add_free_term = [&](const std::string& free_term) {
    SkillMapping m;
    m.free_term = free_term;
    SkillKey key = KeyForMapping(m, true);
    if (key == kNoKey) return;
    keys.push_back(key);
    if (free_term != skill.label && free_labels_[key - kFreeKeyBase] == free_term) {
      free_labels_[key - kFreeKeyBase] = skill.label;  // display the typed text
    }
  };
  if (mapped != nullptr && mapped->present) {
    keys.assign(mapped->concepts.begin(), mapped->concepts.end());
    if (mapped->concepts.empty()) add_free_term(mapped->free_term);
  } else {
    for (const SkillMapping& m : analyzer_->MapSkill(skill.label)) {
      if (m.concept_id != kNoConcept) {
        keys.push_back(m.concept_id);
      } else {
        add_free_term(m.free_term);
      }
    }
  }
  out->insert(out->end(), keys.begin(), keys.end());
  if (label_cache_.size() >= kMaxLabelCache) label_cache_.clear();
  label_cache_.emplace(skill.label, std::move(keys));
  return Status::Ok();
}

MatchIndex::ResolvedSkills MatchIndex::ResolveForQuery(
    const std::vector<SkillInput>& skills) const {
  // Unknown free terms get keys past every interned one, so they count in the
  // coverage denominator (nobody has them) without any list.
  ResolvedSkills out;
  uint32_t unknown = static_cast<uint32_t>(free_labels_.size());
  for (const SkillInput& skill : skills) {
    if (!skill.concept_id.empty()) {
      if (auto id = analyzer_->vocabulary().Find(skill.concept_id)) {
        out.keys.push_back(*id);
        continue;
      }
    }
    for (const SkillMapping& m : analyzer_->MapSkill(
             skill.label.substr(0, std::min(skill.label.size(), Vocabulary::kMaxLabelBytes)))) {
      if (m.concept_id != kNoConcept) {
        out.keys.push_back(m.concept_id);
        continue;
      }
      auto found = free_ids_.find(m.free_term);
      out.keys.push_back(kFreeKeyBase + (found != free_ids_.end() ? found->second : unknown++));
    }
  }
  return out;
}

uint32_t MatchIndex::InternTerm(const std::string& term) {
  if (term_ids_.size() >= kTermIdMask) {
    auto found = term_ids_.find(term);
    return found == term_ids_.end() ? kNoTerm : found->second;  // full: new words are dropped
  }
  auto [it, inserted] = term_ids_.try_emplace(term, static_cast<uint32_t>(term_ids_.size()));
  if (inserted) {
    term_words_.push_back(term);
    people_->text_docs.emplace_back();
    people_->text_tfs.emplace_back();
    people_->text_df.push_back(0);
  }
  return it->second;
}

float MatchIndex::PeopleIdf(SkillKey key) const { return Idf(people_->DfOf(key), people_->live); }

std::string MatchIndex::LabelOf(SkillKey key) const {
  if (IsFreeKey(key)) {
    uint32_t id = key - kFreeKeyBase;
    return id < free_labels_.size() ? free_labels_[id] : std::string();
  }
  return std::string(analyzer_->vocabulary().PreferredLabel(key, options_.scoring.display_lang));
}

std::string MatchIndex::ExternalIdOf(SkillKey key) const {
  if (IsFreeKey(key)) return LabelOf(key);
  return analyzer_->vocabulary().ExternalId(key);
}

void MatchIndex::KillPerson(uint32_t slot) {
  People& p = *people_;
  if (!p.alive(slot)) return;
  p.facts[slot].flags = 0;
  p.gate[slot] = 0;
  auto keys = p.skills(slot);
  auto meta = p.meta(slot);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (meta[i] & (kMetaRestricted | kMetaInterest | kMetaInferred)) continue;
    if (uint32_t* df = p.Df(keys[i])) --*df;
  }
  for (uint32_t term : p.terms(slot)) --p.text_df[term & kTermIdMask];
  p.total_text_length -= p.text_length[slot];
  --p.live;
  ++p.dead;
  p.slot_of.erase(p.guid[slot]);
}

PersonAnalysis MatchIndex::AnalysePerson(const Person& person) const {
  PersonAnalysis prepared;
  if (person.skills.size() + person.interests.size() > options_.max_skills_per_document) {
    prepared.status = InvalidArgument("person " + std::to_string(person.guid) + " has more than " +
                                      std::to_string(options_.max_skills_per_document) + " skills");
    return prepared;
  }
  if (person.about.size() > options_.max_text_bytes) {
    prepared.status = InvalidArgument("about text longer than " +
                                      std::to_string(options_.max_text_bytes) + " bytes");
    return prepared;
  }
  if (std::isnan(person.hours_available)) {
    prepared.status = InvalidArgument("hours_available is NaN");
    return prepared;
  }
  // The about text is tokenised once, for its terms and for inference.
  const std::vector<std::string> about_tokens = Tokenize(person.about);
  std::vector<std::string> terms = analyzer_->DocumentTermsOfTokens(about_tokens);
  const Vocabulary& vocabulary = analyzer_->vocabulary();
  auto known = [&](const SkillInput& skill) -> SkillKey {
    if (skill.concept_id.empty() || skill.concept_id.size() > Vocabulary::kMaxIdBytes) {
      return kNoKey;
    }
    auto id = vocabulary.Find(skill.concept_id);
    return id ? *id : kNoKey;
  };
  prepared.known.reserve(person.skills.size() + person.interests.size());
  for (const PersonSkill& skill : person.skills) prepared.known.push_back(known(skill.skill));
  for (const SkillInput& interest : person.interests) prepared.known.push_back(known(interest));
  const bool infer = options_.infer_skills && person.job_title.size() <= Vocabulary::kMaxLabelBytes;
  // Per skill and interest, from the per-thread label memo: when its
  // concept_id is not known, what its label maps to (for Resolve, and to
  // infer from when listed for everyone); when listed for everyone, its
  // words as text (skill_words_in_text: the same terms as AppendLabelTerms
  // of the labels one a line, while they fit in max_text_bytes).
  std::vector<ConceptId> listed;
  std::vector<std::string> label_nl;
  std::vector<std::string> label_en;
  size_t label_bytes = 0;  // of the labels one a line
  bool labels_full = !options_.skill_words_in_text;
  const size_t inputs = person.skills.size() + person.interests.size();
  prepared.mappings.resize(inputs);
  for (size_t i = 0; i < inputs; ++i) {
    const bool is_skill = i < person.skills.size();
    const SkillInput& input =
        is_skill ? person.skills[i].skill : person.interests[i - person.skills.size()];
    const std::string& label = input.label;
    const bool shown = is_skill && person.skills[i].visibility == Visibility::kEveryone;
    const bool known_concept = prepared.known[i] != kNoKey;
    // Resolve's checks first: a skill over them is refused, never mapped.
    const bool resolvable = !known_concept && input.concept_id.size() <= Vocabulary::kMaxIdBytes &&
                            label.size() <= Vocabulary::kMaxLabelBytes;
    bool want_terms = false;
    if (shown && !labels_full) {
      if (label_bytes + label.size() > options_.max_text_bytes) {
        labels_full = true;
      } else {
        want_terms = true;
      }
    }
    const bool infer_from = shown && infer && analyzer_->has_occupations();
    if (infer_from && known_concept) listed.push_back(prepared.known[i]);
    const bool want_concepts =
        infer_from && !known_concept && label.size() <= Vocabulary::kMaxLabelBytes;
    if (!want_terms && !want_concepts && !resolvable) continue;
    const Analyzer::LabelAnalysis& analysis =
        analyzer_->AnalyseLabel(label, want_concepts || resolvable);
    if (want_concepts) {
      listed.insert(listed.end(), analysis.concepts.begin(), analysis.concepts.end());
    }
    if (resolvable) {
      PersonAnalysis::Mapping& mapping = prepared.mappings[i];
      mapping.present = true;
      mapping.concepts = analysis.concepts;
      mapping.free_term = analysis.free_term;
    }
    if (want_terms) {
      label_bytes += label.size() + 1;
      label_nl.insert(label_nl.end(), analysis.nl.begin(), analysis.nl.end());
      label_en.insert(label_en.end(), analysis.en.begin(), analysis.en.end());
    }
  }
  if (label_bytes > Analyzer::kMaxInputBytes) {
    // Past what the analyzer reads of one text (cut there): the labels as one
    // text, as AppendLabelTerms reads them.
    std::string labels;
    for (const PersonSkill& skill : person.skills) {
      if (skill.visibility != Visibility::kEveryone) continue;
      if (labels.size() + skill.skill.label.size() > options_.max_text_bytes) break;
      (labels += skill.skill.label) += '\n';
    }
    AppendLabelTerms(labels, &terms);
  } else if (label_bytes > 0) {
    MergeLabelTerms(std::move(label_nl), std::move(label_en), &terms);
  }
  prepared.length = terms.size();
  // Distinct terms in order of first appearance: sort positions by term.
  std::vector<uint32_t> order(terms.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return terms[a] < terms[b]; });
  std::vector<std::pair<uint32_t, uint32_t>> firsts;  // (first position, count)
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && terms[order[j]] == terms[order[i]]) ++j;
    firsts.emplace_back(order[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  std::sort(firsts.begin(), firsts.end());
  prepared.terms.reserve(firsts.size());
  for (const auto& [first, count] : firsts) {
    prepared.terms.emplace_back(std::move(terms[first]), count);
  }
  if (infer) {
    // Only what every member may see feeds inference: the about text, the
    // job title and the skills listed as visible to everyone.
    // Infer(job title + ". " + about): the title's tokens before the
    // about's, as long as the whole is not cut.
    Inference inference;
    if (person.job_title.empty()) {
      inference = analyzer_->InferFromTokens(about_tokens, listed);
    } else if (person.job_title.size() + 2 + person.about.size() <= Analyzer::kMaxInputBytes) {
      std::vector<std::string> tokens = Tokenize(person.job_title);
      tokens.insert(tokens.end(), about_tokens.begin(), about_tokens.end());
      inference = analyzer_->InferFromTokens(tokens, listed);
    } else {
      inference = analyzer_->Infer(person.job_title + ". " + person.about, listed);
    }
    prepared.named = std::move(inference.mentioned);
    prepared.likely = std::move(inference.likely);
    prepared.inferred_from = PackInference(inference);
  }
  return prepared;
}

Status MatchIndex::UpsertPerson(const Person& person) {
  // Analysis runs before the lock: it is the expensive part.
  PersonAnalysis prepared = AnalysePerson(person);
  if (!prepared.status.ok()) return prepared.status;
  std::unique_lock lock(mu_);
  return Insert(person, prepared);
}

std::vector<Status> MatchIndex::UpsertPeople(std::span<const Person> people, unsigned threads) {
  // Chunks of people are analysed by whichever thread claims them next; the
  // calling thread inserts them in order and, while the next chunk is not
  // ready, analyses one itself. The helpers are the index's own threads when
  // it has them (their per-thread memos of words and labels stay warm from
  // one call to the next), else threads started for this call.
  // Small chunks: the helpers analyse the next ones while the caller inserts
  // (a start-up load hands over pages of 500).
  constexpr size_t kChunk = 64;
  const size_t chunks = (people.size() + kChunk - 1) / kChunk;
  std::vector<Status> statuses(people.size());
  std::vector<PersonAnalysis> prepared(people.size());
  // What a helper touches after the last chunk is claimed: a helper that
  // starts late (after this call returned) finds nothing left and never
  // touches this frame; one that claimed a chunk is waited for.
  struct Shared {
    explicit Shared(size_t n) : ready(new std::atomic<bool>[n]), chunks(n) {
      for (size_t c = 0; c < n; ++c) ready[c].store(false);
    }
    std::unique_ptr<std::atomic<bool>[]> ready;
    size_t chunks;
    std::atomic<size_t> next{0};
    std::function<void(size_t)> prepare;  // of one chunk; only called for a claimed one
  };
  auto shared = std::make_shared<Shared>(chunks);
  shared->prepare = [&](size_t c) {
    for (size_t i = c * kChunk; i < std::min(people.size(), (c + 1) * kChunk); ++i) {
      prepared[i] = AnalysePerson(people[i]);
    }
  };
  auto prepare_next = [](Shared& state) {
    size_t c = state.next.fetch_add(1);
    if (c >= state.chunks) return false;
    state.prepare(c);
    state.ready[c].store(true, std::memory_order_release);
    state.ready[c].notify_all();
    return true;
  };
  auto work = [shared, prepare_next] {
    while (prepare_next(*shared)) {
    }
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t wanted = std::min<size_t>(threads - 1, chunks > 0 ? chunks - 1 : 0);
  const size_t pooled = helpers_ ? std::min<size_t>(wanted, helpers_->count) : 0;
  for (size_t h = 0; h < pooled; ++h) boost::asio::post(helpers_->pool, work);
  std::vector<std::thread> started;
  for (size_t h = pooled; h < wanted; ++h) started.emplace_back(work);
  for (size_t c = 0; c < chunks; ++c) {
    while (!shared->ready[c].load(std::memory_order_acquire)) {
      if (!prepare_next(*shared)) shared->ready[c].wait(false, std::memory_order_acquire);
    }
    std::unique_lock lock(mu_);
    for (size_t i = c * kChunk; i < std::min(people.size(), (c + 1) * kChunk); ++i) {
      statuses[i] = prepared[i].status.ok() ? Insert(people[i], prepared[i]) : prepared[i].status;
      prepared[i] = PersonAnalysis{};  // give the memory back as we go
    }
  }
  for (std::thread& thread : started) thread.join();
  return statuses;
}

Status MatchIndex::Insert(const Person& person, const PersonAnalysis& prepared) {
  People& p = *people_;
  // Resolve skills (interning free terms) and merge duplicates: the widest
  // visibility and the highest level win.
  std::vector<std::pair<SkillKey, uint8_t>> entries;
  std::vector<SkillKey> resolved;
  for (int kind = 0; kind < 2; ++kind) {
    size_t count = kind == 0 ? person.skills.size() : person.interests.size();
    for (size_t i = 0; i < count; ++i) {
      const SkillInput& input = kind == 0 ? person.skills[i].skill : person.interests[i];
      resolved.clear();
      const size_t at = kind == 0 ? i : person.skills.size() + i;
      KL_RETURN_IF_ERROR(Resolve(input, &resolved, prepared.known[at], &prepared.mappings[at]));
      uint8_t meta =
          kind == 1
              ? kMetaInterest
              : static_cast<uint8_t>(
                    std::min<uint8_t>(person.skills[i].level, 4) |
                    (person.skills[i].visibility == Visibility::kRestricted ? kMetaRestricted : 0));
      for (SkillKey key : resolved) entries.emplace_back(key, meta);
    }
  }
  std::sort(entries.begin(), entries.end());
  std::vector<std::pair<SkillKey, uint8_t>> merged;
  for (const auto& [key, meta] : entries) {
    if (!merged.empty() && merged.back().first == key) {
      uint8_t& m = merged.back().second;
      bool interest = (m & kMetaInterest) && (meta & kMetaInterest);
      if ((m & kMetaInterest) && !(meta & kMetaInterest)) {
        m = meta;  // a skill beats an interest in the same thing
      } else if (!interest && !(meta & kMetaInterest)) {
        uint8_t level = std::max<uint8_t>(m & kMetaLevelMask, meta & kMetaLevelMask);
        bool restricted = (m & kMetaRestricted) && (meta & kMetaRestricted);
        m = static_cast<uint8_t>(level | (restricted ? kMetaRestricted : 0));
      }
      continue;
    }
    merged.emplace_back(key, meta);
  }
  // Inferred skills: only those not listed (in any visibility: a restricted
  // listing is never revealed by an inferred twin), at most
  // max_inferred_skills, named ones first.
  bool any_inferred = false;
  if (!prepared.named.empty() || !prepared.likely.empty()) {
    const size_t listed = merged.size();
    size_t added = 0;
    for (const auto* list : {&prepared.named, &prepared.likely}) {
      const uint8_t meta = list == &prepared.named ? kMetaInferred | kMetaNamed : kMetaInferred;
      for (ConceptId c : *list) {
        if (added >= options_.max_inferred_skills) break;
        if (!analyzer_->vocabulary().Contains(c)) continue;
        auto end = merged.begin() + static_cast<std::ptrdiff_t>(listed);
        auto at = std::lower_bound(merged.begin(), end, std::pair<SkillKey, uint8_t>(c, 0));
        if (at != end && at->first == c) continue;
        bool duplicate = false;
        for (size_t i = listed; i < merged.size(); ++i)
          duplicate = duplicate || merged[i].first == c;
        if (duplicate) continue;
        merged.emplace_back(c, meta);
        ++added;
        any_inferred = any_inferred || meta == kMetaInferred;
      }
    }
    std::sort(merged.begin(), merged.end());
  }
  // Term frequencies (capped at 255).
  std::vector<std::pair<uint32_t, uint8_t>> tfs;
  tfs.reserve(prepared.terms.size());
  for (const auto& [term, count] : prepared.terms) {
    uint32_t id = InternTerm(term);
    if (id != kNoTerm) tfs.emplace_back(id, static_cast<uint8_t>(std::min<uint32_t>(count, 255)));
  }
  std::sort(tfs.begin(), tfs.end());
  if (p.skill_keys.size() + merged.size() > std::numeric_limits<uint32_t>::max() - 1 ||
      p.term_ids.size() + tfs.size() > std::numeric_limits<uint32_t>::max() - 1) {
    CompactLocked();
    if (p.skill_keys.size() + merged.size() > std::numeric_limits<uint32_t>::max() - 1 ||
        p.term_ids.size() + tfs.size() > std::numeric_limits<uint32_t>::max() - 1) {
      return ResourceExhausted("people index is full");
    }
  }
  if (p.slots() >= std::numeric_limits<uint32_t>::max() - 1) {
    return ResourceExhausted("people index is full");
  }

  if (auto old = p.slot_of.find(person.guid); old != p.slot_of.end()) KillPerson(old->second);
  uint32_t slot = static_cast<uint32_t>(p.slots());
  p.guid.push_back(person.guid);
  People::Facts facts;
  facts.region = person.region;
  facts.hours = person.hours_available;
  facts.from = person.available_from;
  facts.to = person.available_to;
  facts.flags = static_cast<uint8_t>(kAlive | (person.discoverable ? kDiscoverable : 0));
  p.facts.push_back(facts);
  p.gate.push_back(MakeGate(facts.region, facts.flags, facts.hours));
  uint16_t length = static_cast<uint16_t>(std::min<size_t>(prepared.length, 65535));
  p.text_length.push_back(length);
  p.inferred_from.push_back(any_inferred ? prepared.inferred_from : kNoInference);
  for (const auto& [key, meta] : merged) {
    p.skill_keys.push_back(key);
    p.skill_meta.push_back(meta);
    if (meta & kMetaInterest) continue;
    if (meta & kMetaInferred) {
      if (key < p.inferred_lists.size()) p.inferred_lists[key].push_back(slot);
      continue;
    }
    if (meta & kMetaRestricted) {
      p.restricted_lists[key].push_back(slot);
      continue;
    }
    if (std::vector<uint32_t>* list = p.List(key)) {
      list->push_back(slot);
      ++*p.Df(key);
    }
  }
  p.skill_begin.push_back(static_cast<uint32_t>(p.skill_keys.size()));
  for (const auto& [term, tf] : tfs) {
    p.term_ids.push_back(term | (uint32_t{tf} << kTfShift));
    p.text_docs[term].push_back(slot);
    p.text_tfs[term].push_back(tf);
    ++p.text_df[term];
  }
  p.term_begin.push_back(static_cast<uint32_t>(p.term_ids.size()));
  p.slot_of[person.guid] = slot;
  ++p.live;
  p.total_text_length += length;
  if (p.dead > 1024 && static_cast<double>(p.dead) >
                           options_.compact_dead_fraction * static_cast<double>(p.slots())) {
    CompactLocked();
  }
  return Status::Ok();
}

Status MatchIndex::RemovePerson(Guid guid) {
  std::unique_lock lock(mu_);
  auto found = people_->slot_of.find(guid);
  if (found == people_->slot_of.end()) return NotFound("no person " + std::to_string(guid));
  KillPerson(found->second);
  People& p = *people_;
  if (p.dead > 1024 && static_cast<double>(p.dead) >
                           options_.compact_dead_fraction * static_cast<double>(p.slots())) {
    CompactLocked();
  }
  return Status::Ok();
}

void MatchIndex::AppendLabelTerms(std::string_view labels, std::vector<std::string>* terms) const {
  if (labels.empty()) return;
  // Stemmed both ways: labels are too short to tell their language.
  static constexpr Lang kNl = Lang::kNl;
  static constexpr Lang kEn = Lang::kEn;
  MergeLabelTerms(analyzer_->DocumentTerms(labels, &kNl), analyzer_->DocumentTerms(labels, &kEn),
                  terms);
}

void MatchIndex::MergeLabelTerms(std::vector<std::string> nl, std::vector<std::string> en,
                                 std::vector<std::string>* terms) {
  terms->reserve(terms->size() + nl.size() + en.size());
  const size_t base = terms->size();
  for (std::string& term : nl) terms->push_back(std::move(term));
  const size_t nl_size = nl.size();
  for (size_t i = 0; i < en.size(); ++i) {
    if (i >= nl_size || en[i] != (*terms)[base + i]) terms->push_back(std::move(en[i]));
  }
}

std::string MatchIndex::WantedLabels(const KlusDoc& klus) const {
  // A picked skill may come without its label: the vocabulary's, then.
  std::string labels;
  const Vocabulary& vocabulary = analyzer_->vocabulary();
  for (const auto* list : {&klus.required, &klus.desired}) {
    for (const SkillInput& skill : *list) {
      std::string_view label = skill.label;
      if (label.empty() && !skill.concept_id.empty()) {
        if (auto id = vocabulary.Find(skill.concept_id)) {
          label = vocabulary.PreferredLabel(*id, options_.scoring.display_lang);
        }
      }
      if (labels.size() + label.size() >= options_.max_text_bytes) return labels;
      (labels += label) += '\n';
    }
  }
  return labels;
}

Status MatchIndex::UpsertKlus(const KlusDoc& klus) {
  if (klus.required.size() + klus.desired.size() > options_.max_skills_per_document) {
    return InvalidArgument("klus " + std::to_string(klus.id) + " has too many skills");
  }
  if (klus.text.size() > options_.max_text_bytes) return InvalidArgument("klus text too long");
  if (std::isnan(klus.hours_needed)) return InvalidArgument("hours_needed is NaN");
  std::vector<std::string> terms = analyzer_->DocumentTerms(klus.text);
  if (options_.skill_words_in_text) AppendLabelTerms(WantedLabels(klus), &terms);
  std::unique_lock lock(mu_);
  ResolvedSkills required;
  ResolvedSkills desired;
  for (const SkillInput& s : klus.required) KL_RETURN_IF_ERROR(Resolve(s, &required.keys));
  for (const SkillInput& s : klus.desired) KL_RETURN_IF_ERROR(Resolve(s, &desired.keys));
  Klussen& k = *klussen_;
  if (auto old = k.slot_of.find(klus.id); old != k.slot_of.end()) {
    k.Unlink(old->second);
    k.slot_of.erase(old);
  }
  uint32_t slot;
  if (!k.free_slots.empty()) {
    slot = k.free_slots.back();
    k.free_slots.pop_back();
  } else {
    slot = static_cast<uint32_t>(k.records.size());
    k.records.emplace_back();
  }
  Klussen::Record& r = k.records[slot];
  r.id = klus.id;
  r.alive = true;
  auto unique = [](std::vector<SkillKey> keys) {
    std::vector<SkillKey> out;
    for (SkillKey key : keys) {
      if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
    }
    return out;
  };
  r.required = unique(required.keys);
  r.desired.clear();
  for (SkillKey key : unique(desired.keys)) {
    if (std::find(r.required.begin(), r.required.end(), key) == r.required.end()) {
      r.desired.push_back(key);
    }
  }
  for (const auto* keys : {&r.required, &r.desired}) {
    for (SkillKey key : *keys) k.skill_lists[key].push_back(slot);
  }
  std::vector<uint32_t> ids;
  for (const std::string& term : terms) {
    uint32_t id = InternTerm(term);
    if (id != kNoTerm) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    k.text_lists[ids[i]].emplace_back(slot, static_cast<uint8_t>(std::min<size_t>(j - i, 255)));
    r.terms.push_back(ids[i]);
    i = j;
  }
  r.text_length = static_cast<uint16_t>(std::min<size_t>(terms.size(), 65535));
  r.region = klus.region;
  r.remote = klus.remote;
  r.open = klus.open;
  r.hours = klus.hours_needed;
  r.accept_unknown_hours = klus.accept_unknown_hours;
  r.from = klus.from;
  r.to = klus.to;
  r.poster = klus.poster;
  r.involved = klus.involved;
  std::sort(r.involved.begin(), r.involved.end());
  k.slot_of[klus.id] = slot;
  ++k.live;
  k.total_text_length += r.text_length;
  return Status::Ok();
}

Status MatchIndex::RemoveKlus(KlusKey id) {
  std::unique_lock lock(mu_);
  auto found = klussen_->slot_of.find(id);
  if (found == klussen_->slot_of.end()) return NotFound("no klus " + std::to_string(id));
  klussen_->Unlink(found->second);
  klussen_->slot_of.erase(found);
  return Status::Ok();
}

Result<std::vector<Match>> MatchIndex::Candidates(const KlusDoc& klus,
                                                  const CandidateQuery& query) const {
  KL_RETURN_IF_ERROR(CheckPage(query.offset, query.limit, options_));
  if (klus.required.size() + klus.desired.size() > options_.max_skills_per_document) {
    return InvalidArgument("klus has too many skills");
  }
  std::vector<std::string> originals;
  std::vector<std::string> words = analyzer_->QueryTerms(
      std::string_view(klus.text).substr(0, options_.max_text_bytes), &originals);
  if (options_.skill_words_in_text) {
    // The wanted skills' words too, as the people's listed skills' words are
    // text (language unknown: both stems, as there).
    std::vector<std::string> label_originals;
    std::vector<std::string> label_words =
        analyzer_->QueryTerms(WantedLabels(klus), &label_originals);
    for (size_t i = 0; i < label_words.size(); ++i) {
      if (std::find(words.begin(), words.end(), label_words[i]) != words.end()) continue;
      words.push_back(std::move(label_words[i]));
      originals.push_back(std::move(label_originals[i]));
    }
  }
  const ScoringOptions& so = options_.scoring;

  std::shared_lock lock(mu_);
  const People& p = *people_;
  const Vocabulary& vocabulary = analyzer_->vocabulary();
  ResolvedSkills required = ResolveForQuery(klus.required);
  ResolvedSkills desired = ResolveForQuery(klus.desired);
  std::vector<SkillSlot> slots = BuildSlots(vocabulary, required.keys, desired.keys, so,
                                            [&](SkillKey key) { return PeopleIdf(key); });
  // Text query: known terms, highest idf first, at most max_query_terms.
  struct QueryTerm {
    uint32_t id;
    float idf;
    std::string word;
  };
  std::vector<QueryTerm> query_terms;
  for (size_t i = 0; i < words.size(); ++i) {
    auto found = term_ids_.find(words[i]);
    if (found == term_ids_.end() || p.text_df[found->second] == 0) continue;
    if (p.text_df[found->second] > so.max_text_df_fraction * static_cast<float>(p.live) &&
        p.live >= 1000) {
      continue;
    }
    query_terms.push_back({found->second, Idf(p.text_df[found->second], p.live), originals[i]});
  }
  std::stable_sort(query_terms.begin(), query_terms.end(),
                   [](const QueryTerm& a, const QueryTerm& b) { return a.idf > b.idf; });
  if (query_terms.size() > so.max_query_terms) query_terms.resize(so.max_query_terms);

  bool has_required = false;
  bool has_desired = false;
  for (const SkillSlot& slot : slots) (slot.required ? has_required : has_desired) = true;
  PartWeights weights =
      NormalisedWeights(has_required, has_desired, !query_terms.empty(), false, so);

  // BM25 with the length normalisation folded into one multiply per posting.
  // The text part is BM25 / (sum of the query words' idf): 1.0 is a text of
  // average length holding every query word once (capped at 1).
  float average_length = p.average_text_length();
  float length_scale = average_length > 0 ? so.bm25_k1 * so.bm25_b / average_length : 0;
  float length_base = so.bm25_k1 * (1 - so.bm25_b);
  float text_norm = 0;
  for (const QueryTerm& term : query_terms) text_norm += term.idf;
  auto bm25 = [&](float tf, float idf, uint32_t doc) {
    return idf * (so.bm25_k1 + 1) * tf /
           (tf + length_base + length_scale * static_cast<float>(p.text_length[doc]));
  };
  auto text_part = [&](float raw) { return text_norm > 0 ? std::min(1.0f, raw / text_norm) : 0; };
  // A person's BM25 from their forward list (sorted term ids, tf packed in
  // the top byte): the one definition of a person's text score.
  std::vector<std::pair<uint32_t, float>> query_by_id;
  for (const QueryTerm& term : query_terms) query_by_id.emplace_back(term.id, term.idf);
  std::sort(query_by_id.begin(), query_by_id.end());
  auto forward_bm25 = [&](uint32_t doc) {
    float sum = 0;
    auto terms = p.terms(doc);
    size_t i = 0;
    for (const auto& [id, idf] : query_by_id) {
      while (i < terms.size() && (terms[i] & kTermIdMask) < id) ++i;
      if (i < terms.size() && (terms[i] & kTermIdMask) == id) {
        sum += bm25(static_cast<float>(terms[i] >> kTfShift), idf, doc);
      }
    }
    return sum;
  };

  // The exact score of one person, from the forward lists only, so a person
  // gets the same score however they were found (pruned or exhaustive).
  // Skill part: per wanted skill the credit of the first expansion (in
  // BuildSlots order) the person usably has, summed in slot order.
  std::vector<float> slot_weights;
  for (const SkillSlot& slot : slots) {
    slot_weights.push_back((slot.required ? weights.required : weights.desired) * slot.weight);
  }
  struct WantedKey {
    SkillKey key;
    uint32_t slot;
    uint32_t expansion;
    bool operator<(const WantedKey& o) const {
      return key != o.key ? key < o.key : slot != o.slot ? slot < o.slot : expansion < o.expansion;
    }
  };
  std::vector<WantedKey> wanted_keys;
  std::vector<uint64_t> wanted_bits(kWantedBitsWords, 0);  // quick reject by key hash
  for (uint32_t s = 0; s < slots.size(); ++s) {
    for (uint32_t e = 0; e < slots[s].expansions.size(); ++e) {
      SkillKey key = slots[s].expansions[e].key;
      wanted_keys.push_back({key, s, e});
      uint32_t bit = key % (kWantedBitsWords * 64);
      wanted_bits[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  std::sort(wanted_keys.begin(), wanted_keys.end());
  // Per wanted skill the best credit the person's usable skills earn (an
  // inferred skill earns inferred_credit times it), summed in slot order.
  const float inferred_credit = options_.infer_skills ? so.inferred_credit : 0.0f;
  auto exact_skill = [&](uint32_t doc) {
    thread_local std::vector<float> best;  // searches may run on two threads
    best.assign(slots.size(), 0.0f);
    auto keys = p.skills(doc);
    auto meta = p.meta(doc);
    for (size_t j = 0; j < keys.size(); ++j) {
      if (meta[j] & kMetaInterest) continue;
      uint32_t bit = keys[j] % (kWantedBitsWords * 64);
      if (!(wanted_bits[bit / 64] >> (bit % 64) & 1)) continue;
      auto it = std::lower_bound(wanted_keys.begin(), wanted_keys.end(), WantedKey{keys[j], 0, 0});
      const float factor = (meta[j] & kMetaInferred) ? inferred_credit : 1.0f;
      bool visible = !(meta[j] & kMetaRestricted);
      bool asked = false;
      for (; it != wanted_keys.end() && it->key == keys[j]; ++it) {
        const float credit = slots[it->slot].expansions[it->expansion].credit * factor;
        if (credit <= best[it->slot]) continue;
        if (!visible && !asked) {
          asked = true;
          visible = query.may_see_restricted_skill &&
                    query.may_see_restricted_skill(p.guid[doc], ExternalIdOf(keys[j]));
        }
        if (!visible) break;
        best[it->slot] = credit;
      }
    }
    float skill = 0;
    for (size_t s = 0; s < slots.size(); ++s) {
      if (best[s] > 0) skill += slot_weights[s] * best[s];
    }
    return skill;
  };
  // Per wanted skill, the lists that credit it, best credit first (listed
  // and inferred ones of each expansion), so the first credit a person gets
  // while the lists are read is their best for that skill.
  struct Source {
    SkillKey key;
    float credit;
    bool inferred;
  };
  std::vector<std::vector<Source>> sources(slots.size());
  for (size_t s = 0; s < slots.size(); ++s) {
    for (const SkillSlot::Expansion& e : slots[s].expansions) {
      sources[s].push_back({e.key, e.credit, false});
      if (inferred_credit > 0 && p.InferredList(e.key)) {
        sources[s].push_back({e.key, e.credit * inferred_credit, true});
      }
    }
    std::stable_sort(sources[s].begin(), sources[s].end(),
                     [](const Source& a, const Source& b) { return a.credit > b.credit; });
  }
  auto exact_score_from = [&](uint32_t doc, float skill, float factor) {
    float text = query_terms.empty() ? 0 : text_part(forward_bm25(doc));
    return (skill + weights.text * text) * factor;
  };
  // Exact scores read a person's forward lists: several cache misses each.
  // Scoring a sequence of people, the loops ask for the offsets of the person
  // 2 * kPrefetch ahead and for the lists of the one kPrefetch ahead, so the
  // misses overlap.
  auto prefetch_offsets = [&](uint32_t doc) {
    __builtin_prefetch(&p.skill_begin[doc]);
    if (!query_terms.empty()) {
      __builtin_prefetch(&p.term_begin[doc]);
      __builtin_prefetch(&p.text_length[doc]);
    }
  };
  auto prefetch_lists = [&](uint32_t doc) {
    const uint32_t begin = p.skill_begin[doc];
    const uint32_t end = p.skill_begin[doc + 1];
    for (uint32_t at = begin; at < end; at += 16) __builtin_prefetch(&p.skill_keys[at]);
    __builtin_prefetch(&p.skill_keys[end - 1]);
    __builtin_prefetch(&p.skill_meta[begin]);
    __builtin_prefetch(&p.skill_meta[end - 1]);
    if (!query_terms.empty()) {
      const uint32_t first = p.term_begin[doc];
      const uint32_t last = p.term_begin[doc + 1];
      for (uint32_t at = first; at < last; at += 16) __builtin_prefetch(&p.term_ids[at]);
      if (last > first) __builtin_prefetch(&p.term_ids[last - 1]);
    }
  };

  // Hard constraints, checked when a person is first met. The poster and the
  // people already involved are excluded by slot, so the check needs no guid.
  std::vector<uint32_t> excluded;
  for (Guid g : klus.involved) {
    if (auto it = p.slot_of.find(g); it != p.slot_of.end()) excluded.push_back(it->second);
  }
  if (auto it = p.slot_of.find(klus.poster); it != p.slot_of.end()) excluded.push_back(it->second);
  std::sort(excluded.begin(), excluded.end());
  KlusFacts facts;
  facts.region = klus.region;
  facts.remote = klus.remote;
  facts.hours_needed = klus.hours_needed;
  facts.accept_unknown_hours = klus.accept_unknown_hours;
  facts.from = klus.from;
  facts.to = klus.to;
  facts.open = true;  // a klus being drafted may ask for candidates too
  facts.poster = ~Guid{0};

  // Wanted skills by their most a person can earn from them, highest first
  // (the rare skills: short lists); the bound of what is not yet read.
  std::vector<float> slot_bound(slots.size(), 0);
  std::vector<size_t> slot_postings(slots.size(), 0);
  for (size_t s = 0; s < slots.size(); ++s) {
    float credit = 0;
    for (const Source& e : sources[s]) {
      credit = std::max(credit, e.credit);
      const std::vector<uint32_t>* list = e.inferred ? p.InferredList(e.key) : p.List(e.key);
      if (list) slot_postings[s] += list->size();
    }
    slot_bound[s] = slot_weights[s] * credit;
  }
  std::vector<uint32_t> order(slots.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return slot_bound[a] != slot_bound[b] ? slot_bound[a] > slot_bound[b]
                                          : slot_postings[a] < slot_postings[b];
  });
  // Text alone is capped at its weight. A BM25 per-word bound needs
  // tf / (tf + K) <= 1, i.e. K >= 0; otherwise no word-level pruning.
  const float text_bound = query_terms.empty() ? 0 : weights.text;
  const bool word_bounds_valid = length_base >= 0 && length_scale >= 0 && so.bm25_k1 >= 0;

  const bool gate_region = !klus.remote && klus.region != kNoRegion;
  auto gate_pass = [&](uint32_t gate) {
    if ((gate >> 8 & (kAlive | kDiscoverable)) != (kAlive | kDiscoverable)) return false;
    uint32_t region = gate & 0xFF;
    if (gate_region && region != kGateAnyRegion && region != klus.region) return false;
    uint32_t hours = gate >> 16;
    return hours >= 255 || !(static_cast<float>(hours + 1) <= klus.hours_needed);
  };

  const size_t wanted = query.offset + query.limit;
  // The exact top `wanted` among the people in slots [begin, end). Runs on
  // the calling thread or a helper (its own scratch space); reads shared
  // state only.
  auto search = [&](uint32_t range_begin, uint32_t range_end, CandidateStats& stats,
                    TopScores& found) {
    Scratch& scratch = ThreadScratch();
    // The part of a sorted list of slots that lies in [begin, end).
    auto in_range = [&](const uint32_t* docs, size_t n) {
      const uint32_t* first =
          range_begin == 0 ? docs : std::lower_bound(docs, docs + n, range_begin);
      const uint32_t* last =
          range_end >= p.slots() ? docs + n : std::lower_bound(first, docs + n, range_end);
      return std::pair<size_t, size_t>(first - docs, last - docs);
    };
    std::vector<std::pair<float, uint64_t>> top;
    {
      const bool prune = options_.prune_candidates;
      scratch.Prepare(p.slots());
      auto& acc = scratch.acc;
      auto& cands = scratch.cands;
      const uint32_t epoch = scratch.query_epoch;
      // The candidate for `doc`, admitted (constraints checked) on first sight;
      // kRejected when the person fails a constraint or is dead.
      auto admit = [&](uint32_t doc) -> uint32_t {
        if (!gate_pass(p.gate[doc])) return Scratch::kRejected;
        Scratch::Acc& a = acc[doc];
        if (a.epoch == epoch) return a.cand;
        a.epoch = epoch;
        a.cand = Scratch::kRejected;
        const People::Facts& f = p.facts[doc];
        if (!(f.flags & kAlive)) return a.cand;
        PersonFacts person{0, f.region, f.hours, f.from, f.to, (f.flags & kDiscoverable) != 0};
        if (CheckHardConstraints(person, facts, true) != Violation::kNone) return a.cand;
        if (!excluded.empty() && std::binary_search(excluded.begin(), excluded.end(), doc)) {
          return a.cand;
        }
        float factor =
            f.exposure > 0
                ? ExposureFactor(DecayedExposure(f.exposure, f.exposure_day, query.today, so), so)
                : 1.0f;
        a.cand = static_cast<uint32_t>(cands.size());
        cands.push_back({doc, 0, 0, factor, -1, false});
        ++stats.admitted;
        return a.cand;
      };
      // Calls visit(i, candidate) for the postings docs[from, n) of people
      // who pass the constraints. List walks are bound by cache misses, so a
      // block of postings is done in steps whose loads are independent of each
      // other (and overlap): the gates (the next block's prefetched), then the
      // accumulator and facts of those the gate lets by, then admission.
      auto walk = [&](const uint32_t* docs, size_t from, size_t n, auto&& visit) {
        uint32_t passed[kWalkBlock];
        for (size_t i = from; i < std::min(n, from + kWalkBlock); ++i) {
          __builtin_prefetch(&p.gate[docs[i]]);
        }
        for (size_t block = from; block < n; block += kWalkBlock) {
          const size_t end = std::min(n, block + kWalkBlock);
          for (size_t i = end; i < std::min(n, end + kWalkBlock); ++i) {
            __builtin_prefetch(&p.gate[docs[i]]);
          }
          size_t count = 0;
          for (size_t i = block; i < end; ++i) {
            passed[count] = static_cast<uint32_t>(i - block);
            count += gate_pass(p.gate[docs[i]]);
          }
          for (size_t j = 0; j < count; ++j) {
            const uint32_t doc = docs[block + passed[j]];
            __builtin_prefetch(&acc[doc]);
            __builtin_prefetch(&p.facts[doc]);
          }
          for (size_t j = 0; j < count; ++j) {
            const size_t i = block + passed[j];
            const uint32_t c = admit(docs[i]);
            if (c != Scratch::kRejected) visit(i, c);
          }
        }
      };
      // The candidate `doc` already is, else kRejected (nobody is admitted).
      auto found_candidate = [&](uint32_t doc) {
        const Scratch::Acc& a = acc[doc];
        return a.epoch == epoch ? a.cand : Scratch::kRejected;
      };
      // As `walk`, for people already found only: one accumulator read per
      // posting, the next block's prefetched.
      auto walk_found = [&](const uint32_t* docs, size_t from, size_t n, auto&& visit) {
        for (size_t i = from; i < std::min(n, from + kWalkBlock); ++i) {
          __builtin_prefetch(&acc[docs[i]]);
        }
        for (size_t block = from; block < n; block += kWalkBlock) {
          const size_t end = std::min(n, block + kWalkBlock);
          for (size_t i = end; i < std::min(n, end + kWalkBlock); ++i) {
            __builtin_prefetch(&acc[docs[i]]);
          }
          for (size_t i = block; i < end; ++i) {
            const uint32_t c = found_candidate(docs[i]);
            if (c != Scratch::kRejected) visit(i, c);
          }
        }
      };
      // Pruning is exact: a person is left out only when an upper bound of
      // their score is below `threshold`, a lower bound of the wanted-th best
      // score (float sums in another order: a small margin keeps it safe).
      auto below = [](float bound, float threshold) {
        return bound * (1 + 1e-5f) + 1e-6f < threshold;
      };
      float threshold = 0;
      // Catches up with the wanted-th best score found by every range so far.
      auto refresh = [&] {
        if (prune) threshold = std::max(threshold, found.floor());
      };
      // Raises `threshold` to the wanted-th best exact score among the people
      // with the best lower bounds so far.
      // The caller's may_see_klus, asked at most once per person and query.
      std::unordered_map<uint32_t, bool> visibility;
      auto visible = [&](uint32_t doc) {
        if (!query.may_see_klus) return true;
        auto [it, inserted] = visibility.try_emplace(doc, false);
        if (inserted) it->second = query.may_see_klus(p.guid[doc]);
        return it->second;
      };
      auto exact_of = [&](Scratch::Cand& c) {
        if (c.exact < 0) {
          ++stats.exact_scores;
          c.exact = exact_score_from(c.doc, exact_skill(c.doc), c.factor);
        }
        return c.exact;
      };
      // Counts a scored person among the best found, once, if the caller
      // accepts them (asked only when they would enter).
      auto offer = [&](Scratch::Cand& c) {
        if (c.offered) return;
        c.offered = true;
        if (found.Admits(c.exact) && visible(c.doc)) found.Add(c.exact);
      };
      // Scores exactly the `budget` people with the best lower bounds so far
      // (skill-matched ones) and counts them among the best found: raises the
      // threshold before more lists are read.
      auto raise_threshold = [&](size_t budget, uint32_t end) {
        if (!prune || end == 0) return;
        std::vector<std::pair<float, uint32_t>> lower;
        lower.reserve(end);
        for (uint32_t c = 0; c < end; ++c) {
          if (cands[c].exact < 0) lower.emplace_back(cands[c].partial * cands[c].factor, c);
        }
        size_t m = std::min(std::max(budget, wanted), lower.size());
        if (m < lower.size()) {
          std::nth_element(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(m - 1),
                           lower.end(), std::greater<>());
        }
        // Best lower bound first, so the floor rises early and fewer are asked.
        std::sort(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(m), std::greater<>());
        for (size_t i = 0; i < m; ++i) {
          if (i + 2 * kPrefetch < m) prefetch_offsets(cands[lower[i + 2 * kPrefetch].second].doc);
          if (i + kPrefetch < m) prefetch_lists(cands[lower[i + kPrefetch].second].doc);
          Scratch::Cand& c = cands[lower[i].second];
          exact_of(c);
          offer(c);
        }
        refresh();
      };
      // rest_after[i]: the most anyone can earn from the slots order[i..] and text.
      std::vector<float> rest_after(order.size() + 1, text_bound);
      for (size_t i = order.size(); i-- > 0;) {
        rest_after[i] = rest_after[i + 1] + slot_bound[order[i]];
      }
      // Once nobody new can reach the top, a wanted skill's lists are still
      // read while that is cheaper than the exact scores it saves: they only
      // credit people already found, which tightens their bounds.
      bool admitting = true;
      const double range_share =
          static_cast<double>(range_end - range_begin) / std::max<size_t>(1, p.slots());
      size_t read = 0;
      for (; read < order.size(); ++read) {
        const uint32_t s = order[read];
        if (prune && admitting) {
          raise_threshold(std::max<size_t>(2 * wanted, kSlotThresholdBudget),
                          static_cast<uint32_t>(cands.size()));
          if (below(rest_after[read], threshold))
            admitting = false;  // nobody new can reach the top
        }
        if (prune && !admitting) {
          refresh();
          size_t open = 0;  // people who would need an exact score now
          for (const Scratch::Cand& c : cands) {
            open += !below((c.partial + rest_after[read]) * c.factor, threshold);
          }
          const double postings = static_cast<double>(slot_postings[s]) * range_share;
          if (postings > kCreditOnlyPostingsPerPerson * static_cast<double>(open)) break;
        }
        ++stats.skills_read;
        const uint32_t mark = ++scratch.mark_counter;
        auto credit = [&](float add) {
          return [&cands, mark, add](size_t, uint32_t c) {
            if (cands[c].mark == mark) return;
            cands[c].mark = mark;
            cands[c].partial += add;
          };
        };
        for (const Source& e : sources[s]) {
          const float add = slot_weights[s] * e.credit;
          if (const std::vector<uint32_t>* list =
                  e.inferred ? p.InferredList(e.key) : p.List(e.key)) {
            const uint32_t* docs = list->data();
            const auto [from, n] = in_range(docs, list->size());
            stats.postings += n - from;
            if (admitting) {
              walk(docs, from, n, credit(add));
            } else {
              walk_found(docs, from, n, credit(add));
            }
          }
          if (query.may_see_restricted_skill && !e.inferred) {
            auto restricted = p.restricted_lists.find(e.key);
            if (restricted == p.restricted_lists.end()) continue;
            std::string external = ExternalIdOf(e.key);
            for (uint32_t doc : restricted->second) {
              if (doc < range_begin || doc >= range_end) continue;
              uint32_t c = admitting ? admit(doc) : found_candidate(doc);
              if (c == Scratch::kRejected || cands[c].mark == mark) continue;
              if (!query.may_see_restricted_skill(p.guid[doc], external)) continue;
              cands[c].mark = mark;
              cands[c].partial += add;
            }
          }
        }
      }
      const bool all_read = read == order.size();
      const float rest = rest_after[read];
      // People with no skill match can reach at most the text weight: only when
      // that could beat the threshold are the text lists walked for them.
      const uint32_t first_text = static_cast<uint32_t>(cands.size());
      float text_rest = 0;  // raw BM25 bound of the words not walked
      // (Not after credit-only reading: the threshold already beats the text weight.)
      if (all_read && admitting && !query_terms.empty()) {
        raise_threshold(kTextThresholdBudget, first_text);
      }
      refresh();
      if (all_read && !query_terms.empty() && !(prune && below(text_bound, threshold))) {
        // MaxScore over the words (highest idf first): once the words left
        // could not lift a new person to the threshold even together, their
        // lists only add to people already found in this pass.
        float needed = prune && weights.text > 0 ? threshold / weights.text * text_norm : 0;
        std::vector<float> rest_bound(query_terms.size() + 1, 0);
        for (size_t t = query_terms.size(); t-- > 0;) {
          rest_bound[t] = rest_bound[t + 1] + query_terms[t].idf * (so.bm25_k1 + 1);
        }
        for (size_t t = 0; t < query_terms.size(); ++t) {
          const QueryTerm& term = query_terms[t];
          bool may_add_people = !prune || !word_bounds_valid || !below(rest_bound[t], needed);
          if (!may_add_people) {
            // The words left only add to the people already found: their
            // exact text score comes from the forward lists instead.
            text_rest = rest_bound[t];
            break;
          }
          const auto& docs = p.text_docs[term.id];
          const auto& tfs = p.text_tfs[term.id];
          const auto [from, n] = in_range(docs.data(), docs.size());
          ++stats.text_words_read;
          stats.postings += n - from;
          walk(docs.data(), from, n, [&](size_t i, uint32_t c) {
            if (c < first_text) return;
            cands[c].partial += bm25(static_cast<float>(tfs[i]), term.idf, docs[i]);
          });
        }
      }
      // Exact scores, best bound first, until no bound can reach the
      // wanted-th best score found.
      refresh();
      std::vector<std::pair<float, uint32_t>> bounds;
      bounds.reserve(cands.size());
      for (uint32_t c = 0; c < cands.size(); ++c) {
        const Scratch::Cand& cand = cands[c];
        float bound = c >= first_text
                          ? weights.text * text_part(cand.partial + text_rest) * cand.factor
                          : (cand.partial + rest) * cand.factor;
        if (!(prune && below(bound, threshold))) bounds.emplace_back(bound, c);
      }
      // Sorted lazily, best first, in growing windows: most searches stop
      // within the first.
      size_t sorted = 0;
      auto sort_up_to = [&](size_t wanted_sorted) {
        wanted_sorted = std::min(wanted_sorted, bounds.size());
        if (wanted_sorted <= sorted) return;
        auto first = bounds.begin() + static_cast<std::ptrdiff_t>(sorted);
        auto last = bounds.begin() + static_cast<std::ptrdiff_t>(wanted_sorted);
        if (last != bounds.end()) std::nth_element(first, last - 1, bounds.end(), std::greater<>());
        std::sort(first, last, std::greater<>());
        sorted = wanted_sorted;
      };
      sort_up_to(1024);
      std::vector<std::pair<float, uint64_t>> scored;
      for (size_t b = 0; b < bounds.size(); ++b) {
        if (b + 2 * kPrefetch >= sorted) sort_up_to(4 * sorted);
        const auto& [bound, c] = bounds[b];
        if (b + 2 * kPrefetch < bounds.size()) {
          prefetch_offsets(cands[bounds[b + 2 * kPrefetch].second].doc);
        }
        if (b + kPrefetch < bounds.size()) prefetch_lists(cands[bounds[b + kPrefetch].second].doc);
        refresh();
        if (prune && below(bound, threshold)) break;
        Scratch::Cand& cand = cands[c];
        if (cand.exact < 0) {
          // The skill part is cheap; the text part only when it can matter.
          ++stats.exact_scores;
          float skill = exact_skill(cand.doc);
          if (prune && !all_read && below((skill + text_bound) * cand.factor, threshold)) continue;
          cand.exact = exact_score_from(cand.doc, skill, cand.factor);
        }
        if (cand.exact <= 0) continue;
        scored.emplace_back(cand.exact, p.guid[cand.doc]);
        offer(cand);
      }
      // Everyone left out scores below the threshold, at most the wanted-th
      // best score of people the caller accepts: the page is complete.
      top = SelectTop(&scored, wanted, [&](uint64_t guid) {
        auto it = p.slot_of.find(guid);
        return it != p.slot_of.end() && visible(it->second);
      });
    }
    return top;
  };

  CandidateStats stats;
  stats.skills = slots.size();
  stats.text_words = query_terms.size();
  // A split costs each range its own start: only worth it for long lists.
  size_t postings = 0;
  for (size_t n : slot_postings) postings += n;
  std::vector<std::pair<float, uint64_t>> top = SearchSplit(
      p.slots(), wanted, postings < options_.split_query_postings ? 1 : query.max_threads,
      [&](uint32_t begin, uint32_t end, CandidateStats& part, TopScores& found) {
        return search(begin, end, part, found);
      },
      &stats);
  if (query.stats) *query.stats = stats;
  std::vector<Match> page;
  for (size_t i = query.offset; i < top.size(); ++i) {
    Guid guid = top[i].second;
    uint32_t doc = p.slot_of.at(guid);
    Match match;
    match.person = guid;
    match.klus = klus.id;
    match.score = top[i].first;
    Explanation& why = match.why;
    // Usable skills: visible to every member, or allowed by the predicate.
    std::vector<SkillKey> usable;
    std::vector<uint8_t> usable_meta;
    std::vector<uint8_t> inferred;
    auto keys = p.skills(doc);
    auto meta = p.meta(doc);
    for (size_t j = 0; j < keys.size(); ++j) {
      if (meta[j] & kMetaInterest) continue;
      if ((meta[j] & kMetaInferred) && inferred_credit <= 0) continue;
      if ((meta[j] & kMetaRestricted) &&
          !(query.may_see_restricted_skill &&
            query.may_see_restricted_skill(guid, ExternalIdOf(keys[j])))) {
        continue;
      }
      usable.push_back(keys[j]);
      usable_meta.push_back(meta[j]);
      inferred.push_back((meta[j] & kMetaInferred) != 0);
    }
    for (const SkillSlot& slot : slots) {
      SlotMatch m = MatchSlotWeighted(slot, usable, inferred, inferred_credit);
      if (m.credit <= 0) {
        if (slot.required) why.missing_required.push_back(LabelOf(slot.key));
        continue;
      }
      (slot.required ? why.required_part : why.desired_part) += slot.weight * m.credit;
      size_t at = static_cast<size_t>(std::lower_bound(usable.begin(), usable.end(), m.matched) -
                                      usable.begin());
      SkillEvidence evidence{LabelOf(slot.key),
                             slot.required,
                             LabelOf(m.matched),
                             m.relation,
                             m.credit,
                             slot.idf,
                             static_cast<uint8_t>(usable_meta[at] & kMetaLevelMask),
                             SkillEvidence::Source::kListed,
                             {}};
      DescribeSource(vocabulary, so.display_lang, usable_meta[at], p.inferred_from[doc], &evidence);
      why.skills.push_back(std::move(evidence));
    }
    auto person_terms = p.terms(doc);
    for (const QueryTerm& term : query_terms) {
      auto at = std::lower_bound(
          person_terms.begin(), person_terms.end(), term.id,
          [](uint32_t packed, uint32_t id) { return (packed & kTermIdMask) < id; });
      if (at != person_terms.end() && (*at & kTermIdMask) == term.id &&
          std::find(why.text_words.begin(), why.text_words.end(), term.word) ==
              why.text_words.end()) {
        why.text_words.push_back(term.word);
      }
    }
    why.text_part = query_terms.empty() ? 0 : text_part(forward_bm25(doc));
    const People::Facts& f = p.facts[doc];
    why.exposure_factor =
        ExposureFactor(DecayedExposure(f.exposure, f.exposure_day, query.today, so), so);
    why.hours_available = f.hours;
    why.hours_needed = klus.hours_needed;
    why.overlap_from = std::max(f.from, klus.from);
    why.overlap_to = std::min(f.to, klus.to);
    why.person_region = f.region;
    why.klus_region = klus.region;
    why.remote = klus.remote;
    page.push_back(std::move(match));
  }
  return page;
}

Result<std::vector<Match>> MatchIndex::KlussenFor(Guid guid, const KlusQuery& query) const {
  KL_RETURN_IF_ERROR(CheckPage(query.offset, query.limit, options_));
  const ScoringOptions& so = options_.scoring;
  const float inferred_credit = options_.infer_skills ? so.inferred_credit : 0.0f;
  std::shared_lock lock(mu_);
  const People& p = *people_;
  const Klussen& k = *klussen_;
  const Vocabulary& vocabulary = analyzer_->vocabulary();
  auto found = p.slot_of.find(guid);
  if (found == p.slot_of.end()) return NotFound("no person " + std::to_string(guid));
  uint32_t doc = found->second;
  // The person's own view: all their skills count, restricted ones too;
  // inferred ones at inferred_credit.
  std::vector<SkillKey> skills;
  std::vector<uint8_t> skill_meta;
  std::vector<uint8_t> inferred;
  std::vector<SkillKey> interests;
  auto keys = p.skills(doc);
  auto meta = p.meta(doc);
  for (size_t j = 0; j < keys.size(); ++j) {
    if (meta[j] & kMetaInterest) {
      interests.push_back(keys[j]);
    } else if (!(meta[j] & kMetaInferred) || inferred_credit > 0) {
      skills.push_back(keys[j]);
      skill_meta.push_back(meta[j]);
      inferred.push_back((meta[j] & kMetaInferred) != 0);
    }
  }
  const std::vector<uint8_t> not_inferred(interests.size(), 0);
  // Every open klus the person may apply to is ranked. Only klussen that want
  // one of the person's skills or interests or a concept one hop away, or
  // share text, can score above 0: the others are not scored.
  std::vector<uint8_t> touched(k.records.size(), 0);
  auto touch_key = [&](SkillKey key) {
    auto list = k.skill_lists.find(key);
    if (list == k.skill_lists.end()) return;
    for (uint32_t slot : list->second) touched[slot] = 1;
  };
  for (const auto* list : {&skills, &interests}) {
    for (SkillKey key : *list) {
      touch_key(key);
      if (IsFreeKey(key) || !vocabulary.Contains(key)) continue;
      for (ConceptId n : vocabulary.Broader(key)) touch_key(n);
      for (ConceptId n : vocabulary.Narrower(key)) touch_key(n);
    }
  }
  // Text: the person's most distinctive words against klus texts.
  struct QueryTerm {
    uint32_t id;
    float idf;
  };
  std::vector<QueryTerm> query_terms;
  for (uint32_t packed : p.terms(doc)) {
    uint32_t term = packed & kTermIdMask;
    auto list = k.text_lists.find(term);
    if (list == k.text_lists.end()) continue;
    query_terms.push_back({term, Idf(list->second.size(), k.live)});
  }
  std::sort(query_terms.begin(), query_terms.end(),
            [](const QueryTerm& a, const QueryTerm& b) { return a.idf > b.idf; });
  if (query_terms.size() > so.max_query_terms) query_terms.resize(so.max_query_terms);
  float text_norm = 0;
  for (const QueryTerm& term : query_terms) text_norm += term.idf;
  std::vector<float> text(k.records.size(), 0.0f);
  float average_length =
      k.live ? static_cast<float>(static_cast<double>(k.total_text_length) / k.live) : 0;
  for (const QueryTerm& term : query_terms) {
    for (const auto& [slot, tf] : k.text_lists.at(term.id)) {
      touched[slot] = 1;
      text[slot] += Bm25(tf, term.idf, k.records[slot].text_length, average_length, so);
    }
  }
  PersonFacts person = p.person_facts(doc);
  struct Scored {
    float required = 0, desired = 0, interest = 0, text = 0;
  };
  std::unordered_map<uint32_t, Scored> parts;
  std::vector<std::pair<float, uint64_t>> scored;
  scored.reserve(k.live);
  for (uint32_t slot = 0; slot < k.records.size(); ++slot) {
    const Klussen::Record& r = k.records[slot];
    if (!r.alive || CheckHardConstraints(person, r.facts(), false) != Violation::kNone) continue;
    if (!touched[slot]) {
      scored.emplace_back(0.0f, r.id);  // nothing in common
      continue;
    }
    auto klus_slots = BuildSlots(vocabulary, r.required, r.desired, so,
                                 [&](SkillKey key) { return PeopleIdf(key); });
    Scored s;
    float interest_idf = 0;
    for (const SkillSlot& ks : klus_slots) {
      float credit = MatchSlotWeighted(ks, skills, inferred, inferred_credit).credit;
      (ks.required ? s.required : s.desired) += ks.weight * credit;
      s.interest += ks.idf * MatchSlot(ks, interests).credit;
      interest_idf += ks.idf;
    }
    s.interest = interest_idf > 0 ? s.interest / interest_idf : 0;
    s.text = text_norm > 0 ? std::min(1.0f, text[slot] / text_norm) : 0;
    PartWeights w = NormalisedWeights(!r.required.empty(), !r.desired.empty(), !query_terms.empty(),
                                      !interests.empty() && !klus_slots.empty(), so);
    float score =
        w.required * s.required + w.desired * s.desired + w.text * s.text + w.interest * s.interest;
    if (score > 0) parts[slot] = s;
    scored.emplace_back(std::max(score, 0.0f), r.id);
  }
  auto top = SelectTop(&scored, query.offset + query.limit,
                       [&](uint64_t id) { return !query.may_see_klus || query.may_see_klus(id); });
  std::vector<Match> page;
  for (size_t i = query.offset; i < top.size(); ++i) {
    uint32_t slot = k.slot_of.at(top[i].second);
    const Klussen::Record& r = k.records[slot];
    Match match;
    match.person = guid;
    match.klus = r.id;
    match.score = top[i].first;
    Explanation& why = match.why;
    auto klus_slots = BuildSlots(vocabulary, r.required, r.desired, so,
                                 [&](SkillKey key) { return PeopleIdf(key); });
    if (auto s = parts.find(slot); s != parts.end()) {
      why.required_part = s->second.required;
      why.desired_part = s->second.desired;
      why.text_part = s->second.text;
      why.interest_part = s->second.interest;
    }
    for (const SkillSlot& ks : klus_slots) {
      SlotMatch m = MatchSlotWeighted(ks, skills, inferred, inferred_credit);
      if (m.credit > 0) {
        size_t at = static_cast<size_t>(std::lower_bound(skills.begin(), skills.end(), m.matched) -
                                        skills.begin());
        SkillEvidence evidence{LabelOf(ks.key),
                               ks.required,
                               LabelOf(m.matched),
                               m.relation,
                               m.credit,
                               ks.idf,
                               static_cast<uint8_t>(skill_meta[at] & kMetaLevelMask),
                               SkillEvidence::Source::kListed,
                               {}};
        DescribeSource(vocabulary, so.display_lang, skill_meta[at], p.inferred_from[doc],
                       &evidence);
        why.skills.push_back(std::move(evidence));
      } else if (ks.required) {
        why.missing_required.push_back(LabelOf(ks.key));
      }
      if (MatchSlot(ks, interests).credit > 0) why.interests.push_back(LabelOf(ks.key));
    }
    for (const QueryTerm& term : query_terms) {
      if (std::binary_search(r.terms.begin(), r.terms.end(), term.id)) {
        why.text_words.push_back(term_words_[term.id]);  // the stem: klus text is not kept
      }
      if (why.text_words.size() >= 5) break;
    }
    why.hours_available = person.hours_available;
    why.hours_needed = r.hours;
    why.overlap_from = std::max(person.from, r.from);
    why.overlap_to = std::min(person.to, r.to);
    why.person_region = person.region;
    why.klus_region = r.region;
    why.remote = r.remote;
    page.push_back(std::move(match));
  }
  return page;
}

void MatchIndex::RecordShown(std::span<const Guid> people, Day today) {
  std::unique_lock lock(mu_);
  People& p = *people_;
  for (Guid guid : people) {
    auto found = p.slot_of.find(guid);
    if (found == p.slot_of.end()) continue;
    uint32_t s = found->second;
    People::Facts& f = p.facts[s];
    f.exposure = DecayedExposure(f.exposure, f.exposure_day, today, options_.scoring) + 1.0f;
    f.exposure_day = std::max(f.exposure_day, today);
  }
}

void MatchIndex::Compact() {
  std::unique_lock lock(mu_);
  CompactLocked();
}

void MatchIndex::CompactLocked() {
  People& p = *people_;
  std::vector<uint32_t> renumber(p.slots(), std::numeric_limits<uint32_t>::max());
  uint32_t next = 0;
  for (uint32_t s = 0; s < p.slots(); ++s) {
    if (p.alive(s)) renumber[s] = next++;
  }
  if (next != p.slots()) {
    People fresh;
    fresh.guid.reserve(next);
    for (uint32_t s = 0; s < p.slots(); ++s) {
      if (!p.alive(s)) continue;
      fresh.guid.push_back(p.guid[s]);
      fresh.facts.push_back(p.facts[s]);
      fresh.gate.push_back(p.gate[s]);
      fresh.text_length.push_back(p.text_length[s]);
      fresh.inferred_from.push_back(p.inferred_from[s]);
      auto keys = p.skills(s);
      auto meta = p.meta(s);
      fresh.skill_keys.insert(fresh.skill_keys.end(), keys.begin(), keys.end());
      fresh.skill_meta.insert(fresh.skill_meta.end(), meta.begin(), meta.end());
      fresh.skill_begin.push_back(static_cast<uint32_t>(fresh.skill_keys.size()));
      auto terms = p.terms(s);
      fresh.term_ids.insert(fresh.term_ids.end(), terms.begin(), terms.end());
      fresh.term_begin.push_back(static_cast<uint32_t>(fresh.term_ids.size()));
      fresh.slot_of[p.guid[s]] = renumber[s];
    }
    auto remap = [&](std::vector<uint32_t>* list, std::vector<uint8_t>* tfs) {
      size_t out = 0;
      for (size_t i = 0; i < list->size(); ++i) {
        uint32_t to = renumber[(*list)[i]];
        if (to == std::numeric_limits<uint32_t>::max()) continue;
        (*list)[out] = to;
        if (tfs) (*tfs)[out] = (*tfs)[i];
        ++out;
      }
      list->resize(out);
      if (tfs) tfs->resize(out);
    };
    for (auto& list : p.concept_lists) remap(&list, nullptr);
    for (auto& list : p.free_lists) remap(&list, nullptr);
    for (auto& [key, list] : p.restricted_lists) remap(&list, nullptr);
    for (auto& list : p.inferred_lists) remap(&list, nullptr);
    for (size_t t = 0; t < p.text_docs.size(); ++t) remap(&p.text_docs[t], &p.text_tfs[t]);
    fresh.concept_lists = std::move(p.concept_lists);
    fresh.concept_df = std::move(p.concept_df);
    fresh.free_lists = std::move(p.free_lists);
    fresh.free_df = std::move(p.free_df);
    fresh.restricted_lists = std::move(p.restricted_lists);
    fresh.inferred_lists = std::move(p.inferred_lists);
    fresh.text_docs = std::move(p.text_docs);
    fresh.text_tfs = std::move(p.text_tfs);
    fresh.text_df = std::move(p.text_df);
    fresh.live = p.live;
    fresh.dead = 0;
    fresh.total_text_length = p.total_text_length;
    *people_ = std::move(fresh);
  }
  People& q = *people_;
  for (auto& list : q.concept_lists) ShrinkList(&list);
  for (auto& list : q.free_lists) ShrinkList(&list);
  for (auto& [key, list] : q.restricted_lists) ShrinkList(&list);
  for (auto& list : q.inferred_lists) ShrinkList(&list);
  ShrinkList(&q.inferred_from);
  for (size_t t = 0; t < q.text_docs.size(); ++t) {
    ShrinkList(&q.text_docs[t]);
    ShrinkList(&q.text_tfs[t]);
  }
  ShrinkList(&q.guid);
  ShrinkList(&q.facts);
  ShrinkList(&q.gate);
  ShrinkList(&q.text_length);
  ShrinkList(&q.skill_begin);
  ShrinkList(&q.term_begin);
  ShrinkList(&q.skill_keys);
  ShrinkList(&q.skill_meta);
  ShrinkList(&q.term_ids);
  malloc_trim(0);  // give freed heap pages back to the system
}

IndexStats MatchIndex::Stats() const {
  std::shared_lock lock(mu_);
  IndexStats stats;
  const People& p = *people_;
  stats.people = p.live;
  stats.people_slots = p.slots();
  stats.klussen = klussen_->live;
  stats.free_terms = free_labels_.size();
  stats.text_terms = term_ids_.size();
  for (const auto& list : p.concept_lists) stats.skill_postings += list.size();
  for (const auto& list : p.free_lists) stats.skill_postings += list.size();
  for (const auto& list : p.inferred_lists) stats.inferred_postings += list.size();
  for (const auto& list : p.text_docs) stats.text_postings += list.size();
  return stats;
}

}  // namespace klussen::match
