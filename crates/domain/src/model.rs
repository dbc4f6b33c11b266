//! The five-phase collaboration model and the 10 pieces of good advice, as typed data.
//!
//! Every item has a stable string id: ticks made on other devices refer to these ids,
//! so an id must never change once released (`tests/it/ids.txt` guards that).

use serde::{Deserialize, Serialize};

/// The two languages of the UI; Danish first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language of a device whose user has not chosen one, from its preferred
    /// languages (`navigator.languages`, most preferred first): the first that is
    /// Danish, or a Nordic language whose readers read Danish, or English,
    /// decides; a device in any other language gets English, one that says nothing
    /// Danish. (index.html's first paint applies the same rule before the app comes.)
    pub fn of_device<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        let mut any = false;
        for tag in preferred {
            any = true;
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            match primary.to_ascii_lowercase().as_str() {
                "da" | "fo" | "kl" | "nb" | "nn" | "no" | "sv" => return Lang::Da,
                "en" => return Lang::En,
                _ => {}
            }
        }
        if any { Lang::En } else { Lang::Da }
    }
}

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub da: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Da => self.da,
            Lang::En => self.en,
        }
    }
}

pub(crate) const fn t(da: &'static str, en: &'static str) -> Text {
    Text { da, en }
}

/// The four kinds of partner in the co-creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Municipality,
    CareService,
    VolunteerCentre,
    Company,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 4] = [
        PartnerKind::Municipality,
        PartnerKind::CareService,
        PartnerKind::VolunteerCentre,
        PartnerKind::Company,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PartnerKind::Municipality => "municipality",
            PartnerKind::CareService => "care_service",
            PartnerKind::VolunteerCentre => "volunteer_centre",
            PartnerKind::Company => "company",
        }
    }

    pub fn from_key(key: &str) -> Option<PartnerKind> {
        PartnerKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> Text {
        match self {
            PartnerKind::Municipality => t("Kommune", "Municipality"),
            PartnerKind::CareService => t("Socialt tilbud", "Care service"),
            PartnerKind::VolunteerCentre => t("Frivilligcenter", "Volunteer centre"),
            PartnerKind::Company => t("Virksomhed", "Company"),
        }
    }

    /// A programme has exactly one municipality and at most one volunteer centre.
    pub fn is_single(self) -> bool {
        matches!(
            self,
            PartnerKind::Municipality | PartnerKind::VolunteerCentre
        )
    }
}

/// The kind of a social care service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareKind {
    Residential,
    DayService,
    DropIn,
}

impl CareKind {
    pub const ALL: [CareKind; 3] = [
        CareKind::Residential,
        CareKind::DayService,
        CareKind::DropIn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CareKind::Residential => "residential",
            CareKind::DayService => "day_service",
            CareKind::DropIn => "drop_in",
        }
    }

    pub fn from_key(key: &str) -> Option<CareKind> {
        CareKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> Text {
        match self {
            CareKind::Residential => t("Bosted/botilbud", "Residential home"),
            CareKind::DayService => t("Dagtilbud", "Day service"),
            CareKind::DropIn => t("Værested", "Drop-in centre"),
        }
    }
}

/// One partner's task in one phase.
#[derive(Debug, PartialEq, Eq)]
pub struct Task {
    pub id: &'static str,
    pub partner: PartnerKind,
    pub text: Text,
}

/// A tip for everyone in a phase, or a reminder for one kind of partner.
#[derive(Debug, PartialEq, Eq)]
pub struct Tip {
    pub id: &'static str,
    pub partner: Option<PartnerKind>,
    pub text: Text,
}

/// One of the five phases of the collaboration model.
#[derive(Debug, PartialEq, Eq)]
pub struct Phase {
    pub number: u8,
    pub id: &'static str,
    pub title: Text,
    pub focus: Text,
    /// What the phase is about, as the guide explains it (in our own words).
    pub intro: Text,
    pub tasks: &'static [Task],
    pub tips: &'static [Tip],
}

impl Phase {
    pub fn tasks_for(&self, partner: PartnerKind) -> impl Iterator<Item = &'static Task> + use<> {
        let tasks: &'static [Task] = self.tasks;
        tasks.iter().filter(move |task| task.partner == partner)
    }
}

/// One of the 10 pieces of good advice each care service ticks off.
#[derive(Debug, PartialEq, Eq)]
pub struct Advice {
    pub number: u8,
    pub id: &'static str,
    pub title: Text,
    pub practice: Text,
}

use PartnerKind::{CareService as C, Company as B, Municipality as M, VolunteerCentre as V};

const fn mk_task(
    id: &'static str,
    partner: PartnerKind,
    da: &'static str,
    en: &'static str,
) -> Task {
    Task {
        id,
        partner,
        text: t(da, en),
    }
}

const fn mk_tip(
    id: &'static str,
    partner: Option<PartnerKind>,
    da: &'static str,
    en: &'static str,
) -> Tip {
    Tip {
        id,
        partner,
        text: t(da, en),
    }
}

const FOLLOW_UP_DA: &str = "Følg op på kommunens henvendelse";
const FOLLOW_UP_EN: &str = "Follow up on the municipality's invitation";

pub static PHASES: [Phase; 5] = [
    Phase {
        number: 1,
        id: "p1",
        title: t("Forberedelse", "Preparation"),
        focus: t("Opstart og konkrete mål", "Start-up and concrete goals"),
        intro: t(
            "Et godt samarbejde begynder med en god forberedelse. Kommunen tager ansvaret for opstarten med politisk opbakning i ryggen og samler de sociale tilbud, frivilligcentret og virksomhederne. Hvert tilbud sætter klare mål sammen med borgerne, medarbejderne og ledelsen: borgernes egne ønsker til IT-hjælp er i centrum, og de gør det klart, hvad de frivillige kan hjælpe med.",
            "A good collaboration starts with good preparation. The municipality takes charge of the start, backed politically, and brings the care services, the volunteer centre and the companies together. Each care service sets clear goals with its residents, staff and management: the residents' own wishes for IT help come first, and they make clear what volunteers can help with.",
        ),
        tasks: &[
            mk_task(
                "p1.municipality.take_initiative",
                M,
                "Tag initiativ til at starte samarbejdet",
                "Take the initiative to start the collaboration",
            ),
            mk_task(
                "p1.municipality.political_backing",
                M,
                "Sikr politisk opbakning",
                "Secure political backing",
            ),
            mk_task(
                "p1.municipality.open_dialogue",
                M,
                "Start en dialog med sociale tilbud, frivilligcenter og virksomheder",
                "Open a dialogue with care services, the volunteer centre and companies",
            ),
            mk_task(
                "p1.municipality.appoint_project_lead",
                M,
                "Udpeg en projektleder",
                "Appoint a project lead",
            ),
            mk_task(
                "p1.care_service.follow_up_dialogue",
                C,
                FOLLOW_UP_DA,
                FOLLOW_UP_EN,
            ),
            mk_task(
                "p1.care_service.goals_with_citizens",
                C,
                "Sæt mål sammen med borgerne",
                "Set goals together with the citizens",
            ),
            mk_task(
                "p1.care_service.map_needs",
                C,
                "Kortlæg behov og opgaver til de frivillige",
                "Map needs and tasks for the volunteers",
            ),
            mk_task(
                "p1.care_service.appoint_contact",
                C,
                "Udpeg en kontaktperson for de IT-frivillige",
                "Appoint a contact person for the IT volunteers",
            ),
            mk_task(
                "p1.volunteer_centre.follow_up_dialogue",
                V,
                FOLLOW_UP_DA,
                FOLLOW_UP_EN,
            ),
            mk_task(
                "p1.volunteer_centre.share_knowledge",
                V,
                "Bidrag med viden om frivillighed",
                "Contribute knowledge about volunteering",
            ),
            mk_task(
                "p1.volunteer_centre.clarify_role",
                V,
                "Afklar og fortæl om jeres egen rolle i samarbejdet",
                "Clarify and communicate your own role in the collaboration",
            ),
            mk_task(
                "p1.company.follow_up_dialogue",
                B,
                FOLLOW_UP_DA,
                FOLLOW_UP_EN,
            ),
            mk_task(
                "p1.company.declare_interest",
                B,
                "Meld jeres interesse",
                "Declare your interest",
            ),
            mk_task(
                "p1.company.clarify_goals",
                B,
                "Afklar mål med de medarbejdere, der bliver IT-frivillige",
                "Clarify goals with the employees who become IT volunteers",
            ),
        ],
        tips: &[
            mk_tip(
                "p1.tip.who_does_what",
                None,
                "Brug modellen til at aftale, hvem der gør hvad.",
                "Use the model to agree who does what.",
            ),
            mk_tip(
                "p1.tip.map_citizen_needs",
                None,
                "Kortlæg borgernes behov og ønsker til IT-hjælp, fx med et relationsdiagram (\"spaghettidiagram\") og et interesseskema.",
                "Map the citizens' needs and wishes for IT help, e.g. with a relationship diagram (\"spaghetti diagram\") and an interest form.",
            ),
            mk_tip(
                "p1.tip.coordinator",
                Some(M),
                "Sæt en koordinator af: 0,2 årsværk (en dag om ugen) i mindst et år.",
                "Set aside a coordinator: 0.2 FTE (one day a week) for at least a year.",
            ),
            mk_tip(
                "p1.tip.easy_to_join",
                Some(M),
                "Gør det let for tilbuddene at være med: fælles spilleregler, aftalt på et opstartsmøde.",
                "Make it easy for care services to join: common rules of play, agreed at a start-up meeting.",
            ),
            mk_tip(
                "p1.tip.internal_backing",
                Some(M),
                "Skab intern opbakning til frivillighed på handicapområdet.",
                "Build internal backing for volunteering in the disability area.",
            ),
        ],
    },
    Phase {
        number: 2,
        id: "p2",
        title: t("Rekruttering", "Recruitment"),
        focus: t("Annoncering", "Advertising"),
        intro: t(
            "Rekrutteringen afgør meget. Kommunen sender opstartsmateriale med et eksempel på et jobopslag og en velkomstfolder til tilbuddene, som tilpasser det og annoncerer på egen hjemmeside og i lokalområdet, fx på biblioteket og uddannelsessteder. Frivilligcentret, der kender til at rekruttere frivillige, tager kontakten til de mulige IT-frivillige, og virksomhederne spreder opslaget blandt deres ansatte.",
            "Recruitment decides a lot. The municipality sends the care services start-up material with a sample job posting and a welcome leaflet; they adapt it and advertise on their own website and locally, for example at the library and places of education. The volunteer centre, which knows how to recruit volunteers, handles the contact with possible IT volunteers, and the companies spread the posting among their staff.",
        ),
        tasks: &[
            mk_task(
                "p2.municipality.startup_material",
                M,
                "Send opstartsmateriale med rekrutteringsværktøjer til de sociale tilbud",
                "Send start-up material with recruitment tools to the care services",
            ),
            mk_task(
                "p2.municipality.help_job_posting",
                M,
                "Hjælp med at skrive stillingsopslaget",
                "Help write the job posting",
            ),
            mk_task(
                "p2.municipality.advertise_own_channels",
                M,
                "Annoncér på kommunens hjemmeside og sociale medier",
                "Advertise on the municipality's website and social media",
            ),
            mk_task(
                "p2.care_service.advertise_network",
                C,
                "Annoncér i jeres netværk og på nettet",
                "Advertise in your network and online",
            ),
            mk_task(
                "p2.care_service.assess_applications",
                C,
                "Vurdér ansøgningerne",
                "Assess the applications",
            ),
            mk_task(
                "p2.care_service.invite_interview",
                C,
                "Indkald til samtale",
                "Invite to interview",
            ),
            mk_task(
                "p2.care_service.report_to_centre",
                C,
                "Giv frivilligcentret besked om resultatet",
                "Report back to the volunteer centre",
            ),
            mk_task(
                "p2.volunteer_centre.advertise_external",
                V,
                "Annoncér eksternt, fx på den nationale portal for frivilligjob",
                "Advertise externally, e.g. on the national volunteer job portal",
            ),
            mk_task(
                "p2.volunteer_centre.recruit",
                V,
                "Rekruttér IT-frivillige",
                "Recruit IT volunteers",
            ),
            mk_task(
                "p2.volunteer_centre.screen",
                V,
                "Screen de frivillige",
                "Screen the volunteers",
            ),
            mk_task(
                "p2.volunteer_centre.refer",
                V,
                "Henvis de frivillige til de sociale tilbud",
                "Refer the volunteers to the care services",
            ),
            mk_task(
                "p2.company.share_material",
                B,
                "Del rekrutteringsmaterialet internt",
                "Share the recruitment material internally",
            ),
            mk_task(
                "p2.company.recruit_employees",
                B,
                "Rekruttér IT-frivillige blandt medarbejderne",
                "Recruit IT volunteers among the employees",
            ),
        ],
        tips: &[
            mk_tip(
                "p2.tip.templates",
                None,
                "Brug skabeloner til stillingsopslag og velkomstfolder.",
                "Use templates for the job posting and a welcome leaflet.",
            ),
            mk_tip(
                "p2.tip.brainstorm_channels",
                None,
                "Brainstorm på, hvor I kan annoncere: lokale medier, offentlige steder, skoler og virksomheder.",
                "Brainstorm where to advertise: local media, public places, schools and companies.",
            ),
            mk_tip(
                "p2.tip.own_network",
                None,
                "Brug stedets eget netværk.",
                "Use the home's own network.",
            ),
        ],
    },
    Phase {
        number: 3,
        id: "p3",
        title: t("Ansættelse", "Hiring"),
        focus: t("Match og samtale", "Match and interview"),
        intro: t(
            "Tilbuddet laver en samarbejdsaftale med den frivillige inden for kommunens fælles ramme, og borgerne er med hele vejen. Samtalen tager afsæt i borgernes og tilbuddets ønsker: passer den frivilliges IT-kundskaber til opgaverne, og er personen rummelig, tålmodig og initiativrig? Bagefter skaber en grundig introduktion, en aftalt kontaktperson og en prøveperiode tryghed for alle.",
            "The care service makes a collaboration agreement with the volunteer within the municipality's common frame, and the residents take part all the way. The interview starts from what the residents and the care service want: do the volunteer's IT skills fit the tasks, and are they open-minded, patient and willing to take the initiative? Afterwards a thorough introduction, an agreed contact person and a trial period make everyone feel safe.",
        ),
        tasks: &[
            mk_task(
                "p3.municipality.draft_agreement",
                M,
                "Lav et udkast til en samarbejdsaftale med fælles regler for alle sociale tilbud",
                "Draft a collaboration agreement with common rules for all care services",
            ),
            mk_task(
                "p3.municipality.collect_experience",
                M,
                "Saml erfaringer med match og samtaler på tværs af tilbuddene",
                "Collect experience with matching and interviews across the care services",
            ),
            mk_task(
                "p3.care_service.make_agreement",
                C,
                "Lav samarbejdsaftalen med de IT-frivillige",
                "Make the collaboration agreement with the IT volunteers",
            ),
            mk_task(
                "p3.care_service.hold_interview",
                C,
                "Forbered og hold samtalen (en borger og lederen deltager)",
                "Prepare and hold the interview (a citizen and the leader take part)",
            ),
            mk_task(
                "p3.care_service.criminal_record",
                C,
                "Indhent straffeattest",
                "Obtain the criminal record certificate",
            ),
            mk_task(
                "p3.care_service.confidentiality",
                C,
                "Få underskrevet erklæring om tavshedspligt",
                "Get the confidentiality declaration signed",
            ),
            mk_task(
                "p3.care_service.introduce",
                C,
                "Introducér den frivillige",
                "Introduce the volunteer",
            ),
            mk_task(
                "p3.volunteer_centre.follow_up_hirings",
                V,
                "Følg op på ansættelser hos de sociale tilbud",
                "Follow up on hirings with the care services",
            ),
            mk_task(
                "p3.volunteer_centre.advise_match",
                V,
                "Rådgiv tilbud og frivillige om et godt match med borgere og opgaver",
                "Advise care services and volunteers on a good match with citizens and tasks",
            ),
            mk_task(
                "p3.company.follow_up_employees",
                B,
                "Følg op på egne medarbejdere, der skal til samtale",
                "Follow up on your own employees who go to interview",
            ),
            mk_task(
                "p3.company.give_feedback",
                B,
                "Giv frivilligcenter og sociale tilbud feedback og forslag",
                "Give the volunteer centre and care services feedback and suggestions",
            ),
        ],
        tips: &[
            mk_tip(
                "p3.tip.skills_and_qualities",
                None,
                "Se på både IT-kompetencer og menneskelige egenskaber til samtalen: åben, tålmodig og tager initiativ.",
                "At the interview, look at IT skills and human qualities alike: open-minded, patient, takes initiative.",
            ),
            mk_tip(
                "p3.tip.thorough_intro",
                None,
                "Giv en grundig introduktion: stedet, dets pædagogik og faglighed, beboerne og personalet.",
                "Give a thorough introduction: the home, its pedagogy and philosophy, residents and staff.",
            ),
            mk_tip(
                "p3.tip.communication",
                None,
                "Aftal, hvordan I kommunikerer, og hvem der er kontaktperson.",
                "Agree how you communicate and who the contact person is.",
            ),
            mk_tip(
                "p3.tip.trial_period",
                None,
                "Aftal en gensidig prøveperiode på fx 3 måneder.",
                "Agree a mutual trial period of e.g. 3 months.",
            ),
            mk_tip(
                "p3.tip.expectations",
                None,
                "Afstem forventningerne tydeligt.",
                "Align expectations clearly.",
            ),
        ],
    },
    Phase {
        number: 4,
        id: "p4",
        title: t("Samarbejde", "Collaboration"),
        focus: t(
            "Støtte, sparring og netværk",
            "Support, sparring and network",
        ),
        intro: t(
            "Samarbejdet skaber værdi for alle, først og fremmest borgerne, og hver part bidrager løbende. Tilbuddet bakker de frivillige op med faste statusmøder og sparring i hverdagen, frivilligcentret samler de frivillige i et netværk på tværs af tilbuddene, og virksomhederne fortæller om og anerkender deres ansattes frivillige arbejde.",
            "The collaboration creates value for everyone, above all the residents, and each partner keeps contributing. The care service backs its volunteers with regular status meetings and everyday sparring, the volunteer centre gathers the volunteers in a network across the care services, and the companies talk about and recognise their employees' volunteering.",
        ),
        tasks: &[
            mk_task(
                "p4.municipality.make_visible",
                M,
                "Gør IT-frivillighed synlig internt og eksternt",
                "Make IT volunteering visible internally and externally",
            ),
            mk_task(
                "p4.municipality.support_it_needs",
                M,
                "Støt tilbuddenes IT-behov: infrastruktur og penge til social IT",
                "Support the care services' IT needs: infrastructure and money for social IT",
            ),
            mk_task(
                "p4.municipality.refund_network",
                M,
                "Refundér frivilligcentrets udgifter til de frivilliges netværk",
                "Refund the volunteer centre's costs of the volunteers' network",
            ),
            mk_task(
                "p4.care_service.status_meetings",
                C,
                "Hold faste statusmøder med den frivillige, ledelsen og kontaktpersonen",
                "Hold regular status meetings with the volunteer, management and contact person",
            ),
            mk_task(
                "p4.care_service.everyday_support",
                C,
                "Støt den frivillige i hverdagen",
                "Support the volunteer in everyday work",
            ),
            mk_task(
                "p4.care_service.professional_sparring",
                C,
                "Giv faglig sparring: pædagogik og hvordan hver borger kommunikerer",
                "Give professional sparring: pedagogy and how each citizen communicates",
            ),
            mk_task(
                "p4.volunteer_centre.run_network",
                V,
                "Driv et netværk for IT-frivillige på tværs af tilbuddene",
                "Run a network for IT volunteers across all care services",
            ),
            mk_task(
                "p4.volunteer_centre.spar_municipality",
                V,
                "Giv kommunen løbende sparring på samarbejdet",
                "Give the municipality ongoing sparring on the collaboration",
            ),
            mk_task(
                "p4.company.talk_internally",
                B,
                "Fortæl internt om IT-frivillighed: blogs, oplæg, videoer på intranettet",
                "Talk about IT volunteering internally: blogs, talks, intranet videos",
            ),
            mk_task(
                "p4.company.recognise_employees",
                B,
                "Giv anerkendelse og feedback til medarbejdere, der er frivillige",
                "Give recognition and feedback to employees who volunteer",
            ),
        ],
        tips: &[
            mk_tip(
                "p4.tip.status_every_six_months",
                Some(M),
                "Hold statusmøder hvert halve år med alle parter.",
                "Hold status meetings with all partners every six months.",
            ),
            mk_tip(
                "p4.tip.organiser",
                Some(V),
                "Find en frivillig tovholder til det opsøgende arbejde.",
                "Find a volunteer organiser for outreach.",
            ),
            mk_tip(
                "p4.tip.offer_collaboration",
                Some(V),
                "Tilbyd de sociale tilbud et samarbejde.",
                "Offer the care services collaboration.",
            ),
            mk_tip(
                "p4.tip.keep_network",
                Some(V),
                "Tilbyd de frivillige et netværk, og hold det i gang, også når ingen spørger efter det.",
                "Offer the volunteers a network and keep it going, even when nobody asks for it.",
            ),
        ],
    },
    Phase {
        number: 5,
        id: "p5",
        title: t("Opfølgning", "Follow-up"),
        focus: t("Status og justering", "Status and adjustment"),
        intro: t(
            "Når samarbejdet er i gang, følger kommunen op: den samler erfaringer, sørger for videndeling og indkalder parterne til evaluering, så den fælles model bliver justeret efter, hvad tilbuddene og de frivillige har brug for. Opfølgningsspørgsmålene blandt tippene er et godt sted at begynde.",
            "Once the collaboration is under way, the municipality follows up: it gathers experience, makes sure knowledge is shared and invites the partners to evaluate, so that the common model is adjusted to what the care services and the volunteers need. The follow-up questions among the tips are a good place to start.",
        ),
        tasks: &[
            mk_task(
                "p5.municipality.initiate_evaluation",
                M,
                "Tag initiativ til fælles evaluering og videndeling",
                "Take the initiative to common evaluation and knowledge sharing",
            ),
            mk_task(
                "p5.municipality.evaluation_seminar",
                M,
                "Hold et evalueringsseminar for alle",
                "Hold an evaluation seminar with everyone",
            ),
            mk_task(
                "p5.care_service.evaluation_talks",
                C,
                "Hold evalueringssamtaler med beboere, frivillige og personale",
                "Hold evaluation talks with residents, volunteers and staff",
            ),
            mk_task(
                "p5.care_service.adjust",
                C,
                "Følg op på evalueringerne og justér",
                "Follow up on the evaluations and adjust",
            ),
            mk_task(
                "p5.care_service.suggestions",
                C,
                "Kom med konstruktive forslag",
                "Contribute constructive suggestions",
            ),
            mk_task(
                "p5.volunteer_centre.evaluate_role",
                V,
                "Evaluér jeres rolle som rekrutteringskanal",
                "Evaluate your role as recruitment channel",
            ),
            mk_task(
                "p5.volunteer_centre.gather_network",
                V,
                "Saml de frivilliges netværk og følg op på samarbejdet og de frivilliges arbejde",
                "Gather the volunteers' network and follow up on the collaboration and the volunteers' work",
            ),
            mk_task(
                "p5.company.evaluate_process",
                B,
                "Evaluér jeres interne proces",
                "Evaluate your internal process",
            ),
            mk_task(
                "p5.company.advise_municipality",
                B,
                "Giv kommunen råd om samarbejdet",
                "Give the municipality advice on the collaboration",
            ),
        ],
        tips: &[
            mk_tip(
                "p5.tip.q_lesson",
                None,
                "Spørg alle parter: Hvad er den vigtigste læring indtil nu?",
                "Ask all partners: what is the most important lesson so far?",
            ),
            mk_tip(
                "p5.tip.q_continue",
                None,
                "Hvordan kan samarbejdet bedst fortsætte?",
                "How can the collaboration best continue?",
            ),
            mk_tip(
                "p5.tip.q_influence",
                None,
                "Hvordan kan borgerne få mere indflydelse?",
                "How can the citizens get more influence?",
            ),
            mk_tip(
                "p5.tip.q_strengthen",
                None,
                "Hvordan kan de 5 faser styrkes?",
                "How can the 5 phases be strengthened?",
            ),
            mk_tip(
                "p5.tip.q_outside_help",
                None,
                "Hvilken hjælp eller inspiration udefra vil vi gerne have?",
                "What outside help or inspiration would we like?",
            ),
            mk_tip(
                "p5.tip.q_other_areas",
                None,
                "Hvordan kan IT-frivillige skabe værdi i andre dele af kommunen?",
                "How can IT volunteers create value in other parts of the municipality?",
            ),
            mk_tip(
                "p5.tip.evaluation_report",
                Some(M),
                "Skriv en evalueringsrapport til byrådet.",
                "Write an evaluation report to the city council.",
            ),
            mk_tip(
                "p5.tip.attractive",
                Some(B),
                "Overvej, hvordan I gør frivillighed attraktivt for medarbejderne.",
                "Consider how to make volunteering attractive to employees.",
            ),
        ],
    },
];

pub static ADVICE: [Advice; 10] = [
    Advice {
        number: 1,
        id: "advice.01.know_when",
        title: t(
            "Beboere og personale ved altid, hvornår de IT-frivillige kommer",
            "Residents and staff always know when the IT volunteers are coming",
        ),
        practice: t(
            "Gør aftalerne synlige, fx på en tavle. Hils på de frivillige, når de kommer, og byd på en kop kaffe.",
            "Make the agreements visible, e.g. on a board. Greet the volunteers when they arrive and offer them coffee.",
        ),
    },
    Advice {
        number: 2,
        id: "advice.02.introduction",
        title: t(
            "De frivillige får en grundig introduktion til stedet",
            "Volunteers get a thorough introduction to the home",
        ),
        practice: t(
            "Fortæl om rutiner, beboere, pædagogik, IT og faciliteter, og om hvad de frivillige må og ikke må. Giv tid til at møde beboerne.",
            "Explain routines, residents, pedagogy, IT and facilities, and what volunteers may and may not do. Give them time to meet the residents.",
        ),
    },
    Advice {
        number: 3,
        id: "advice.03.clear_tasks",
        title: t(
            "De frivilliges opgaver er tydeligt beskrevet",
            "The volunteers' tasks are clearly defined",
        ),
        practice: t(
            "Skriv ned, hvad beboerne ønsker, og hvad stedet forventer. Opgaverne skal også være tydelige for beboerne.",
            "Write down what the residents want and what the home expects. The tasks must be clear to the residents too.",
        ),
    },
    Advice {
        number: 4,
        id: "advice.04.open_to_new",
        title: t(
            "Kommune og tilbud er åbne over for nye måder at bruge IT på",
            "Municipality and care service are open to new ways of working with IT",
        ),
        practice: t(
            "Tag godt imod de frivilliges spørgsmål, idéer og forslag.",
            "Welcome the volunteers' questions, ideas and suggestions.",
        ),
    },
    Advice {
        number: 5,
        id: "advice.05.backing",
        title: t(
            "Ledelse og personale bakker tydeligt op om de frivillige",
            "Management and staff clearly back the volunteers",
        ),
        practice: t(
            "Gør det klart, hvem der har ledelsesansvaret, hvem der er kontaktperson, og hvem der gør hvad.",
            "Make it clear who has management responsibility, who the contact person is and who does what.",
        ),
    },
    Advice {
        number: 6,
        id: "advice.06.rules",
        title: t(
            "De frivillige kender stedets etiske, faglige og personalemæssige regler",
            "Volunteers know the home's ethical, professional and staff rules",
        ),
        practice: t(
            "Vis dem personalehåndbogen og de etiske retningslinjer, og tal om dem tidligt.",
            "Show them the staff handbook and the ethical guidelines, and talk about them early.",
        ),
    },
    Advice {
        number: 7,
        id: "advice.07.invitations",
        title: t(
            "Det er klart, hvad de frivillige er inviteret til",
            "It is clear what volunteers are invited to",
        ),
        practice: t(
            "Fortæl, hvilke møder, samtaler og sociale arrangementer de er velkomne til.",
            "Tell them which meetings, talks and social events they are welcome at.",
        ),
    },
    Advice {
        number: 8,
        id: "advice.08.appreciation",
        title: t(
            "De frivilliges indsats bliver værdsat, hele tiden",
            "The volunteers' effort is appreciated, continually",
        ),
        practice: t(
            "Sig tak. Sæt et foto af dem på personaletavlen, giv en lille julegave, og lad dem fortælle om deres arbejde på et personalemøde.",
            "Say thank you. Put their photo on the staff board, give a small Christmas gift, and let them tell about their work at a staff meeting.",
        ),
    },
    Advice {
        number: 9,
        id: "advice.09.chat",
        title: t(
            "De frivillige kan få en snak om tvivl og bekymringer",
            "Volunteers can get a chat about doubts and concerns",
        ),
        practice: t(
            "Med kontaktpersonen eller ledelsen. Sig tydeligt, at de altid må spørge.",
            "With the contact person or management. Say clearly that they may always ask.",
        ),
    },
    Advice {
        number: 10,
        id: "advice.10.follow_up",
        title: t(
            "Der bliver altid fulgt op på de frivilliges arbejde med beboerne",
            "The volunteers' work with the residents is always followed up",
        ),
        practice: t(
            "Giv konstruktiv feedback, og del de gode eksempler med personale og pårørende.",
            "Give constructive feedback, and share good examples with staff and relatives.",
        ),
    },
];

pub fn phase(number: u8) -> Option<&'static Phase> {
    PHASES.iter().find(|p| p.number == number)
}

pub fn task(id: &str) -> Option<&'static Task> {
    PHASES
        .iter()
        .flat_map(|p| p.tasks.iter())
        .find(|task| task.id == id)
}

pub fn advice(id: &str) -> Option<&'static Advice> {
    ADVICE.iter().find(|a| a.id == id)
}

/// Every stable id in the model, in order: phases, their tasks and tips, then the advice.
pub fn all_ids() -> Vec<&'static str> {
    let mut ids = Vec::new();
    for phase in &PHASES {
        ids.push(phase.id);
        ids.extend(phase.tasks.iter().map(|task| task.id));
        ids.extend(phase.tips.iter().map(|tip| tip.id));
    }
    ids.extend(ADVICE.iter().map(|a| a.id));
    ids
}
