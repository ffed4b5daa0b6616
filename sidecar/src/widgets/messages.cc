#include "widgets/messages.h"

#include <mutex>
#include <set>
#include <unordered_map>

#include "common/log.h"

namespace klussen::widgets {
namespace {

// clang-format off
constexpr MessageRow kMessages[] = {
    // Headings and lists.
    {"group_tab.heading", "Klussen", "Klussen"},
    {"group_tab.post", "Klus plaatsen", "Post a klus"},
    {"group_tab.empty_open", "Er zijn nog geen open klussen in deze groep.",
     "There are no open klussen in this group yet."},
    {"group_tab.empty_all", "Er zijn nog geen klussen in deze groep.",
     "There are no klussen in this group yet."},
    {"group_tab.tool_disabled",
     "Klussen staat niet aan in deze groep. Een groepsbeheerder kan het aanzetten bij de "
     "groepsinstellingen.",
     "Klussen is not enabled in this group. A group administrator can turn it on in the group "
     "settings."},
    {"list.empty", "Er zijn geen klussen om te tonen.", "There are no klussen to show."},
    {"list.mine_posted", "Klussen die ik heb geplaatst", "Klussen I posted"},
    {"list.mine_involved", "Klussen waarop ik heb gereageerd", "Klussen I responded to"},
    {"list.for_you", "Klussen voor jou", "Klussen for you"},
    {"paging.label", "Pagina's", "Pages"},
    {"paging.previous", "Vorige", "Previous"},
    {"paging.next", "Volgende", "Next"},

    // Meta data of a klus (<dt> labels and <dd> texts).
    {"meta.state", "Status", "Status"},
    {"meta.time", "Tijd", "Time"},
    {"meta.period", "Periode", "Period"},
    {"meta.deadline", "Reageren kan tot en met", "Respond by"},
    {"meta.deadline_passed", "(verlopen)", "(passed)"},
    {"meta.location", "Locatie", "Location"},
    {"meta.people_needed", "Aantal mensen nodig", "People needed"},
    {"meta.audience", "Wie kan reageren", "Who can respond"},
    {"meta.organisation", "Organisatie", "Organisation"},
    {"meta.group", "Groep", "Group"},
    {"meta.poster", "Geplaatst door", "Posted by"},
    {"meta.responses", "Reacties", "Responses"},
    {"meta.counts", "{applied} aangemeld, {invited} uitgenodigd, {accepted} geaccepteerd",
     "{applied} applied, {invited} invited, {accepted} accepted"},
    {"hours.per_week", "{hours} uur per week", "{hours} hours per week"},
    {"hours.per_week_one", "{hours} uur per week", "{hours} hour per week"},
    {"hours.total", "{hours} uur in totaal", "{hours} hours in total"},
    {"hours.total_one", "{hours} uur in totaal", "{hours} hour in total"},
    {"period.from_to", "{start} tot en met {end}", "{start} to {end}"},
    {"period.from", "Vanaf {start}", "From {start}"},
    {"period.until", "Tot en met {end}", "Until {end}"},
    {"location.remote", "Op afstand", "Remote"},
    {"location.region_or_remote", "{region} of op afstand", "{region} or remote"},
    {"state.badge", "Status: {state}", "Status: {state}"},

    // Klus states.
    {"state.draft", "Concept", "Draft"},
    {"state.open", "Open", "Open"},
    {"state.filled", "Vol", "Filled"},
    {"state.in_progress", "Bezig", "In progress"},
    {"state.completed", "Afgerond", "Completed"},
    {"state.cancelled", "Geannuleerd", "Cancelled"},
    {"state.expired", "Verlopen", "Expired"},

    // Participant states.
    {"participant.applied", "Aangemeld", "Applied"},
    {"participant.invited", "Uitgenodigd", "Invited"},
    {"participant.accepted", "Geaccepteerd", "Accepted"},
    {"participant.declined", "Afgewezen", "Declined"},
    {"participant.withdrawn", "Teruggetrokken", "Withdrawn"},
    {"participant.completed", "Afgerond", "Completed"},

    // Audiences.
    {"audience.group", "Leden van deze groep", "Members of this group"},
    {"audience.site", "Iedereen op deze site", "Everyone on this site"},
    {"audience.platform", "Overheidsbreed (alle organisaties)",
     "Government-wide (all organisations)"},

    // Time modes.
    {"time_mode.per_week", "Uren per week", "Hours per week"},
    {"time_mode.total", "Uren in totaal", "Hours in total"},

    // Decline reasons (klus::kDeclineReasons and the system reasons).
    {"decline_reason.skills_mismatch", "Vaardigheden passen niet bij de klus",
     "Skills do not match the klus"},
    {"decline_reason.availability", "Beschikbaarheid past niet", "Availability does not fit"},
    {"decline_reason.enough_people", "Er zijn al genoeg mensen", "There are enough people already"},
    {"decline_reason.other", "Andere reden", "Other reason"},
    {"decline_reason.deadline_passed", "De reactietermijn is verlopen",
     "The deadline for responses passed"},
    {"decline_reason.klus_cancelled", "De klus is geannuleerd", "The klus was cancelled"},

    // Withdraw reasons (klus::kWithdrawReasons).
    {"withdraw_reason.no_time", "Ik heb er geen tijd meer voor", "I no longer have time for it"},
    {"withdraw_reason.no_manager_approval", "Mijn leidinggevende gaat niet akkoord",
     "My manager did not approve"},
    {"withdraw_reason.not_interested", "Ik heb geen interesse meer", "I am no longer interested"},
    {"withdraw_reason.other", "Andere reden", "Other reason"},

    // Why the viewer cannot apply.
    {"apply_blocked.deadline_passed", "De reactietermijn van deze klus is verlopen.",
     "The deadline for responding to this klus has passed."},
    {"apply_blocked.full", "Deze klus heeft al genoeg mensen.", "This klus already has enough people."},
    {"apply_blocked.not_member", "Alleen leden van deze groep kunnen reageren. Word lid om te reageren.",
     "Only members of this group can respond. Join the group to respond."},
    {"apply_blocked.poster", "Je hebt deze klus zelf geplaatst.", "You posted this klus yourself."},
    {"apply_blocked.already_involved", "Je hebt al gereageerd op deze klus of bent uitgenodigd.",
     "You have already responded to this klus or have been invited."},
    {"apply_blocked.not_open", "Op deze klus kun je nu niet reageren.",
     "This klus is not open for responses."},

    // Validation errors ("error.<code>").
    {"error.required", "Vul dit veld in.", "Please fill in this field."},
    {"error.too_long", "Dit is te lang.", "This is too long."},
    {"error.too_short", "Dit is te kort.", "This is too short."},
    {"error.invalid", "Dit is geen geldige waarde.", "This is not a valid value."},
    {"error.in_past", "Deze datum ligt in het verleden.", "This date is in the past."},
    {"error.before_start", "Deze datum ligt vóór de begindatum.", "This date is before the start date."},
    {"error.out_of_range", "Deze waarde is te groot of te klein.", "This value is out of range."},
    {"error.too_many", "Dit zijn er te veel.", "There are too many."},
    {"error.not_allowed", "Deze keuze is niet toegestaan.", "This choice is not allowed."},
    {"error.after_end", "De reactietermijn moet vóór het einde van de klus liggen.",
     "The deadline must be before the end of the klus."},
    {"error.unknown", "Dit veld is onbekend.", "This field is not known."},
    {"error.below_accepted", "Er zijn al meer mensen geaccepteerd.",
     "More people have already been accepted."},
    {"error.version_conflict",
     "Iemand anders heeft deze klus intussen gewijzigd. Laad de pagina opnieuw en probeer het nog "
     "eens.",
     "Someone else changed this klus in the meantime. Reload the page and try again."},
    {"errors.summary_heading", "Er is iets niet goed ingevuld", "Something is not filled in correctly"},
    {"errors.prefix", "Fout:", "Error:"},

    // Form field labels and hints.
    {"field.title", "Titel", "Title"},
    {"field.description", "Omschrijving", "Description"},
    {"field.description_hint",
     "Gewone tekst. Begin een nieuwe alinea met een lege regel; links worden klikbaar.",
     "Plain text. Start a new paragraph with a blank line; links become clickable."},
    {"field.required_skills", "Vereiste vaardigheden", "Required skills"},
    {"field.desired_skills", "Gewenste vaardigheden", "Desired skills"},
    {"field.skills_hint", "Scheid vaardigheden met komma's.", "Separate skills with commas."},
    {"field.time_mode", "Tijdsbesteding", "Time commitment"},
    {"field.hours", "Aantal uren", "Number of hours"},
    {"field.hours_hint", "Bijvoorbeeld 3,5", "For example 3.5"},
    {"field.start_date", "Begindatum", "Start date"},
    {"field.end_date", "Einddatum", "End date"},
    {"field.deadline", "Reageren kan tot en met", "Responses accepted until"},
    {"field.region", "Regio", "Region"},
    {"field.region_hint", "Plaats of regio van het werk. Laat leeg als het helemaal op afstand kan.",
     "Town or region of the work. Leave empty if it can be done fully remotely."},
    {"field.remote", "Kan op afstand", "Can be done remotely"},
    {"field.people_needed", "Aantal mensen nodig", "Number of people needed"},
    {"field.audience", "Wie kan reageren?", "Who can respond?"},
    {"field.organisation", "Organisatie", "Organisation"},
    {"field.motivation", "Je motivatie", "Your motivation"},
    {"field.motivation_hint",
     "Vertel kort waarom je deze klus wilt doen en wat je meebrengt (maximaal 2000 tekens).",
     "Tell briefly why you want to do this klus and what you bring (2000 characters at most)."},
    {"field.reason", "Reden", "Reason"},
    {"field.reason_text", "Toelichting (optioneel)", "Explanation (optional)"},
    {"field.hours_spent", "Bestede uren", "Hours spent"},
    {"field.confirmed_skills", "Getoonde vaardigheden", "Skills shown"},

    // Buttons and links.
    {"button.save", "Opslaan", "Save"},
    {"button.publish", "Publiceren", "Publish"},
    {"button.save_draft", "Opslaan als concept", "Save as draft"},
    {"button.apply", "Reageren", "Respond"},
    {"button.withdraw", "Terugtrekken", "Withdraw"},
    {"button.accept", "Accepteren", "Accept"},
    {"button.decline", "Afwijzen", "Decline"},
    {"button.complete_participant", "Afronden", "Complete"},
    {"button.edit", "Bewerken", "Edit"},
    {"button.copy", "Kopiëren", "Copy"},
    {"button.responses", "Reacties bekijken", "View responses"},
    {"button.back_to_klus", "Terug naar de klus", "Back to the klus"},

    // Transition buttons (by what they do; the target state is sent).
    {"transition.publish", "Publiceren", "Publish"},
    {"transition.start", "Starten", "Start"},
    {"transition.complete", "Afronden", "Complete"},
    {"transition.cancel", "Annuleren", "Cancel"},
    {"transition.reopen", "Heropenen", "Reopen"},
    {"transition.fill", "Markeren als vol", "Mark as filled"},
    {"transition.draft", "Terugzetten naar concept", "Back to draft"},
    {"transition.expire", "Laten verlopen", "Let expire"},

    // Page headings.
    {"heading.new_klus", "Klus plaatsen", "Post a klus"},
    {"heading.edit_klus", "Klus bewerken", "Edit klus"},
    {"heading.apply", "Reageren op deze klus", "Respond to this klus"},
    {"heading.own", "Jouw reactie", "Your response"},
    {"heading.manage", "Beheren", "Manage"},
    {"heading.responses", "Reacties op: {title}", "Responses to: {title}"},
    {"form.in_group", "In de groep {group}", "In the group {group}"},
    {"own.status", "Je status: {state}", "Your status: {state}"},
    {"own.withdraw_intro", "Kun je toch niet meedoen? Trek je reactie dan in.",
     "Can you not take part after all? Then withdraw."},

    // Responses table.
    {"responses.caption", "Mensen die reageerden of zijn uitgenodigd",
     "People who responded or were invited"},
    {"responses.empty", "Er zijn nog geen reacties.", "There are no responses yet."},
    {"responses.col_name", "Naam", "Name"},
    {"responses.col_state", "Status", "Status"},
    {"responses.col_motivation", "Motivatie", "Motivation"},
    {"responses.col_reason", "Reden", "Reason"},
    {"responses.col_actions", "Acties", "Actions"},
    {"responses.hours_spent", "{hours} uur besteed", "{hours} hours spent"},
    {"responses.unknown_person", "Onbekend", "Unknown"},
    {"responses.none", "Geen", "None"},
    {"klus.untitled", "Klus zonder titel", "Untitled klus"},

    // Month names for dates ("1 december 2026").
    {"month.1", "januari", "January"},
    {"month.2", "februari", "February"},
    {"month.3", "maart", "March"},
    {"month.4", "april", "April"},
    {"month.5", "mei", "May"},
    {"month.6", "juni", "June"},
    {"month.7", "juli", "July"},
    {"month.8", "augustus", "August"},
    {"month.9", "september", "September"},
    {"month.10", "oktober", "October"},
    {"month.11", "november", "November"},
    {"month.12", "december", "December"},
};
// clang-format on

// "Klussen" is the product name; "Status" and "Open" are Dutch words too.
constexpr std::string_view kSameInBoth[] = {"group_tab.heading", "meta.state", "state.badge",
                                            "state.open", "responses.col_state"};

const std::unordered_map<std::string_view, const MessageRow*>& Index() {
  static const std::unordered_map<std::string_view, const MessageRow*> index = [] {
    std::unordered_map<std::string_view, const MessageRow*> map;
    for (const MessageRow& row : kMessages) map.emplace(row.key, &row);
    return map;
  }();
  return index;
}

constexpr size_t kMaxRememberedUnknownKeys = 100;

void NoteUnknownKey(std::string_view key) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> seen;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (seen.size() >= kMaxRememberedUnknownKeys || seen.contains(key)) return;
    seen.emplace(key);
  }
  log::Warn("unknown message key", {{"key", std::string(key)}});
}

}  // namespace

Language ParseLanguage(std::string_view code) {
  if (code.size() < 2) return Language::kNl;
  const bool en = (code[0] == 'e' || code[0] == 'E') && (code[1] == 'n' || code[1] == 'N');
  if (!en) return Language::kNl;
  if (code.size() == 2 || code[2] == '-' || code[2] == '_') return Language::kEn;
  return Language::kNl;
}

std::string_view LanguageCode(Language language) { return language == Language::kEn ? "en" : "nl"; }

std::span<const MessageRow> AllMessages() { return kMessages; }

std::span<const std::string_view> KeysSameInBothLanguages() { return kSameInBoth; }

bool HasMessage(std::string_view key) { return Index().contains(key); }

std::string Message(Language language, std::string_view key) {
  const auto& index = Index();
  const auto it = index.find(key);
  if (it == index.end()) {
    NoteUnknownKey(key);
    return std::string(key);
  }
  return std::string(language == Language::kEn ? it->second->en : it->second->nl);
}

std::string Message(std::string_view language, std::string_view key) {
  return Message(ParseLanguage(language), key);
}

std::string Substitute(
    std::string_view pattern,
    std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size());
  size_t pos = 0;
  while (pos < pattern.size()) {
    const size_t open = pattern.find('{', pos);
    if (open == std::string_view::npos) break;
    const size_t close = pattern.find('}', open + 1);
    if (close == std::string_view::npos) break;
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    const std::pair<std::string_view, std::string_view>* match = nullptr;
    for (const auto& value : values) {
      if (value.first == name) match = &value;
    }
    if (match == nullptr || name.find('{') != std::string_view::npos) {
      out.append(pattern.substr(pos, open + 1 - pos));  // keep the brace, look further
      pos = open + 1;
      continue;
    }
    out.append(pattern.substr(pos, open - pos));
    out.append(match->second);
    pos = close + 1;
  }
  out.append(pattern.substr(pos));
  return out;
}

}  // namespace klussen::widgets
