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

    // Matching: "Klussen voor jou" and "Geschikte kandidaten".
    {"match.candidates_heading", "Geschikte kandidaten", "Suitable candidates"},
    {"match.candidates_intro",
     "Leden die vindbaar zijn voor klussen en bij deze klus passen, de best passende eerst.",
     "Members who are findable for klussen and fit this klus, best fit first."},
    {"match.candidates_closed",
     "Kandidaten worden gezocht zolang de klus een concept is of open staat.",
     "Candidates are looked for while the klus is a draft or open."},
    {"match.empty_candidates", "Er zijn nu geen vindbare leden die bij deze klus passen.",
     "No findable members fit this klus right now."},
    {"match.invite", "Uitnodigen", "Invite"},
    {"match.invite_message_label", "Bericht bij de uitnodiging (niet verplicht)",
     "Message with the invitation (optional)"},
    {"match.invite_later", "Uitnodigen kan zodra de klus open staat.",
     "You can invite people once the klus is open."},
    {"match.why_klus", "Waarom deze klus?", "Why this klus?"},
    {"match.why_person", "Waarom deze kandidaat?", "Why this candidate?"},
    {"match.score", "Overeenkomst: {percent}%", "Match: {percent}%"},
    {"match.skill_same", "Vaardigheid: {skill}", "Skill: {skill}"},
    {"match.skill_desired", "Gewenste vaardigheid: {skill}", "Desired skill: {skill}"},
    {"match.skill_related", "{skill}, verwant aan {wanted}", "{skill}, related to {wanted}"},
    {"match.interests", "Interesse: {skills}", "Interest: {skills}"},
    {"match.words", "Woorden die overeenkomen: {words}", "Matching words: {words}"},
    {"match.missing", "Ontbreekt nog: {skills}", "Still missing: {skills}"},
    {"match.likely_named", "Waarschijnlijk: {skill}, omdat je {because} noemt",
     "Likely: {skill}, because you mention {because}"},
    {"match.likely_named_other", "Waarschijnlijk: {skill}, omdat het profiel {because} noemt",
     "Likely: {skill}, because the profile mentions {because}"},
    {"match.likely_fits", "Waarschijnlijk: {skill}, omdat je vaardigheden passen bij {because}",
     "Likely: {skill}, because your skills fit {because}"},
    {"match.likely_fits_other",
     "Waarschijnlijk: {skill}, omdat de vaardigheden passen bij {because}",
     "Likely: {skill}, because the listed skills fit {because}"},
    {"match.likely_text", "Waarschijnlijk: {skill}, omdat je het in je tekst noemt",
     "Likely: {skill}, because your text mentions it"},
    {"match.likely_text_other", "Waarschijnlijk: {skill}, genoemd in de profieltekst",
     "Likely: {skill}, named in the profile text"},
    {"match.nothing_shared", "Geen gedeelde vaardigheden of woorden; de klus staat wel open voor je",
     "No shared skills or words; the klus is open to you"},
    {"match.hours", "Tijd: {free} uur per week vrij, {needed} uur nodig",
     "Time: {free} hours a week free, {needed} hours needed"},
    {"match.hours_unstated", "Beschikbare uren onbekend", "Available hours unknown"},
    {"match.hint_hours_none",
     "Je hebt 0 uur per week opgegeven: zolang dat zo is, stellen we je geen klussen voor.",
     "You stated 0 hours a week: while that is so, no klussen are suggested to you."},
    {"match.region", "Regio: {region}", "Region: {region}"},
    {"match.remote", "Kan op afstand", "Can be done remotely"},
    {"match.empty_for_you", "Er zijn nu geen open klussen die bij je passen.",
     "There are no open klussen that fit you right now."},
    {"match.hint_skills",
     "Vul je vaardigheden aan in je portfolio, dan vinden we betere klussen voor je.",
     "Add your skills to your portfolio and we will find better klussen for you."},
    {"match.hint_hours", "Geef in je portfolio op hoeveel uur per week je beschikbaar bent.",
     "State in your portfolio how many hours a week you are available."},
    {"match.hint_not_discoverable",
     "Je bent niet vindbaar voor klussen: plaatsers zien je niet als kandidaat. Je kunt dit "
     "aanzetten in je portfolio.",
     "You are not findable for klussen: posters do not see you as a candidate. You can turn "
     "this on in your portfolio."},
    {"match.portfolio_link", "Naar je portfolio", "Go to your portfolio"},
    {"match.all_for_you", "Alle klussen voor jou", "All klussen for you"},
    {"paging.label", "Pagina's", "Pages"},
    {"paging.previous", "Vorige", "Previous"},
    {"paging.next", "Volgende", "Next"},

    // Meta data of a klus (<dt> labels and <dd> texts).
    {"meta.state", "Status", "Status"},
    {"meta.time", "Tijd", "Time"},
    {"meta.period", "Periode", "Period"},
    {"meta.deadline", "Reageren kan tot en met", "Respond by"},
    {"meta.deadline_passed", "(verlopen)", "(passed)"},
    {"meta.deadline_none", "tot de klus vol is", "until the klus is filled"},
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
    {"field.deadline_hint",
     "Leeg laten: reageren kan tot de klus vol is, of tot de einddatum.",
     "Leave empty: responses are accepted until the klus is filled, or until the end date."},
    {"field.accept_unknown_hours", "Ook kandidaten voorstellen van wie de beschikbare uren onbekend zijn",
     "Also suggest candidates whose available hours are unknown"},
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
    {"button.candidates", "Geschikte kandidaten zoeken", "Find suitable candidates"},
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

    // The e-portfolio (portfolio_widgets.cc): widget, edit page, preview.
    {"portfolio.heading", "Portfolio", "Portfolio"},
    {"portfolio.skills", "Vaardigheden", "Skills"},
    {"portfolio.interests", "Interesses", "Interests"},
    {"portfolio.languages", "Talen", "Languages"},
    {"portfolio.region", "Regio", "Region"},
    {"portfolio.availability", "Beschikbaarheid", "Availability"},
    {"portfolio.availability.free", "nog vrij: {hours} uur per week",
     "still free: {hours} hours per week"},
    {"portfolio.availability.committed", "(al {hours} uur per week toegezegd aan klussen)",
     "({hours} hours per week already committed to klussen)"},
    {"portfolio.period.from", "vanaf {start}", "from {start}"},
    {"portfolio.period.until", "tot {end}", "until {end}"},
    {"portfolio.period.from_to", "van {start} tot {end}", "from {start} until {end}"},
    {"portfolio.dates.since", "sinds {start}", "since {start}"},
    {"portfolio.level.0", "Geen niveau opgegeven", "No level given"},
    {"portfolio.level.1", "basis", "basic"},
    {"portfolio.level.2", "gevorderd", "advanced"},
    {"portfolio.level.3", "expert", "expert"},
    {"portfolio.confirmed", "Bevestigd", "Confirmed"},
    {"portfolio.confirmed_in", "in de klus: {klussen}", "in the klus: {klussen}"},
    {"portfolio.confirmed_heading", "Bevestigd in klussen", "Confirmed in klussen"},
    {"portfolio.untitled", "Zonder titel", "Untitled"},
    {"portfolio.entries.course", "Cursussen", "Courses"},
    {"portfolio.entries.certificate", "Certificaten", "Certificates"},
    {"portfolio.entries.education", "Opleidingen", "Education"},
    {"portfolio.entries.badge", "Digitale badges", "Digital badges"},
    {"portfolio.entries.position", "Werkervaring", "Work experience"},
    {"portfolio.entry_kind.course", "Cursus", "Course"},
    {"portfolio.entry_kind.certificate", "Certificaat", "Certificate"},
    {"portfolio.entry_kind.education", "Opleiding", "Education"},
    {"portfolio.entry_kind.badge", "Digitale badge", "Digital badge"},
    {"portfolio.entry_kind.position", "Functie", "Position"},
    {"portfolio.item_kind.skill", "Vaardigheid", "Skill"},
    {"portfolio.item_kind.interest", "Interesse", "Interest"},
    {"portfolio.item_kind.language", "Taal", "Language"},
    {"portfolio.source.self", "zelf ingevuld", "entered yourself"},
    {"portfolio.source.imported", "geïmporteerd", "imported"},
    {"portfolio.source.profile", "uit je profiel", "from your profile"},
    {"portfolio.visibility.platform", "Iedereen op het platform (alle organisaties)",
     "Everyone on the platform (all organisations)"},
    {"portfolio.visibility.site", "Collega's op deze site", "Colleagues on this site"},
    {"portfolio.visibility.private", "Alleen ik", "Only me"},
    {"portfolio.weekday.1", "maandag", "Monday"},
    {"portfolio.weekday.2", "dinsdag", "Tuesday"},
    {"portfolio.weekday.3", "woensdag", "Wednesday"},
    {"portfolio.weekday.4", "donderdag", "Thursday"},
    {"portfolio.weekday.5", "vrijdag", "Friday"},
    {"portfolio.weekday.6", "zaterdag", "Saturday"},
    {"portfolio.weekday.7", "zondag", "Sunday"},
    {"portfolio.weekday_short.1", "ma", "Mon"},
    {"portfolio.weekday_short.2", "di", "Tue"},
    {"portfolio.weekday_short.3", "wo", "Wed"},
    {"portfolio.weekday_short.4", "do", "Thu"},
    {"portfolio.weekday_short.5", "vr", "Fri"},
    {"portfolio.weekday_short.6", "za", "Sat"},
    {"portfolio.weekday_short.7", "zo", "Sun"},
    {"portfolio.discoverable_state", "Vindbaar voor klussen: {state}",
     "Discoverable for klussen: {state}"},
    {"portfolio.yes", "ja", "yes"},
    {"portfolio.no", "nee", "no"},
    {"portfolio.empty_other", "Nog niets te zien.", "Nothing to see yet."},
    {"portfolio.empty_self", "Je portfolio is nog leeg — vul het aan",
     "Your portfolio is still empty — fill it in"},
    {"portfolio.edit_link", "Portfolio bewerken", "Edit portfolio"},
    {"portfolio.preview_link", "Wat anderen zien", "What others see"},
    {"portfolio.import_link", "Importeren", "Import"},
    {"portfolio.back_to_edit", "Terug naar je portfolio", "Back to your portfolio"},
    {"portfolio.edit_heading", "Je portfolio bewerken", "Edit your portfolio"},
    {"portfolio.settings_heading", "Over jou en je beschikbaarheid",
     "About you and your availability"},
    {"portfolio.manager_heading", "Je leidinggevende", "Your manager"},
    {"portfolio.manager_current", "Nu ingevuld: {name}.", "Currently named: {name}."},
    {"portfolio.field.discoverable", "Vindbaar voor klussen", "Discoverable for klussen"},
    {"portfolio.field.discoverable_hint",
     "Alleen als dit aan staat, kunnen collega's je voorstellen voor klussen die bij je passen.",
     "Only when this is on can colleagues suggest you for klussen that suit you."},
    {"portfolio.field.about", "Over jou", "About you"},
    {"portfolio.field.about_hint",
     "Gewone tekst, maximaal 2000 tekens. Links worden klikbaar.",
     "Plain text, 2000 characters at most. Links become clickable."},
    {"portfolio.field.about_visibility", "Wie mag 'Over jou' en je regio zien?",
     "Who may see 'About you' and your region?"},
    {"portfolio.field.region", "Regio", "Region"},
    {"portfolio.field.hours_per_week", "Uren per week beschikbaar", "Hours per week available"},
    {"portfolio.field.hours_per_week_hint",
     "Bijvoorbeeld 3,5. Vul 0 in als je nu geen tijd hebt; leeg laten betekent: niet opgegeven.",
     "For example 3.5. Enter 0 if you have no time now; empty means: not stated."},
    {"portfolio.availability.none", "nu geen tijd (0 uur per week)", "no time now (0 hours a week)"},
    {"portfolio.field.available_from", "Beschikbaar vanaf", "Available from"},
    {"portfolio.field.available_until", "Beschikbaar tot en met", "Available until"},
    {"portfolio.field.weekdays", "Op welke dagen?", "On which days?"},
    {"portfolio.field.availability_visibility", "Wie mag je beschikbaarheid zien?",
     "Who may see your availability?"},
    {"portfolio.field.manager_guid", "Nummer van je leidinggevende", "Your manager's number"},
    {"portfolio.field.manager_guid_hint",
     "Het gebruikersnummer van je leidinggevende op deze site. Alleen jij en je leidinggevende "
     "zien dit.",
     "Your manager's user number on this site. Only you and your manager see this."},
    {"portfolio.field.item_kind", "Soort", "Kind"},
    {"portfolio.field.entry_kind", "Soort", "Kind"},
    {"portfolio.field.label", "Naam", "Name"},
    {"portfolio.field.level", "Niveau", "Level"},
    {"portfolio.field.visibility", "Wie mag dit zien?", "Who may see this?"},
    {"portfolio.field.title", "Titel", "Title"},
    {"portfolio.field.provider", "Organisatie", "Organisation"},
    {"portfolio.field.start_date", "Begin", "Start"},
    {"portfolio.field.end_date", "Einde", "End"},
    {"portfolio.field.month_hint", "Jaar en maand, bijvoorbeeld 2024-03",
     "Year and month, for example 2024-03"},
    {"portfolio.field.url", "Webadres (link)", "Web address (link)"},
    {"portfolio.field.url_hint", "Bijvoorbeeld de link naar je certificaat.",
     "For example the link to your certificate."},
    {"portfolio.field.detail", "Toelichting", "Details"},
    {"portfolio.field.erase_confirm", "Ik begrijp dat al mijn klussengegevens worden verwijderd",
     "I understand that all my klussen data will be deleted"},
    {"portfolio.error.version_conflict",
     "Je portfolio is intussen ergens anders gewijzigd. Laad de pagina opnieuw en probeer het nog "
     "eens.",
     "Your portfolio was changed elsewhere in the meantime. Reload the page and try again."},
    {"portfolio.items_heading", "Vaardigheden, interesses en talen",
     "Skills, interests and languages"},
    {"portfolio.items_empty", "Je hebt nog geen vaardigheden, interesses of talen toegevoegd.",
     "You have not added skills, interests or languages yet."},
    {"portfolio.item_add_heading", "Vaardigheid, interesse of taal toevoegen",
     "Add a skill, interest or language"},
    {"portfolio.entries_heading", "Opleidingen, certificaten en ervaring",
     "Education, certificates and experience"},
    {"portfolio.entries_empty",
     "Je hebt nog geen opleidingen, certificaten of ervaring toegevoegd.",
     "You have not added education, certificates or experience yet."},
    {"portfolio.entry_add_heading", "Opleiding, certificaat of ervaring toevoegen",
     "Add education, a certificate or experience"},
    {"portfolio.col.label", "Naam", "Name"},
    {"portfolio.col.title", "Titel", "Title"},
    {"portfolio.col.kind", "Soort", "Kind"},
    {"portfolio.col.level", "Niveau", "Level"},
    {"portfolio.col.provider", "Organisatie", "Organisation"},
    {"portfolio.col.dates", "Periode", "Period"},
    {"portfolio.col.source", "Herkomst", "Source"},
    {"portfolio.col.visibility", "Zichtbaar voor", "Visible to"},
    {"portfolio.col.actions", "Acties", "Actions"},
    {"portfolio.add", "Toevoegen", "Add"},
    {"portfolio.remove", "Verwijderen", "Remove"},
    {"portfolio.profile_heading", "Uit je profiel", "From your profile"},
    {"portfolio.profile_intro",
     "Deze vaardigheden en interesses staan in je profiel op deze site, maar nog niet in je "
     "portfolio.",
     "These skills and interests are in your profile on this site but not yet in your portfolio."},
    {"portfolio.profile_button", "Overnemen uit je profiel", "Copy from your profile"},
    {"portfolio.privacy_heading", "Je gegevens", "Your data"},
    {"portfolio.export_intro",
     "Je kunt al je klussengegevens downloaden: je portfolio, je reacties en je klussen.",
     "You can download all your klussen data: your portfolio, your responses and your klussen."},
    {"portfolio.export_link", "Download al je gegevens", "Download all your data"},
    {"portfolio.erase_heading", "Alles verwijderen", "Delete everything"},
    {"portfolio.erase_intro",
     "Hiermee verwijder je je portfolio en al je andere klussengegevens. Dit kan niet ongedaan "
     "worden gemaakt.",
     "This deletes your portfolio and all your other klussen data. This cannot be undone."},
    {"portfolio.erase_button", "Mijn klussengegevens verwijderen", "Delete my klussen data"},
    {"portfolio.preview_heading", "Wat anderen zien", "What others see"},
    {"portfolio.preview_as_site", "Zo ziet een collega op deze site je portfolio.",
     "This is how a colleague on this site sees your portfolio."},
    {"portfolio.preview_as_platform", "Zo ziet iemand elders op het platform je portfolio.",
     "This is how someone elsewhere on the platform sees your portfolio."},
    {"portfolio.preview_switch_site", "Bekijk als collega op deze site",
     "View as a colleague on this site"},
    {"portfolio.preview_switch_platform", "Bekijk als iemand elders op het platform",
     "View as someone elsewhere on the platform"},

    // A manager's time budget for klussen.
    {"budget.heading", "Tijd voor klussen van je leidinggevende",
     "Time for klussen from your manager"},
    {"budget.intro", "Vraag {name} om tijd die je aan klussen mag besteden.",
     "Ask {name} for time you may spend on klussen."},
    {"budget.empty", "Je hebt nog geen tijd aangevraagd.", "You have not asked for time yet."},
    {"budget.caption", "Je aanvragen", "Your requests"},
    {"budget.col.state", "Stand van zaken", "State"},
    {"budget.col.hours", "Uren", "Hours"},
    {"budget.col.period", "Periode", "Period"},
    {"budget.state.requested", "Aangevraagd", "Requested"},
    {"budget.state.confirmed", "Bevestigd", "Confirmed"},
    {"budget.state.refused", "Geweigerd", "Refused"},
    {"budget.state.withdrawn", "Ingetrokken", "Withdrawn"},
    {"budget.request_heading", "Tijd aanvragen", "Ask for time"},
    {"budget.field.hours_per_week", "Uren per week", "Hours per week"},
    {"budget.field.from", "Vanaf", "From"},
    {"budget.field.until", "Tot en met", "Until"},
    {"budget.field.note", "Toelichting (optioneel)", "Note (optional)"},
    {"budget.request_button", "Aanvragen bij {name}", "Ask {name}"},

    // Imports into the portfolio.
    {"import.heading", "Importeren in je portfolio", "Import into your portfolio"},
    {"import.intro",
     "Je ziet eerst wat we in het bestand vinden. Er wordt pas iets bewaard als jij het kiest.",
     "You first see what we find in the file. Nothing is stored until you choose it."},
    {"import.linkedin_heading", "Uit LinkedIn", "From LinkedIn"},
    {"import.linkedin_step1",
     "Ga op LinkedIn naar Ik, dan Instellingen en privacy, dan Gegevensprivacy.",
     "On LinkedIn, go to Me, then Settings and privacy, then Data privacy."},
    {"import.linkedin_step2",
     "Kies 'Een kopie van je gegevens downloaden' en vraag het archief aan.",
     "Choose 'Get a copy of your data' and request the archive."},
    {"import.linkedin_step3",
     "Je krijgt van LinkedIn een e-mail met een link. Download daarmee het zip-bestand.",
     "LinkedIn sends you an e-mail with a link. Use it to download the zip file."},
    {"import.linkedin_step4", "Kies dat zip-bestand hieronder; pak het niet uit.",
     "Choose that zip file below; do not unpack it."},
    {"import.linkedin_file", "Zip-bestand van LinkedIn", "Zip file from LinkedIn"},
    {"import.linkedin_file_hint",
     "We lezen alleen je vaardigheden, cursussen, certificaten, opleidingen en functies.",
     "We only read your skills, courses, certificates, education and positions."},
    {"import.badge_heading", "Badges uit Moodle of een ander systeem",
     "Badges from Moodle or another system"},
    {"import.badge_intro",
     "Download je badge in Moodle (of een ander systeem) als JSON-bestand volgens Open Badges "
     "2.0 en kies het hieronder.",
     "Download your badge from Moodle (or another system) as a JSON file in the Open Badges 2.0 "
     "format and choose it below."},
    {"import.badge_file", "Badgebestand (JSON)", "Badge file (JSON)"},
    {"import.badge_file_hint", "Een .json-bestand volgens Open Badges 2.0.",
     "A .json file in the Open Badges 2.0 format."},
    {"import.upload_button", "Bestand lezen", "Read file"},
    {"import.preview_heading", "Controleer wat je wilt overnemen", "Check what you want to keep"},
    {"import.preview_intro",
     "Alles staat aangevinkt. Vink uit wat je niet in je portfolio wilt.",
     "Everything is ticked. Untick what you do not want in your portfolio."},
    {"import.preview_empty", "We hebben in dit bestand niets gevonden om over te nemen.",
     "We found nothing in this file to copy."},
    {"import.try_again", "Een ander bestand kiezen", "Choose another file"},
    {"import.origin.alignment", "uit badge \"{badge}\"", "alignment of badge \"{badge}\""},
    {"import.origin.tag", "trefwoord van badge \"{badge}\"", "tag of badge \"{badge}\""},
    {"import.warnings_heading", "Goed om te weten", "Good to know"},
    {"import.source.linkedin", "Gevonden in je LinkedIn-archief.",
     "Found in your LinkedIn archive."},
    {"import.source.open_badges", "Gevonden in je badge.", "Found in your badge."},
    {"import.courses_legend", "Cursussen, certificaten, opleidingen en badges",
     "Courses, certificates, education and badges"},
    {"import.save_button", "Overnemen", "Keep selected"},
    {"import.cancel", "Annuleren", "Cancel"},

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
                                            "state.open", "responses.col_state",
                                            // "Portfolio" and "expert" are Dutch words too.
                                            "portfolio.heading", "portfolio.level.3"};

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
