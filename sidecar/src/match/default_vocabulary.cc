// The built-in vocabulary for Dutch government work. Curated by hand from
// common job families of the Rijksoverheid and municipalities (Functiegebouw
// Rijk families, typical Werken-voor-Nederland vacancy skills); not ESCO.
//
// One concept per line: slug | broader slugs (comma-separated) | Dutch
// preferred label; Dutch synonyms | English preferred label; English synonyms.
// Ids become "klussen:<slug>". Synonyms include spelling variants and common
// abbreviations, because matching typed skills relies on them (the stemmer
// does not join "communicatie" and "communiceren", see docs/matching.md).
#include <string_view>

#include "match/vocabulary.h"

namespace klussen::match {

namespace {

constexpr std::string_view kDefaultConcepts = R"(
beleid||beleid;beleidswerk;beleidsterrein|policy;policy work
beleidsadvies|beleid|beleidsadvies;beleidsadvisering;beleidsadviseur;beleidsmedewerker|policy advice;policy advising;policy advisor;policy officer
beleidsontwikkeling|beleid|beleidsontwikkeling;beleid ontwikkelen;beleid maken;beleidsvorming|policy development;policy making;policy design
beleidsevaluatie|beleid,onderzoek|beleidsevaluatie;evaluatie;evaluatieonderzoek;beleidsonderzoek|policy evaluation;evaluation;programme evaluation
bestuursadvisering|beleid|bestuursadvisering;bestuurlijk advies;politiek-bestuurlijke sensitiviteit;omgevingsbewustzijn;bestuurlijke sensitiviteit|advising executives;political awareness;political sensitivity
wetgeving|beleid,juridisch|wetgeving;wetgevingsjurist;wetgevingstechniek;regelgeving|legislation;legislative drafting;regulation
juridisch||juridische zaken;recht;juridisch|legal affairs;law;legal
juridisch-advies|juridisch|juridisch advies;juridische advisering;juridisch adviseur;jurist|legal advice;legal counsel;legal advisor;lawyer
bestuursrecht|juridisch|bestuursrecht;awb;algemene wet bestuursrecht|administrative law
bezwaar-beroep|bestuursrecht|bezwaar en beroep;bezwaarschriften;bezwaarbehandeling|objections and appeals;administrative appeals
contractrecht|juridisch|contractrecht;contractbeheer;contracten|contract law;contract management
arbeidsrecht|juridisch,hr|arbeidsrecht;ambtenarenrecht|employment law;labour law
omgevingswet|juridisch,ruimtelijke-ordening|Omgevingswet;omgevingsrecht;omgevingsplan;vergunningverlening|environment and planning act;environmental law;permits
woo|juridisch,informatiehuishouding|Wet open overheid;woo;wob;woo-verzoeken;openbaarmaking;actieve openbaarmaking|open government act;freedom of information;foi requests;disclosure
privacy|juridisch,informatiebeveiliging|privacy;avg;gdpr;gegevensbescherming;privacywetgeving;functionaris gegevensbescherming;fg|privacy;data protection;gdpr compliance;privacy law
dpia|privacy|DPIA;privacy impact assessment;gegevensbeschermingseffectbeoordeling|data protection impact assessment;dpia;privacy impact assessment
informatiehuishouding||informatiehuishouding;informatiebeheer;informatiemanagement|information management;records management
archivering|informatiehuishouding|archivering;archiefbeheer;archiefwet;archivaris;archief|archiving;archive management;archivist
documentmanagement|informatiehuishouding|documentmanagement;dms;documentbeheer|document management;dms
metadata|informatiehuishouding,data|metadata;metadatering;metagegevens|metadata;metadata management
informatiebeveiliging|ict|informatiebeveiliging;bio;baseline informatiebeveiliging overheid;iso 27001;security;cybersecurity;ciso|information security;cybersecurity;iso 27001;infosec
risicoanalyse-informatiebeveiliging|informatiebeveiliging,risicomanagement|risicoanalyse informatiebeveiliging;bia;dreigingsanalyse|security risk assessment;threat analysis
security-awareness|informatiebeveiliging|security awareness;bewustwording informatiebeveiliging|security awareness
penetratietesten|informatiebeveiliging|penetratietesten;pentesten;pentest;ethisch hacken|penetration testing;pentesting;ethical hacking
ict||ICT;it;informatietechnologie;automatisering|information technology;it;ict
softwareontwikkeling|ict|softwareontwikkeling;programmeren;software ontwikkelen;developer;ontwikkelaar|software development;programming;coding;software engineering
python|softwareontwikkeling,data-analyse|Python;python programmeren|Python;python programming
java|softwareontwikkeling|Java|Java;java programming
javascript|softwareontwikkeling,webontwikkeling|JavaScript;typescript;js|JavaScript;typescript
r-programmeren|softwareontwikkeling,statistiek|R;r programmeren;rstudio|R;r programming
sql|data,softwareontwikkeling|SQL;databases;database;mysql;postgresql;mariadb|SQL;databases;relational databases
webontwikkeling|softwareontwikkeling|webontwikkeling;websites bouwen;html;css;frontend|web development;front-end development;html
php|webontwikkeling|PHP;drupal;wordpress|PHP
devops|ict|DevOps;ci/cd;continuous integration|DevOps;continuous delivery
cloud|ict|cloud;cloudcomputing;azure;aws;cloudmigratie|cloud computing;azure;aws
linux|ict|Linux;unix;systeembeheer;beheer|Linux;unix;system administration
api|softwareontwikkeling|API;api's;koppelingen;rest api;api-ontwerp|api design;rest apis;integration
testen|softwareontwikkeling|testen;softwaretesten;testautomatisering;tester|software testing;test automation;quality assurance
architectuur|ict|architectuur;enterprise architectuur;informatiearchitectuur;architect;nora|enterprise architecture;information architecture;architecture
digitale-overheid|ict|digitale overheid;digitalisering;e-overheid;digid;common ground|digital government;digitalisation;e-government
data||data;datawerk|data
data-analyse|data|data-analyse;data analyse;data-analist;data analist;dataanalyse;analyseren van data|data analysis;data analytics;data analyst;analytics
statistiek|data-analyse|statistiek;statistische analyse;statisticus|statistics;statistical analysis
datavisualisatie|data-analyse|datavisualisatie;dashboards;power bi;tableau;visualisatie|data visualisation;data visualization;dashboards;power bi
datamanagement|data|datamanagement;databeheer;datakwaliteit;data governance|data management;data governance;data quality
machine-learning|data-analyse,kunstmatige-intelligentie|machine learning;voorspellende modellen|machine learning;predictive modelling
kunstmatige-intelligentie|data|kunstmatige intelligentie;ai;algoritmes;algoritmeregister|artificial intelligence;ai;algorithms
gis|data|GIS;geo-informatie;geografische informatiesystemen;arcgis;qgis;kaarten maken|GIS;geographic information systems;geospatial analysis;mapping
onderzoek||onderzoek;onderzoeker;research|research;researcher
kwantitatief-onderzoek|onderzoek|kwantitatief onderzoek;enquêtes;enquête;vragenlijsten;survey|quantitative research;surveys;questionnaires
kwalitatief-onderzoek|onderzoek|kwalitatief onderzoek;interviews;interviewen;focusgroepen|qualitative research;interviewing;focus groups
ux-onderzoek|onderzoek,ontwerp|UX-onderzoek;gebruikersonderzoek;usability-onderzoek;gebruikerstesten;usabilitytest|ux research;user research;usability testing
communicatie||communicatie;communiceren;communicatieadvies;communicatieadviseur|communication;communications;communications advice
schrijven|communicatie|schrijven;tekstschrijven;teksten schrijven;tekstschrijver;copywriting;redigeren|writing;copywriting;editing
begrijpelijk-schrijven|schrijven|begrijpelijk schrijven;taalniveau b1;b1;heldere taal;klare taal|plain language;plain writing;clear writing
webredactie|communicatie,schrijven|webredactie;webredacteur;contentbeheer;cms|web editing;content management;web content
woordvoering|communicatie|woordvoering;persvoorlichting;woordvoerder;mediarelaties;pers|press relations;spokesperson;media relations
social-media|communicatie|social media;sociale media;online communicatie|social media;online communication
interne-communicatie|communicatie|interne communicatie;intranet|internal communication
crisiscommunicatie|communicatie,crisisbeheersing|crisiscommunicatie|crisis communication
campagnes|communicatie|campagnes;campagnemanagement;publiekscampagne|campaigns;campaign management
presenteren|communicatie|presenteren;presentaties geven;spreken in het openbaar|presenting;public speaking;presentations
engels|talen|Engels;engelse taal|English;english language
duits|talen|Duits|German
frans|talen|Frans|French
talen||talen;vreemde talen;vertalen|languages;translation
projectmanagement||projectmanagement;projectleiding;projectleider;projecten leiden;projectmanager|project management;project leadership;project manager
programmamanagement|projectmanagement|programmamanagement;programmamanager|programme management;program management
prince2|projectmanagement|PRINCE2|PRINCE2
planning|projectmanagement|planning;plannen;roosteren|planning;scheduling
agile|projectmanagement|agile;agile werken;wendbaar werken;safe|agile;agile working
scrum|agile|Scrum;scrum master;product owner|Scrum;scrum master;product owner
kanban|agile|Kanban|Kanban
risicomanagement|projectmanagement|risicomanagement;risicoanalyse;risico's beheersen|risk management;risk analysis
stakeholdermanagement|samenwerking|stakeholdermanagement;stakeholders;omgevingsmanagement;belanghebbenden|stakeholder management;stakeholder engagement
verandermanagement|organisatieontwikkeling|verandermanagement;veranderkunde;verandertrajecten;change management|change management;organisational change
procesmanagement|organisatieontwikkeling|procesmanagement;procesverbetering;lean;lean six sigma;procesanalyse|process management;process improvement;lean
organisatieontwikkeling||organisatieontwikkeling;organisatieadvies;organisatiekunde|organisational development;organisation design
financien||financiën;financien;financieel;financiële zaken|finance;financial affairs
begroting|financien|begroting;begroten;begrotingsvoorbereiding;rijksbegroting;begrotingscyclus|budgeting;budget;budget planning
planning-control|financien|planning en control;p&c;control;controller;controlling|planning and control;controlling;controller
financieel-advies|financien|financieel advies;financieel adviseur|financial advice;financial advisor
financiele-analyse|financien,data-analyse|financiële analyse;financiele analyse;kostenanalyse|financial analysis;cost analysis
business-case|financien|business case;kosten-batenanalyse;mkba|business case;cost-benefit analysis
audit|financien|audit;auditing;interne audit;accountancy;accountant|audit;auditing;internal audit;accounting
subsidies|financien|subsidies;subsidieverlening;subsidieaanvragen;subsidiebeheer;fondsenwerving|grants;grant management;subsidies;funding
inkoop|financien|inkoop;inkopen;aanbesteden;aanbesteding;aanbestedingen;inkoopadvies;europees aanbesteden|procurement;purchasing;public procurement;tendering
hr||HR;personeelszaken;p&o;human resources;hrm|human resources;hr;hrm
werving-selectie|hr|werving en selectie;recruitment;werven;sollicitatiegesprekken|recruitment;recruiting;selection
leren-ontwikkelen|hr|leren en ontwikkelen;opleiden;opleidingen;trainingen geven;training;didactiek|learning and development;training;teaching
coaching|hr,samenwerking|coaching;coachen;begeleiden;mentoring|coaching;mentoring
loopbaanadvies|hr|loopbaanadvies;loopbaanbegeleiding;mobiliteit|career advice;career coaching
diversiteit-inclusie|hr|diversiteit en inclusie;inclusie;diversiteit|diversity and inclusion;inclusion
ontwerp||ontwerp;vormgeving;design|design
ux-ontwerp|ontwerp|UX-ontwerp;ux design;interactieontwerp;gebruikerservaring;ux|ux design;user experience;interaction design
dienstontwerp|ontwerp|dienstontwerp;service design;design thinking;klantreis|service design;design thinking;customer journey
grafisch-ontwerp|ontwerp|grafisch ontwerp;vormgeven;infographics;adobe|graphic design;infographics
toegankelijkheid|ontwerp,digitale-overheid|toegankelijkheid;digitale toegankelijkheid;wcag;webrichtlijnen|accessibility;digital accessibility;wcag
samenwerking||samenwerken;samenwerking;teamwork|collaboration;teamwork
facilitatie|samenwerking|facilitatie;faciliteren;workshops begeleiden;sessies begeleiden;procesbegeleiding;dagvoorzitter|facilitation;workshop facilitation;moderating
onderhandelen|samenwerking|onderhandelen;onderhandelingen|negotiation;negotiating
mediation|samenwerking|mediation;conflictbemiddeling;bemiddelen|mediation;conflict resolution
netwerken|samenwerking|netwerken;relatiebeheer;accountmanagement|networking;relationship management;account management
participatie|samenwerking,beleid|participatie;burgerparticipatie;inwonersparticipatie;participatietrajecten|public participation;citizen participation;community engagement
ruimtelijke-ordening||ruimtelijke ordening;ruimtelijke planning;stedenbouw;planologie|spatial planning;urban planning
duurzaamheid||duurzaamheid;energietransitie;klimaatadaptatie;circulaire economie|sustainability;energy transition;climate adaptation;circular economy
sociaal-domein||sociaal domein;wmo;jeugdzorg;participatiewet|social services;social domain;youth care
veiligheid||openbare orde en veiligheid;veiligheid;oov;handhaving|public order and safety;safety;enforcement
crisisbeheersing|veiligheid|crisisbeheersing;crisismanagement;calamiteitenplan|crisis management;emergency management
europese-zaken||Europese zaken;eu-beleid;europa;brussel|european affairs;eu policy
internationale-samenwerking||internationale samenwerking;ontwikkelingssamenwerking;diplomatie|international cooperation;development cooperation;diplomacy
leidinggeven||leidinggeven;leiderschap;management;teamleider;manager|leadership;management;people management
secretariaat||secretariaat;notuleren;verslaglegging;agendabeheer|secretarial work;minute taking;note taking
klantcontact||klantcontact;dienstverlening;klantenservice;publieksdienstverlening|customer service;public service delivery;customer contact
)";

// A few common government occupations, so skills can be inferred without an
// ESCO import (Analyzer::Infer): slug | Dutch labels | English labels |
// essential skill slugs. Ids become "klussen-occupation:<slug>".
constexpr std::string_view kDefaultOccupations = R"(
beleidsmedewerker|beleidsmedewerker;beleidsadviseur;beleidsambtenaar|policy officer;policy advisor;policy adviser|beleidsadvies,beleidsontwikkeling,schrijven,stakeholdermanagement,bestuursadvisering
jurist|jurist;juridisch medewerker;wetgevingsjurist|lawyer;legal counsel;legal officer|juridisch-advies,bestuursrecht,wetgeving,schrijven
data-analist|data-analist;data analist;datawetenschapper|data analyst;data scientist|data-analyse,statistiek,sql,python,datavisualisatie
informatiebeveiliger|informatiebeveiliger;informatiebeveiligingsadviseur;security officer|information security officer;security officer|informatiebeveiliging,risicoanalyse-informatiebeveiliging,privacy,security-awareness
privacy-officer|privacyjurist;privacy officer;privacyadviseur|privacy officer;data protection officer|privacy,dpia,juridisch-advies
communicatieadviseur|communicatieadviseur;communicatiemedewerker;woordvoerder|communications advisor;communications officer;spokesperson|communicatie,schrijven,woordvoering,social-media,crisiscommunicatie
projectleider|projectleider;projectmanager;programmamanager|project manager;project leader;programme manager|projectmanagement,planning,stakeholdermanagement,risicomanagement
softwareontwikkelaar|softwareontwikkelaar;programmeur;softwareontwikkelaar|software developer;programmer|softwareontwikkeling,testen,api,sql,devops
archivaris|archivaris;informatiebeheerder;documentalist|archivist;records manager|archivering,informatiehuishouding,documentmanagement,metadata
controller|controller;business controller;financieel adviseur|controller;financial advisor|financien,begroting,planning-control,financiele-analyse
hr-adviseur|hr-adviseur;personeelsadviseur;recruiter|hr advisor;hr adviser;recruiter|hr,werving-selectie,arbeidsrecht,leren-ontwikkelen
inkoper|inkoper;inkoopadviseur;contractmanager|buyer;procurement officer;purchaser|inkoop,contractrecht,onderhandelen
ux-ontwerper|ux-ontwerper;interactieontwerper;ux-onderzoeker|ux designer;ux researcher|ux-ontwerp,ux-onderzoek,dienstontwerp,toegankelijkheid
gis-specialist|gis-specialist;gis-medewerker;geo-informatiespecialist|gis specialist;gis analyst|gis,datamanagement,ruimtelijke-ordening
)";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(separator, start);
    parts.push_back(
        Trim(s.substr(start, end == std::string_view::npos ? s.size() - start : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

Status AddLabels(Vocabulary* vocabulary, ConceptId id, Lang lang, std::string_view list) {
  bool first = true;
  for (std::string_view label : Split(list, ';')) {
    if (label.empty()) continue;
    KL_RETURN_IF_ERROR(vocabulary->AddLabel(
        id, lang, first ? LabelKind::kPreferred : LabelKind::kAlternative, label));
    first = false;
  }
  return Status::Ok();
}

}  // namespace

Status AddDefaultConcepts(Vocabulary* vocabulary) {
  std::vector<std::pair<ConceptId, std::string_view>> broader_lists;
  for (std::string_view line : Split(kDefaultConcepts, '\n')) {
    if (line.empty()) continue;
    auto columns = Split(line, '|');
    if (columns.size() != 4) return Internal("default vocabulary: bad line: " + std::string(line));
    KL_ASSIGN_OR_RETURN(ConceptId id, vocabulary->AddConcept("klussen:" + std::string(columns[0])));
    KL_RETURN_IF_ERROR(AddLabels(vocabulary, id, Lang::kNl, columns[2]));
    KL_RETURN_IF_ERROR(AddLabels(vocabulary, id, Lang::kEn, columns[3]));
    broader_lists.emplace_back(id, columns[1]);
  }
  for (auto [id, list] : broader_lists) {
    for (std::string_view slug : Split(list, ',')) {
      if (slug.empty()) continue;
      auto broader = vocabulary->Find("klussen:" + std::string(slug));
      if (!broader) return Internal("default vocabulary: unknown broader " + std::string(slug));
      KL_RETURN_IF_ERROR(vocabulary->AddBroader(id, *broader));
    }
  }
  for (std::string_view line : Split(kDefaultOccupations, '\n')) {
    if (line.empty()) continue;
    auto columns = Split(line, '|');
    if (columns.size() != 4) return Internal("default occupations: bad line: " + std::string(line));
    KL_ASSIGN_OR_RETURN(OccupationId id,
                        vocabulary->AddOccupation("klussen-occupation:" + std::string(columns[0])));
    for (auto [lang, list] : {std::pair{Lang::kNl, columns[1]}, std::pair{Lang::kEn, columns[2]}}) {
      bool first = true;
      for (std::string_view label : Split(list, ';')) {
        if (label.empty()) continue;
        KL_RETURN_IF_ERROR(vocabulary->AddOccupationLabel(
            id, lang, first ? LabelKind::kPreferred : LabelKind::kAlternative, label));
        first = false;
      }
    }
    for (std::string_view slug : Split(columns[3], ',')) {
      auto skill = vocabulary->Find("klussen:" + std::string(slug));
      if (!skill) return Internal("default occupations: unknown skill " + std::string(slug));
      KL_RETURN_IF_ERROR(vocabulary->AddOccupationSkill(id, *skill, true));
    }
  }
  return Status::Ok();
}

std::shared_ptr<const Vocabulary> DefaultVocabulary() {
  static const std::shared_ptr<const Vocabulary> vocabulary = [] {
    auto built = std::make_shared<Vocabulary>();
    Status status = AddDefaultConcepts(built.get());
    if (!status.ok()) std::abort();  // the table is part of the code: a bad line is a bug
    return built;
  }();
  return vocabulary;
}

}  // namespace klussen::match
