#include "match/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <unordered_map>

namespace klussen::match {

namespace {

// Folds one code point to lower-case ASCII (possibly 2 letters), "" for a
// combining mark, or nullptr when it is not a letter we fold (a separator,
// unless it is a letter outside Latin, which is kept as UTF-8).
const char* FoldLatin(uint32_t cp) {
  // U+00C0..U+00FF (Latin-1 letters); "" marks × and ÷ (separators).
  static constexpr std::array<const char*, 64> kLatin1 = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char* folded = kLatin1[cp - 0xC0];
    return *folded ? folded : nullptr;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    struct Range {
      uint32_t last;
      const char* letter;
    };
    static constexpr Range kExtendedA[] = {
        {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
        {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
        {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
        {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"}};
    for (const Range& range : kExtendedA) {
      if (cp <= range.last) return range.letter;
    }
  }
  if (cp >= 0x300 && cp <= 0x36F) return "";  // combining diacritical marks
  return nullptr;
}

// Decodes one UTF-8 code point at text[*pos]; advances *pos. Yields
// 0xFFFFFFFF for an invalid sequence (one byte consumed).
uint32_t DecodeUtf8(std::string_view text, size_t* pos) {
  unsigned char c = static_cast<unsigned char>(text[*pos]);
  int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || *pos + static_cast<size_t>(length) > text.size()) {
    ++*pos;
    return 0xFFFFFFFF;
  }
  uint32_t cp = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
  for (int i = 1; i < length; ++i) {
    unsigned char next = static_cast<unsigned char>(text[*pos + static_cast<size_t>(i)]);
    if ((next >> 6) != 0x2) {
      ++*pos;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *pos += static_cast<size_t>(length);
  return cp;
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// After an apostrophe inside a word: the Dutch plural "'s" at the end of a
// word is dropped with it (nota's -> nota, risico's -> risico), so plurals
// meet their singular; other apostrophes just disappear (d'r -> dr). Yields
// how many bytes after the apostrophe to skip.
size_t ApostropheS(std::string_view text, size_t pos) {
  if (pos < text.size() && (text[pos] == 's' || text[pos] == 'S')) {
    size_t after = pos + 1;
    if (after >= text.size() || !IsAsciiAlnum(static_cast<char>(text[after] | 0x20))) return 1;
  }
  return 0;
}

constexpr std::string_view kDutchStopwords[] = {
    "aan",    "al",     "als",    "bij",   "daar",    "dan",   "dat",   "de",    "deze",   "die",
    "dit",    "doen",   "door",   "dus",   "een",     "en",    "er",    "ga",    "gaan",   "had",
    "heb",    "hebben", "heeft",  "hem",   "het",     "hier",  "hij",   "hoe",   "hun",    "ik",
    "in",     "is",     "je",     "jij",   "jou",     "jouw",  "kan",   "kun",   "kunnen", "maar",
    "me",     "meer",   "men",    "met",   "mij",     "mijn",  "moet",  "na",    "naar",   "niet",
    "nog",    "nu",     "of",     "om",    "omdat",   "ons",   "onze",  "ook",   "op",     "over",
    "te",     "tegen",  "toch",   "toe",   "tot",     "u",     "uit",   "uw",    "van",    "veel",
    "voor",   "waar",   "wat",    "we",    "wel",     "werd",  "wij",   "wie",   "wil",    "wordt",
    "worden", "zal",    "ze",     "zich",  "zij",     "zijn",  "zo",    "zoals", "zonder", "zou",
    "binnen", "onder",  "tussen", "wordt", "waarbij", "welke", "graag", "ben",   "bent"};
constexpr std::string_view kEnglishStopwords[] = {
    "a",    "about", "after",  "all",   "also",  "an",   "and",     "any",       "are",   "as",
    "at",   "be",    "been",   "being", "but",   "by",   "can",     "could",     "do",    "does",
    "for",  "from",  "had",    "has",   "have",  "he",   "her",     "his",       "how",   "i",
    "if",   "in",    "into",   "is",    "it",    "its",  "may",     "more",      "most",  "must",
    "my",   "no",    "not",    "of",    "on",    "one",  "or",      "other",     "our",   "out",
    "over", "she",   "should", "so",    "some",  "such", "than",    "that",      "the",   "their",
    "them", "then",  "there",  "these", "they",  "this", "those",   "through",   "to",    "under",
    "up",   "us",    "use",    "used",  "using", "very", "was",     "we",        "were",  "what",
    "when", "where", "which",  "while", "who",   "will", "with",    "within",    "would", "you",
    "your", "e.g",   "etc",    "well",  "both",  "each", "between", "including", "per"};

// One lookup per token: bit 1 Dutch stopword, bit 2 English stopword.
const std::unordered_map<std::string_view, uint8_t>& Stopwords() {
  static const std::unordered_map<std::string_view, uint8_t> map = [] {
    std::unordered_map<std::string_view, uint8_t> m;
    for (std::string_view w : kDutchStopwords) m[w] |= 1;
    for (std::string_view w : kEnglishStopwords) m[w] |= 2;
    return m;
  }();
  return map;
}

uint8_t StopwordBits(std::string_view token) {
  auto found = Stopwords().find(token);
  return found == Stopwords().end() ? 0 : found->second;
}

// Common parts of Dutch government compounds, so splitting works beyond the
// vocabulary's own words ("beleidsmedewerker", "projectleider").
constexpr std::string_view kCompoundParts[] = {
    "beleid",       "advies",       "adviseur",     "medewerker", "leider",      "manager",
    "plan",         "nota",         "stuk",         "brief",      "rapport",     "overleg",
    "traject",      "project",      "proces",       "team",       "groep",       "dienst",
    "analyse",      "analist",      "data",         "informatie", "beveiliging", "onderzoek",
    "onderzoeker",  "ontwikkeling", "ontwikkelaar", "gemeente",   "provincie",   "rijk",
    "ministerie",   "wet",          "regel",        "recht",      "bestuur",     "organisatie",
    "communicatie", "tekst",        "schrijver",    "taal",       "web",         "pagina",
    "systeem",      "software",     "programma",    "financien",  "begroting",   "subsidie",
    "inkoop",       "contract",     "risico",       "kaart",      "geo",         "zorg",
    "werk",         "vraag",        "verzoek",      "aanvraag",   "besluit",     "archief",
    "document",     "beheer",       "kennis",       "netwerk",    "sessie",      "gesprek",
    "burger",       "inwoner",      "klant",        "veiligheid", "privacy",     "energie",
    "klimaat",      "ruimte",       "verkeer",      "onderwijs"};

struct ThreadStemmers {
  sb_stemmer* dutch = nullptr;
  sb_stemmer* english = nullptr;
  ~ThreadStemmers() {
    if (dutch) sb_stemmer_delete(dutch);
    if (english) sb_stemmer_delete(english);
  }
  sb_stemmer* For(Lang lang) {
    sb_stemmer*& slot = lang == Lang::kNl ? dutch : english;
    if (slot == nullptr) slot = sb_stemmer_new(lang == Lang::kNl ? "dutch" : "english", "UTF_8");
    return slot;
  }
};

uint64_t NextAnalyzerId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

std::string JoinTokens(const std::vector<std::string>& tokens, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) out += separator;
    out += tokens[i];
  }
  return out;
}

// Stems of the non-stopword tokens, joined without separators (so compound
// and separate spellings meet).
std::string StemKey(const std::vector<std::string>& tokens, Lang lang) {
  std::string key;
  for (const std::string& token : tokens) {
    if (IsStopword(token) && tokens.size() > 1) continue;
    key += Stem(token, lang);
  }
  return key;
}

}  // namespace

std::string NormalizeText(std::string_view text) {
  if (text.size() > Analyzer::kMaxInputBytes) text = text.substr(0, Analyzer::kMaxInputBytes);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto put = [&](std::string_view piece) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(piece);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t cp = DecodeUtf8(text, &pos);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (IsAsciiAlnum(c)) {
        put(std::string_view(&c, 1));
      } else if ((c == '+' || c == '#') && !pending_space && !out.empty() && out.back() != ' ') {
        out.push_back(c);  // c++, c#
      } else if (c == '\'' && !pending_space && !out.empty() && out.back() != ' ' &&
                 pos < text.size() && IsAsciiAlnum(static_cast<char>(text[pos] | 0x20))) {
        pos += ApostropheS(text, pos);
      } else {
        pending_space = true;
      }
      continue;
    }
    if (cp == 0x2019 && !pending_space && !out.empty() && out.back() != ' ') {  // ’
      pos += ApostropheS(text, pos);
      continue;
    }
    const char* folded = cp == 0xFFFFFFFF ? nullptr : FoldLatin(cp);
    if (folded != nullptr) {
      if (*folded) put(folded);
      continue;
    }
    if (cp != 0xFFFFFFFF && cp >= 0x370 && cp < 0x2000) {
      // Letters of other scripts are kept as they are (no folding).
      char buffer[4];
      size_t n = cp < 0x800 ? 2 : 3;
      if (n == 2) {
        buffer[0] = static_cast<char>(0xC0 | (cp >> 6));
        buffer[1] = static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        buffer[0] = static_cast<char>(0xE0 | (cp >> 12));
        buffer[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        buffer[2] = static_cast<char>(0x80 | (cp & 0x3F));
      }
      put(std::string_view(buffer, n));
      continue;
    }
    pending_space = true;
  }
  return out;
}

std::vector<std::string> Tokenize(std::string_view text) {
  std::string normalized = NormalizeText(text);
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < normalized.size()) {
    size_t end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    if (end > start) tokens.emplace_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

bool IsStopword(std::string_view token) { return StopwordBits(token) != 0; }

std::string Stem(std::string_view token, Lang lang) {
  thread_local ThreadStemmers stemmers;
  sb_stemmer* stemmer = stemmers.For(lang);
  if (stemmer == nullptr || token.size() > 64) return std::string(token);
  const sb_symbol* stemmed = sb_stemmer_stem(
      stemmer, reinterpret_cast<const sb_symbol*>(token.data()), static_cast<int>(token.size()));
  if (stemmed == nullptr) return std::string(token);  // out of memory: keep the word
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

Lang DetectLanguage(const std::vector<std::string>& tokens) {
  int dutch = 0;
  int english = 0;
  for (const std::string& token : tokens) {
    uint8_t bits = StopwordBits(token);
    dutch += (bits & 1) != 0;
    english += (bits & 2) != 0;
  }
  return english > dutch ? Lang::kEn : Lang::kNl;
}

std::string_view MatchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::kPreferredLabel:
      return "preferred_label";
    case MatchKind::kAltLabel:
      return "alt_label";
    case MatchKind::kStemmed:
      return "stemmed";
    case MatchKind::kCompoundPart:
      return "compound_part";
    case MatchKind::kFreeTerm:
      return "free_term";
  }
  return "free_term";
}

Analyzer::Analyzer(std::shared_ptr<const Vocabulary> vocabulary)
    : id_(NextAnalyzerId()), vocabulary_(std::move(vocabulary)) {
  for (std::string_view part : kCompoundParts) known_words_.emplace(part);
  // Preferred labels first, so an alternative label of another concept never
  // takes a key a preferred label already holds.
  for (int pass = 0; pass < 2; ++pass) {
    for (ConceptId id = 0; id < vocabulary_->size(); ++id) {
      const auto& labels = vocabulary_->Labels(id);
      for (uint32_t i = 0; i < labels.size(); ++i) {
        bool preferred = labels[i].kind == LabelKind::kPreferred;
        if (preferred == (pass == 0)) AddLabelKeys(id, i, labels[i], preferred);
      }
    }
  }
  // Every proper word prefix of a label ("use", "use spreadsheets" for
  // "use spreadsheets software"): Infer extends a match only through them.
  auto note_prefixes = [&](const std::string& key) {
    for (size_t space = key.find(' '); space != std::string::npos;
         space = key.find(' ', space + 1)) {
      label_prefixes_.insert(key.substr(0, space));
    }
  };
  for (const auto& [key, ref] : exact_) note_prefixes(key);
  const auto& occupations = vocabulary_->occupations();
  if (occupations.empty()) return;
  occupations_of_.resize(vocabulary_->size());
  for (OccupationId o = 0; o < occupations.size(); ++o) {
    for (const auto* skills : {&occupations[o].essential, &occupations[o].optional}) {
      for (ConceptId c : *skills) {
        if (c < occupations_of_.size()) occupations_of_[c].push_back(o);
      }
    }
    const auto& labels = occupations[o].labels;
    for (uint32_t i = 0; i < labels.size(); ++i) {
      std::vector<std::string> tokens = Tokenize(labels[i].text);
      if (tokens.empty() || tokens.size() > 8) continue;
      auto [it, inserted] = occupation_labels_.try_emplace(JoinTokens(tokens, " "), o, i);
      if (!inserted && it->second.first != o) it->second.first = Inference::kNone;
      note_prefixes(JoinTokens(tokens, " "));
    }
  }
}

Inference Analyzer::Infer(std::string_view text, std::span<const ConceptId> listed) const {
  return InferFromTokens(Tokenize(text.substr(0, std::min(text.size(), kMaxInputBytes))), listed);
}

Inference Analyzer::InferFromTokens(const std::vector<std::string>& tokens,
                                    std::span<const ConceptId> listed) const {
  Inference out;
  constexpr size_t kMaxWords = 8;
  std::string key;
  for (size_t i = 0; i < tokens.size();) {
    if (IsStopword(tokens[i])) {
      ++i;
      continue;
    }
    // The longest label starting here: extend while the words so far begin
    // some label (label_prefixes_), so most places cost one or two lookups.
    size_t best = 0;
    OccupationId occupation = Inference::kNone;
    uint32_t label_index = 0;
    ConceptId skill = kNoConcept;
    key = tokens[i];
    for (size_t n = 1; n <= std::min(kMaxWords, tokens.size() - i); ++n) {
      if (n > 1) (key += ' ') += tokens[i + n - 1];
      if (auto o = occupation_labels_.find(key); o != occupation_labels_.end()) {
        best = n;
        occupation = o->second.first;
        label_index = o->second.second;
        skill = kNoConcept;
      } else if (n > 1 || key.size() >= 6) {
        if (auto c = exact_.find(key); c != exact_.end()) {
          best = n;
          occupation = Inference::kNone;
          skill = c->second.concept_id;
        }
      }
      if (label_prefixes_.find(key) == label_prefixes_.end()) break;
    }
    if (best == 0) {
      ++i;
      continue;
    }
    if (skill != kNoConcept) {
      if (std::find(out.mentioned.begin(), out.mentioned.end(), skill) == out.mentioned.end()) {
        out.mentioned.push_back(skill);
      }
    } else if (occupation != Inference::kNone && out.occupation == Inference::kNone) {
      out.occupation = occupation;
      out.label_index = label_index;
      out.named = true;
    }
    i += best;
  }
  const auto& occupations = vocabulary_->occupations();
  if (out.occupation == Inference::kNone && !occupations_of_.empty()) {
    // The occupation most of the listed (and named) skills belong to. Dense
    // per-thread counters: this runs for every person of a bulk load.
    thread_local std::vector<uint16_t> hits;
    thread_local std::vector<OccupationId> touched;
    if (hits.size() < occupations.size()) hits.assign(occupations.size(), 0);
    touched.clear();
    size_t considered = 0;
    auto count = [&](ConceptId c) {
      if (c >= occupations_of_.size() || occupations_of_[c].empty() ||
          occupations_of_[c].size() > kMaxOccupationsPerSkill) {
        return;
      }
      ++considered;
      for (OccupationId o : occupations_of_[c]) {
        if (hits[o]++ == 0) touched.push_back(o);
      }
    };
    for (ConceptId c : listed) count(c);
    for (ConceptId c : out.mentioned) {
      if (std::find(listed.begin(), listed.end(), c) == listed.end()) count(c);
    }
    uint32_t best = 0;
    for (OccupationId o : touched) {
      const uint32_t n = hits[o];
      hits[o] = 0;
      if (n > best || (n == best && o < out.occupation)) {
        best = n;
        out.occupation = o;
      }
    }
    if (best < 3 || 2 * best < considered) out.occupation = Inference::kNone;
  }
  if (out.occupation != Inference::kNone) out.likely = occupations[out.occupation].essential;
  return out;
}

void Analyzer::AddLabelKeys(ConceptId concept_id, uint32_t label_index, const Label& label,
                            bool /*preferred*/) {
  std::vector<std::string> tokens = Tokenize(label.text);
  if (tokens.empty()) return;
  LabelRef ref{concept_id, label_index};
  exact_.try_emplace(JoinTokens(tokens, " "), ref);
  if (tokens.size() > 1) exact_.try_emplace(JoinTokens(tokens, ""), ref);
  stemmed_.try_emplace(StemKey(tokens, Lang::kNl), ref);
  stemmed_.try_emplace(StemKey(tokens, Lang::kEn), ref);
  for (const std::string& token : tokens) {
    if (token.size() >= 4 && !IsStopword(token)) known_words_.insert(token);
  }
}

bool Analyzer::IsKnownWord(std::string_view word) const {
  return known_words_.find(word) != known_words_.end();
}

bool Analyzer::SplitInto(std::string_view word, int depth, std::vector<std::string>* parts) const {
  constexpr size_t kMinPart = 3;
  if (depth > 4) return false;
  // A last part may be inflected (vraagstukken -> vraagstuk).
  if (word.size() >= kMinPart && (IsKnownWord(word) || IsKnownWord(Stem(word, Lang::kNl)))) {
    parts->emplace_back(word);
    return true;
  }
  if (word.size() < 2 * kMinPart) return false;
  for (size_t head = word.size() - kMinPart; head >= kMinPart; --head) {
    std::string_view first = word.substr(0, head);
    if (!IsKnownWord(first)) continue;
    std::string_view rest = word.substr(head);
    for (std::string_view link : {"", "s", "en", "e"}) {
      if (rest.substr(0, link.size()) != link) continue;
      std::string_view tail = rest.substr(link.size());
      if (tail.size() < kMinPart) continue;
      size_t mark = parts->size();
      parts->emplace_back(first);
      if (SplitInto(tail, depth + 1, parts)) return true;
      parts->resize(mark);
    }
  }
  return false;
}

std::vector<std::string> Analyzer::SplitCompound(std::string_view word) const {
  std::vector<std::string> parts;
  if (word.size() < 8 || IsKnownWord(word)) return parts;
  if (!SplitInto(word, 0, &parts) || parts.size() < 2) parts.clear();
  return parts;
}

const Analyzer::LabelRef* Analyzer::FindExact(const std::vector<std::string>& tokens) const {
  auto found = exact_.find(JoinTokens(tokens, " "));
  if (found == exact_.end() && tokens.size() > 1) found = exact_.find(JoinTokens(tokens, ""));
  return found == exact_.end() ? nullptr : &found->second;
}

const Analyzer::LabelRef* Analyzer::FindStemmed(const std::vector<std::string>& tokens) const {
  for (Lang lang : {Lang::kNl, Lang::kEn}) {
    auto found = stemmed_.find(StemKey(tokens, lang));
    if (found != stemmed_.end()) return &found->second;
  }
  return nullptr;
}

SkillMapping Analyzer::Mapping(const LabelRef& ref, MatchKind how) const {
  SkillMapping mapping;
  mapping.concept_id = ref.concept_id;
  mapping.how = how;
  mapping.matched_label = vocabulary_->Labels(ref.concept_id)[ref.label_index].text;
  return mapping;
}

std::vector<SkillMapping> Analyzer::MapSkill(std::string_view typed) const {
  std::vector<std::string> tokens = Tokenize(typed);
  if (tokens.empty()) return {};
  if (const LabelRef* ref = FindExact(tokens)) {
    bool preferred =
        vocabulary_->Labels(ref->concept_id)[ref->label_index].kind == LabelKind::kPreferred;
    return {Mapping(*ref, preferred ? MatchKind::kPreferredLabel : MatchKind::kAltLabel)};
  }
  if (const LabelRef* ref = FindStemmed(tokens)) return {Mapping(*ref, MatchKind::kStemmed)};
  if (tokens.size() == 1) {
    std::vector<SkillMapping> parts;
    for (const std::string& part : SplitCompound(tokens[0])) {
      std::vector<std::string> one{part};
      const LabelRef* ref = FindExact(one);
      if (ref == nullptr) ref = FindStemmed(one);
      if (ref == nullptr) continue;
      bool duplicate = std::any_of(parts.begin(), parts.end(), [&](const SkillMapping& m) {
        return m.concept_id == ref->concept_id;
      });
      if (!duplicate) parts.push_back(Mapping(*ref, MatchKind::kCompoundPart));
    }
    if (!parts.empty()) return parts;
  }
  SkillMapping free;
  free.how = MatchKind::kFreeTerm;
  free.free_term = StemKey(tokens, Lang::kNl);
  return {free};
}

namespace {

void AddUniqueTerm(std::vector<std::string>* terms, std::vector<std::string>* originals,
                   std::string term, const std::string& original) {
  if (term.empty() || std::find(terms->begin(), terms->end(), term) != terms->end()) return;
  terms->push_back(std::move(term));
  if (originals) originals->push_back(original);
}

}  // namespace

namespace {

// Per-thread memo of token -> index terms (stem, plus the stems of compound
// parts), per analyzer and language: words repeat a lot across profiles, and
// splitting probes many prefixes. Bounded; cleared when full.
struct TermCache {
  uint64_t analyzer = 0;
  StringMap<std::vector<std::string>> by_lang[2];
};
constexpr size_t kMaxCachedTokens = 100000;

}  // namespace

std::vector<std::string> Analyzer::DocumentTerms(std::string_view text, const Lang* lang) const {
  return DocumentTermsOfTokens(Tokenize(text), lang);
}

std::vector<std::string> Analyzer::DocumentTermsOfTokens(const std::vector<std::string>& tokens,
                                                         const Lang* lang) const {
  thread_local TermCache cache;
  if (cache.analyzer != id_) {
    cache.analyzer = id_;
    cache.by_lang[0].clear();
    cache.by_lang[1].clear();
  }
  Lang language = lang ? *lang : DetectLanguage(tokens);
  auto& memo = cache.by_lang[language == Lang::kNl ? 0 : 1];
  std::vector<std::string> terms;
  terms.reserve(tokens.size() + 4);
  for (const std::string& token : tokens) {
    if (IsStopword(token)) continue;
    auto found = memo.find(token);
    if (found == memo.end()) {
      std::vector<std::string> analysed{Stem(token, language)};
      if (language == Lang::kNl) {
        for (const std::string& part : SplitCompound(token)) {
          analysed.push_back(Stem(part, language));
        }
      }
      if (memo.size() >= kMaxCachedTokens) memo.clear();
      found = memo.emplace(token, std::move(analysed)).first;
    }
    terms.insert(terms.end(), found->second.begin(), found->second.end());
  }
  return terms;
}

namespace {

// Per-thread memo of AnalyseLabel, per analyzer: two generations, lookups
// move an entry from the old one to the current one, and when the current
// one is full the old one is dropped (an approximate LRU without per-entry
// bookkeeping).
struct LabelCache {
  uint64_t analyzer = 0;
  StringMap<Analyzer::LabelAnalysis> current;
  StringMap<Analyzer::LabelAnalysis> old;
};

}  // namespace

const Analyzer::LabelAnalysis& Analyzer::AnalyseLabel(std::string_view label,
                                                      bool with_mapping) const {
  thread_local LabelCache cache;
  if (cache.analyzer != id_) {
    cache.analyzer = id_;
    cache.current.clear();
    cache.old.clear();
  }
  auto found = cache.current.find(label);
  if (found == cache.current.end()) {
    if (cache.current.size() >= kMaxCachedLabels / 2) {
      cache.old = std::move(cache.current);
      cache.current.clear();
    }
    LabelAnalysis analysis;
    if (auto previous = cache.old.find(label); previous != cache.old.end()) {
      analysis = std::move(previous->second);
      cache.old.erase(previous);
    } else {
      std::vector<std::string> tokens = Tokenize(label);
      static constexpr Lang kNl = Lang::kNl;
      static constexpr Lang kEn = Lang::kEn;
      analysis.nl = DocumentTermsOfTokens(tokens, &kNl);
      analysis.en = DocumentTermsOfTokens(tokens, &kEn);
    }
    found = cache.current.emplace(label, std::move(analysis)).first;
  }
  LabelAnalysis& analysis = found->second;
  if (with_mapping && !analysis.mapped) {
    for (SkillMapping& m : MapSkill(label)) {
      if (m.concept_id != kNoConcept) {
        analysis.concepts.push_back(m.concept_id);
      } else {
        analysis.free_term = std::move(m.free_term);
      }
    }
    analysis.mapped = true;
  }
  return analysis;
}

std::vector<std::string> Analyzer::QueryTerms(std::string_view text,
                                              std::vector<std::string>* originals) const {
  std::vector<std::string> tokens = Tokenize(text);
  // A text with clear stopword evidence is stemmed in its language only,
  // as the documents are; a short query in both.
  int dutch = 0;
  int english = 0;
  for (const std::string& token : tokens) {
    uint8_t bits = StopwordBits(token);
    dutch += (bits & 1) != 0;
    english += (bits & 2) != 0;
  }
  bool only_dutch = dutch >= 2 && dutch >= 2 * english;
  bool only_english = english >= 2 && english >= 2 * dutch;
  std::vector<std::string> terms;
  for (const std::string& token : tokens) {
    if (IsStopword(token)) continue;
    if (!only_english) AddUniqueTerm(&terms, originals, Stem(token, Lang::kNl), token);
    if (!only_dutch) AddUniqueTerm(&terms, originals, Stem(token, Lang::kEn), token);
    for (const std::string& part : SplitCompound(token)) {
      AddUniqueTerm(&terms, originals, Stem(part, Lang::kNl), part);
    }
  }
  return terms;
}

}  // namespace klussen::match
