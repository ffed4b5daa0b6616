// Text analysis for matching: normalisation, tokens, stopwords, stemming
// (Snowball "dutch" and "english" via libstemmer), Dutch compound splitting,
// and mapping typed skills to vocabulary concepts.
//
// Normalisation: lower case (ASCII, Latin-1 and Latin Extended-A), diacritics
// removed (é->e, ë->e, ß->ss, the ĳ ligature -> "ij"; "ij" itself is left as
// is), apostrophes dropped inside words (risico's -> risicos), every other
// non-letter/digit is a separator except '+' and '#' directly after a word
// (c++, c#). Invalid UTF-8 bytes are separators.
//
// Compound splitting: a Dutch word of 8+ letters that is not itself a known
// word is split into known words (words of the vocabulary's labels plus a
// small built-in list of common parts), longest head first, allowing the
// linking morphemes -s-, -en- and -e- ("data-analist" is two tokens anyway):
// "informatiebeveiligingsbeleid"
// -> informatiebeveiliging + beleid. Parts must be 3+ letters, at most 5; the
// last part may be inflected (its Dutch stem is a known word). A word-final
// "'s" (nota's) is dropped in normalisation, so Dutch plurals meet.
//
// Label mapping (MapSkill) tries, in order: the normalised text equals a
// label (preferred -> kPreferredLabel, else kAltLabel; also with spaces and
// hyphens removed, so "data analyse" = "data-analyse" = "dataanalyse"); the
// stemmed text (Dutch or English stems, stopwords removed) equals a stemmed
// label (kStemmed); a single compound word whose parts map (kCompoundPart,
// one mapping per part); otherwise a free term (kFreeTerm) whose key is the
// stemmed text, so "Beleidsnota's" and "beleidsnota" still meet.
//
// Threading: an Analyzer is immutable after construction; all const methods
// may run on many threads at once. libstemmer's sb_stemmer is not
// thread-safe, so each thread lazily creates its own stemmers
// (thread_local) and frees them when it exits; DocumentTerms and
// AnalyseLabel also keep bounded per-thread memos (of analysed words and
// labels).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "match/vocabulary.h"

namespace klussen::match {

// Lower-cased, diacritics removed, separators collapsed to one space.
std::string NormalizeText(std::string_view utf8);
// Tokens of NormalizeText (split on spaces).
std::vector<std::string> Tokenize(std::string_view utf8);
bool IsStopword(std::string_view normalized_token);
// The Snowball stem of a normalised token (thread_local stemmers).
std::string Stem(std::string_view normalized_token, Lang lang);
// Guesses nl or en from stopword counts; Dutch when unsure.
Lang DetectLanguage(const std::vector<std::string>& tokens);

enum class MatchKind : uint8_t { kPreferredLabel, kAltLabel, kStemmed, kCompoundPart, kFreeTerm };
std::string_view MatchKindName(MatchKind kind);  // "preferred_label", ...

struct SkillMapping {
  ConceptId concept_id = kNoConcept;  // kNoConcept for a free term
  MatchKind how = MatchKind::kFreeTerm;
  std::string matched_label;  // the vocabulary label that matched (display text)
  std::string free_term;      // the free-term key when concept == kNoConcept
};

// What a person's own words and listed skills suggest they can do beyond
// what they listed (Analyzer::Infer). Built only from the inputs given, which
// the caller must limit to what every member may see.
struct Inference {
  static constexpr OccupationId kNone = 0xFFFFFFFFu;
  OccupationId occupation = kNone;
  bool named = false;             // the text names the occupation (else: the listed skills fit it)
  uint32_t label_index = 0;       // the occupation label the text names
  std::vector<ConceptId> likely;  // the occupation's essential skills
  std::vector<ConceptId> mentioned;  // skills the text names by one of their labels
};

class Analyzer {
 public:
  static constexpr size_t kMaxInputBytes = 64 * 1024;  // longer text is cut (at a char boundary)

  explicit Analyzer(std::shared_ptr<const Vocabulary> vocabulary);

  const Vocabulary& vocabulary() const { return *vocabulary_; }
  std::shared_ptr<const Vocabulary> shared_vocabulary() const { return vocabulary_; }

  // Maps a typed skill to concepts (one, or one per compound part) or a free
  // term. Empty text (after normalisation) yields an empty vector.
  std::vector<SkillMapping> MapSkill(std::string_view typed) const;

  // Index terms of a document's text: stopwords removed, stemmed in `lang`
  // (detected when null), plus the stems of compound parts.
  std::vector<std::string> DocumentTerms(std::string_view text, const Lang* lang = nullptr) const;
  // The same of text already tokenised: DocumentTerms(text, lang) ==
  // DocumentTermsOfTokens(Tokenize(text), lang).
  std::vector<std::string> DocumentTermsOfTokens(const std::vector<std::string>& tokens,
                                                 const Lang* lang = nullptr) const;

  // What one typed skill label contributes to a person's document, as the
  // plain calls give it: MapSkill(label) when asked for (`mapped` says so):
  // the concepts of its mappings in order, or the key of its free term
  // (MapSkill yields either concepts or one free term); and
  // DocumentTerms(label) stemmed as Dutch (`nl`) and as English (`en`).
  // Labels repeat across profiles (a bulk load meets the same thousands again
  // and again), so the answers are memoised per thread, bounded (about the
  // least recently used half is dropped when full). The reference stays
  // valid until this thread's next AnalyseLabel call.
  struct LabelAnalysis {
    bool mapped = false;
    std::vector<ConceptId> concepts;
    std::string free_term;
    std::vector<std::string> nl;
    std::vector<std::string> en;
  };
  static constexpr size_t kMaxCachedLabels = 32768;
  const LabelAnalysis& AnalyseLabel(std::string_view label, bool with_mapping) const;
  // Query terms: as DocumentTerms, stemmed in the language the stopwords
  // clearly show (2+ stopwords, twice as many as the other language's), else
  // in both (deduplicated): a short query says little about its language. `originals` (if
  // given) receives, per term, the word it came from, for explanations.
  std::vector<std::string> QueryTerms(std::string_view text,
                                      std::vector<std::string>* originals = nullptr) const;

  // Occupations and skills named in `text` (labels matched word for word,
  // after normalisation; the longest label wins at each place; an occupation
  // label shared by several occupations is ignored; a skill label of one
  // word counts when it has 6+ letters), else the occupation that
  // `listed` skills fit best (3+ of them among its skills, at least half of
  // those considered; skills in more than kMaxOccupationsPerSkill
  // occupations say little and are skipped). The first occupation named wins.
  static constexpr size_t kMaxOccupationsPerSkill = 150;
  Inference Infer(std::string_view text, std::span<const ConceptId> listed) const;
  // The same of text already tokenised: Infer(text, listed) ==
  // InferFromTokens(Tokenize(text), listed) for text of at most kMaxInputBytes.
  Inference InferFromTokens(const std::vector<std::string>& tokens,
                            std::span<const ConceptId> listed) const;
  bool has_occupations() const { return !vocabulary_->occupations().empty(); }

  // The parts of a compound word (normalised), or empty when it is not one.
  std::vector<std::string> SplitCompound(std::string_view normalized_word) const;
  bool IsKnownWord(std::string_view normalized_word) const;

 private:
  struct LabelRef {
    ConceptId concept_id;
    uint32_t label_index;
  };
  void AddLabelKeys(ConceptId concept_id, uint32_t label_index, const Label& label, bool preferred);
  bool SplitInto(std::string_view word, int depth, std::vector<std::string>* parts) const;
  const LabelRef* FindExact(const std::vector<std::string>& tokens) const;
  const LabelRef* FindStemmed(const std::vector<std::string>& tokens) const;
  SkillMapping Mapping(const LabelRef& ref, MatchKind how) const;

  uint64_t id_;  // unique per Analyzer, keys the per-thread term cache
  std::shared_ptr<const Vocabulary> vocabulary_;
  StringMap<LabelRef> exact_;    // "data analyse" and "dataanalyse"
  StringMap<LabelRef> stemmed_;  // compact stem keys, nl and en
  StringSet known_words_;        // for compound splitting
  // Occupation label (normalised tokens joined by spaces) -> (occupation,
  // label index); kNone when several occupations share it.
  StringMap<std::pair<OccupationId, uint32_t>> occupation_labels_;
  StringSet label_prefixes_;  // proper word prefixes of occupation and skill labels
  std::vector<std::vector<OccupationId>> occupations_of_;  // by skill concept
};

}  // namespace klussen::match
