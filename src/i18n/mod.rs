//! The translation table: every visible UI string, in Danish and English.
//! The model's own texts (phases, tasks, advice) live with the model in `samskab_domain`.

use samskab_domain::onboarding::Flag;
use samskab_domain::results::StageBucket;
use samskab_domain::{EntityKind, Lang, Problem, Progress, Text};

use crate::time::format_date;

macro_rules! table {
    ($(#[$doc:meta])* $name:ident { $($key:ident => $da:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$key),*];

            pub fn text(self) -> Text {
                match self { $($name::$key => Text { da: $da, en: $en }),* }
            }
        }

        impl Translated for $name {
            fn text(self) -> Text {
                $name::text(self)
            }
        }
    };
}

/// A key of one of the tables.
pub trait Translated: Copy {
    fn text(self) -> Text;
}

table! {
    /// A UI string the main module shows before the app has come (see `crate::start`):
    /// the welcome's, and those of the shell's parts it shares. A table of its own, so
    /// the main module carries these and not every screen's.
    Early {
    AppName => "Samskab", "Samskab";
    SwitchLanguage => "English", "Dansk";
    SwitchLanguageLabel => "Switch to English", "Skift til dansk";
    WelcomeTitle => "Velkommen til Samskab", "Welcome to Samskab";
    WelcomeIntro => "Samskab fører kommunen, de sociale tilbud, frivilligcentret og virksomhederne gennem samarbejdet om IT-frivillige, fase for fase: hvem gør hvad, de 10 gode råd, og de frivilliges opstart og besøg. Alt gemmes på enheden og virker uden net.", "Samskab takes the municipality, the care services, the volunteer centre and the companies through their collaboration on IT volunteers, phase by phase: who does what, the 10 pieces of good advice, and the volunteers' onboarding and visits. Everything is kept on the device and works without a network.";
    WelcomeCreate => "Opret et program", "Create a programme";
    WelcomeCreateFor => "Til kommunens koordinator, der sætter samarbejdet i gang.", "For the municipality's coordinator, who starts the collaboration.";
    JoinHeading => "Deltag med en invitationskode", "Join with an invite code";
    WelcomeJoinFor => "Til tilbud, frivilligcenter, virksomheder og frivillige, der har fået en kode af koordinatoren.", "For care services, the volunteer centre, companies and volunteers who got a code from the coordinator.";
    WelcomeRestore => "Gendan fra en sikkerhedskopi", "Restore from a backup";
    WelcomeRestoreFor => "Har du en sikkerhedskopi fra Samskab, får du dine data tilbage på denne enhed.", "If you have a backup from Samskab, you get your data back on this device.";
    Loading => "Henter…", "Loading…";
    ErrChunkApp => "Appen kunne ikke hentes: enheden er uden net, eller der er kommet en ny version. Prøv igen, når der er net; hjælper det ikke, så genindlæs.", "The app could not be fetched: the device is offline, or a new version has come out. Try again when there is a network; if that does not help, reload.";
    Reload => "Genindlæs", "Reload";
    Offline => "Offline — ændringer gemmes på enheden", "Offline — changes are saved on this device";
    OfflineNotReady => "Offline — ændringer gemmes på enheden, men appen kan ikke startes igen uden net endnu: luk ikke siden", "Offline — changes are saved on this device, but the app cannot start again without a network yet: do not close the page";
    OfflineNotYet => "Ikke klar til offline endnu — bliv på nettet et øjeblik", "Not ready for offline use yet — stay online a moment";
    OfflineReadyNow => "Klar til brug uden net", "Ready to use without a network";
    Understood => "OK", "OK";
    ErrChunk => "Denne side kunne ikke hentes: enheden er uden net, og siden var ikke gemt på den endnu, eller der er kommet en ny version. Genindlæs, når der er net.", "This page could not be fetched: the device is offline and did not have the page stored yet, or a new version has come out. Reload when there is a network.";
    }
}

table! {
    /// A UI string of the app.
    Key {
    NavOverview => "Overblik", "Overview";
    NavPhases => "Faser", "Phases";
    NavAdvice => "Gode råd", "Good advice";
    NavPartners => "Parter", "Partners";
    NavSettings => "Opsætning", "Settings";
    NavVolunteers => "Frivillige", "Volunteers";
    NavVisits => "Besøg", "Visits";
    NavMe => "Mig", "Me";
    WhoComesWhen => "Hvem kommer hvornår", "Who comes when";
    KioskLink => "Tavle til fællesstuen", "Board for the common room";
    NobodyThisDay => "Ingen besøg", "No visits";
    BoardNow => "Nu", "Now";
    BoardNext => "Næste", "Next";
    BoardPast => "(slut)", "(over)";
    BoardClock => "Klokken", "The time";
    Today => "I dag", "Today";
    WhoAreYou => "Hvem er du? Vælg dig selv, så viser denne enhed dine besøg og opgaver.", "Who are you? Choose yourself, and this device shows your visits and tasks.";
    NotMe => "Det er ikke mig", "This is not me";
    Hello => "Hej {name}", "Hello {name}";
    NextVisit => "Dit næste besøg", "Your next visit";
    NoNextVisit => "Du har ingen planlagte besøg.", "You have no planned visits.";
    ReportTo => "Meld dig hos {name}", "Report to {name}";
    MyVisits => "Dine kommende besøg", "Your coming visits";
    MySteps => "Dine manglende opstartsskridt", "Your open onboarding steps";
    MyHours => "Dine timer: {month} timer denne måned, {year} i år", "Your hours: {month} this month, {year} this year";
    AddToCalendar => "Føj til kalender", "Add to calendar";
    AddAllToCalendar => "Føj alle til kalenderen", "Add all to the calendar";
    VolunteerAt => "IT-frivillig på {place}", "IT volunteer at {place}";
    PlanVisit => "Planlæg besøg", "Plan a visit";
    Volunteer => "Frivillig", "Volunteer";
    ChooseVolunteer => "Vælg frivillig…", "Choose a volunteer…";
    CareService => "Socialt tilbud", "Care service";
    FirstDate => "Dato (første gang)", "Date (first time)";
    StartTime => "Fra kl.", "From";
    EndTime => "Til kl.", "Until";
    Repeats => "Gentages", "Repeats";
    RepeatOnce => "Kun én gang", "Just once";
    RepeatWeekly => "Hver uge", "Every week";
    RepeatEveryOtherWeek => "Hver anden uge", "Every other week";
    RepeatMonthly => "Hver måned, samme ugedag", "Monthly, same weekday";
    UntilDate => "Til og med dato", "Until date";
    Activity => "Planlagt aktivitet", "Planned activity";
    DoubleBooked => "{name} er allerede booket på samme tid: {when}", "{name} is already booked at the same time: {when}";
    SaveAnyway => "Gem alligevel", "Save anyway";
    Upcoming => "Besøg de næste fire uger", "Visits in the next four weeks";
    Unregistered => "Afholdt? Mangler registrering", "Held? Not yet recorded";
    NoVisits => "Ingen planlagte besøg.", "No planned visits.";
    MarkHeld => "Afholdt", "Held";
    Held => "Afholdt", "Held";
    Cancelled => "Aflyst", "Cancelled";
    CancelledBy => "Aflyst af {by}", "Cancelled by {by}";
    DoneVisits => "Afholdte og aflyste besøg", "Held and cancelled visits";
    DoneTotals => "{held} afholdt, {hours} timer, {residents} beboere · {cancelled} aflyst", "{held} held, {hours} hours, {residents} residents · {cancelled} cancelled";
    NoDoneVisits => "Ingen afholdte eller aflyste besøg i perioden.", "No held or cancelled visits in this period.";
    Period => "Periode", "Period";
    Week => "Uge", "Week";
    Month => "Måned", "Month";
    PreviousPeriod => "Forrige periode", "Previous period";
    NextPeriod => "Næste periode", "Next period";
    CancelVisit => "Aflys", "Cancel visit";
    CancelQuestion => "Aflys dette besøg? Tilbuddet og koordinatoren får besked.", "Cancel this visit? The care service and the coordinator are told.";
    WhoCancels => "Hvem aflyser", "Who cancels";
    CancelReason => "Grund", "Reason";
    ConfirmCancel => "Aflys besøget", "Cancel the visit";
    KeepVisit => "Behold besøget", "Keep the visit";
    HeldSummary => "Afholdt: {hours} timer, {residents} beboere", "Held: {hours} hours, {residents} residents";
    Hours => "Timer brugt", "Hours spent";
    Residents => "Antal beboere, der deltog (kun antal)", "Residents who took part (a number only)";
    WhatWasDone => "Hvad blev der lavet?", "What was done?";
    AddVolunteer => "Tilføj frivillig", "Add volunteer";
    EditVolunteer => "Redigér oplysninger", "Edit details";
    Phone => "Telefon", "Phone";
    Email => "E-mail", "E-mail";
    Address => "Adresse", "Address";
    Map => "Kort", "Map";
    OurDetails => "Vores oplysninger", "Our details";
    MapOf => "Kort over", "Map of";
    CareServicesVisited => "Sociale tilbud, den frivillige kommer på", "Care services the volunteer visits";
    ChooseAtLeastOne => "Vælg mindst ét tilbud.", "Choose at least one care service.";
    FromCompany => "Kommer fra virksomhed", "Comes from company";
    NoCompany => "Ingen", "None";
    Skills => "IT-kompetencer og interesser", "IT skills and interests";
    Availability => "Hvornår kan den frivillige (fri tekst)", "When the volunteer is available (free text)";
    StageOnboarding => "Under opstart", "Onboarding";
    StageActive => "Aktive", "Active";
    StagePaused => "På pause", "Paused";
    StageLeft => "Stoppet", "Left";
    NextStep => "Næste skridt: {step}", "Next step: {step}";
    FlagStuck => "Venter siden {date}: {step}", "Waiting since {date}: {step}";
    FlagTrial => "Prøveperioden slutter {date} — husk evalueringen", "The trial period ends {date} — remember the review";
    FlagConsent => "Samtykket til straffeattest fra {date} er over et år gammelt", "The criminal record consent from {date} is over a year old";
    FlagStatusMeeting => "Statusmøde skal holdes senest {date}", "A status meeting is due by {date}";
    Reminders => "Påmindelser", "Reminders";
    ShowMore => "Vis {n} flere ({left} tilbage)", "Show {n} more ({left} left)";
    AllCareServices => "Alle tilbud", "All care services";
    RemindersCount => "Påmindelser: {n}", "Reminders: {n}";
    NoReminders => "Ingen påmindelser lige nu.", "No reminders right now.";
    ReminderToday => "I dag {time}: {name} på {place}", "Today {time}: {name} at {place}";
    CancelledReminder => "{by} har aflyst {when}: {name} på {place}", "{by} cancelled {when}: {name} at {place}";
    CancelledReminderAnon => "Aflyst {when}: {name} på {place}", "Cancelled {when}: {name} at {place}";
    CancelledBecause => "{text}. Grund: {reason}", "{text}. Reason: {reason}";
    ReminderTomorrow => "I morgen {time}: {name} på {place}", "Tomorrow {time}: {name} at {place}";
    FollowUp => "Prøveperiode og statusmøder", "Trial period and status meetings";
    TrialLength => "Prøveperiodens længde i måneder", "Length of the trial period in months";
    LastStatusMeeting => "Sidste statusmøde: {date}.", "Last status meeting: {date}.";
    NextStatusMeeting => "Næste statusmøde senest {date}.", "Next status meeting by {date}.";
    StatusMeetingHeld => "Statusmøde holdt", "Status meeting held";
    Photo => "Foto", "Photo";
    ChoosePhoto => "Vælg foto (valgfrit)", "Choose a photo (optional)";
    RemovePhoto => "Fjern foto", "Remove photo";
    PhotoHint => "Fotoet gøres lille og vises kun med fornavnet på tavlen i fællesstuen.", "The photo is made small and only shown with the first name on the common-room board.";
    PhotoOf => "Foto af {name}", "Photo of {name}";
    ProblemNotAPhoto => "Filen kunne ikke bruges som foto. Vælg et JPEG- eller PNG-billede.", "The file could not be used as a photo. Choose a JPEG or PNG image.";
    ProblemStepsMissing => "Et trin, der skal komme før dette, er ikke udført endnu.", "A step that must come before this one is not done yet.";
    ProblemInFuture => "Datoen er ikke kommet endnu: et trin markeres, når det er gjort.", "That date has not come yet: a step is marked once it is done.";
    ProblemTooEarly => "For tidligt: prøveperioden kan evalueres fra to uger før, den slutter. Sluttede den før tid, så sæt flueben ved det.", "Too early: the trial period can be reviewed from two weeks before it ends. If it ended early, tick that box.";
    ProblemNotCleared => "Den frivillige kan først få besøg, når straffeattesten er set og vurderet og tavshedserklæringen er underskrevet.", "The volunteer can have visits only once the criminal record certificate is seen and assessed and the confidentiality declaration is signed.";
    StepsFirst => "Først: {steps}.", "First: {steps}.";
    TrialEndedEarly => "Prøveperioden sluttede før tid", "The trial period ended early";
    AllowedUnclearedBy => "Booket før straffeattest og tavshedserklæring var på plads – tilladt af {by}", "Booked before the criminal record and confidentiality were in place – allowed by {by}";
    AllowUncleared => "Tillad alligevel (registreres med dit navn)", "Allow anyway (recorded with your name)";
    NotClearedSuffix => "(mangler straffeattest eller tavshedserklæring)", "(criminal record or confidentiality missing)";
    MoveVisit => "Flyt", "Move";
    MovedFrom => "Flyttet fra {date}", "Moved from {date}";
    NewDate => "Ny dato", "New date";
    Backup => "Sikkerhedskopi", "Backup";
    BackupHint => "Gem alle data fra denne enhed i en fil, og gendan dem på en anden enhed. Nyere data på enheden bliver aldrig overskrevet.", "Save all of this device's data to a file, and restore it on another device. Newer data on the device is never overwritten.";
    BackupReminder => "Browseren kan slette data på denne enhed, hvis der mangler plads. Tag en sikkerhedskopi (sidst: {last}).", "The browser may delete data on this device if space runs low. Save a backup (last: {last}).";
    Never => "aldrig", "never";
    LostData => "Data, denne enhed havde, er væk: browseren har slettet dem. Gendan din seneste sikkerhedskopi (sidst: {last}) nedenfor, eller deltag igen med en invitationskode, hvis programmet er delt. Ændringer, der hverken var delt eller i en sikkerhedskopi, kan ikke hentes tilbage.", "The data this device had is gone: the browser deleted it. Restore your latest backup (last: {last}) below, or join again with an invite code if the programme is shared. Changes that were neither shared nor in a backup cannot be brought back.";
    StartAfresh => "Opret et nyt program i stedet", "Create a new programme instead";
    SaveBackup => "Gem sikkerhedskopi", "Save backup";
    RestoreFromFile => "Gendan fra fil", "Restore from file";
    Restore => "Gendan", "Restore";
    RestoreAdds => "Tilføjer: {list}.", "Adds: {list}.";
    RestoreChanges => "Opdaterer: {list}.", "Updates: {list}.";
    RestoreRemoves => "Sletter: {list}.", "Deletes: {list}.";
    RestoreKeeps => "{n} nyere værdier på denne enhed beholdes.", "{n} newer values on this device are kept.";
    RestoreNothing => "Filen indeholder intet nyt for denne enhed.", "The file holds nothing new for this device.";
    Restored => "Sikkerhedskopien er gendannet.", "The backup has been restored.";
    BackupTruncated => "Filen er ufuldstændig — den er måske ikke kopieret helt. Intet er gendannet.", "The file is incomplete — it may not have been copied completely. Nothing was restored.";
    BackupNotOurs => "Filen er ikke en sikkerhedskopi fra Samskab. Intet er gendannet.", "The file is not a Samskab backup. Nothing was restored.";
    BackupNewer => "Sikkerhedskopien er lavet af en nyere version af Samskab (version {version}). Opdatér appen og prøv igen. Intet er gendannet.", "The backup was made by a newer version of Samskab (version {version}). Update the app and try again. Nothing was restored.";
    BackupDamaged => "Sikkerhedskopien er beskadiget ved ændring nr. {n}: {problem}. Intet er gendannet.", "The backup is damaged at change no. {n}: {problem}. Nothing was restored.";
    BackupOtherProgramme => "Sikkerhedskopien hører til et andet program ({name}). Intet er gendannet.", "The backup belongs to another programme ({name}). Nothing was restored.";
    KindProgramme => "program", "programme";
    KindPartner => "parter", "partners";
    KindTaskTick => "opgaver", "tasks";
    KindCalendarItem => "kalenderpunkter", "calendar items";
    KindFollowUp => "opfølgningsrunder", "follow-up rounds";
    KindEvaluationTalk => "evalueringssamtaler", "evaluation talks";
    KindAdviceTick => "gode råd", "pieces of advice";
    KindVolunteer => "frivillige", "volunteers";
    KindOnboardingStep => "opstartsskridt", "onboarding steps";
    KindVisit => "besøgsplaner", "visit plans";
    KindVisitOccurrence => "enkelte besøg", "single visits";
    Pause => "Sæt på pause", "Pause";
    Resume => "Genoptag", "Resume";
    MarkLeft => "Markér som stoppet", "Mark as left";
    Onboarding => "Opstart", "Onboarding";
    StepDoneBy => "{by}, {date}", "{by}, {date}";
    TrialEnds => "Prøveperioden slutter {date}.", "The trial period ends {date}.";
    CriminalRecordHint => "Registrér kun, at attesten er set og vurderet, hvornår og af hvem — aldrig dens indhold.", "Record only that the certificate was seen and assessed, when and by whom — never its content.";
    ExportData => "Hent personens data (JSON)", "Download the person's data (JSON)";
    DeleteVolunteer => "Slet den frivillige", "Delete the volunteer";
    ConfirmDeleteVolunteer => "Slet {name} og alle data om personen — på alle enheder og på serveren? Besøgenes timer og antal beboere bevares uden navn. Det kan ikke fortrydes.", "Delete {name} and all data about them — on every device and on the server? The visits' hours and numbers of residents are kept without a name. This cannot be undone.";
    RemoveFromUs => "Fjern fra vores tilbud", "Remove from our care service";
    ConfirmRemoveFromUs => "Fjern {name} fra jeres tilbud? Personen forsvinder fra denne enhed; andre tilbud og koordinatoren beholder dem.", "Remove {name} from your care service? They disappear from this device; other care services and the coordinator keep them.";
    NoVolunteers => "Ingen frivillige endnu.", "No volunteers yet.";
    NeedsCareService => "Tilføj et socialt tilbud under Parter, før du tilføjer frivillige.", "Add a care service under Partners before adding volunteers.";
    MainNav => "Hovedmenu", "Main menu";
    SetupTitle => "Opret jeres program", "Create your programme";
    SetupIntro => "Start med kommunens navn og koordinatorens navn. Bagefter tilføjer I tilbud, frivilligcenter og virksomheder.", "Start with the municipality's name and the coordinator's name. Then add care services, the volunteer centre and companies.";
    Municipality => "Kommunens navn", "Municipality's name";
    Coordinator => "Koordinatorens navn", "Coordinator's name";
    Create => "Opret", "Create";
    Save => "Gem", "Save";
    Cancel => "Annullér", "Cancel";
    Edit => "Redigér", "Edit";
    Remove => "Fjern", "Remove";
    ConfirmRemove => "Fjern {name} og alle dets afkrydsninger?", "Remove {name} and all its ticks?";
    Add => "Tilføj", "Add";
    AddPartner => "Tilføj part", "Add partner";
    PartnerKind => "Slags part", "Kind of partner";
    Name => "Navn", "Name";
    CareKind => "Slags tilbud", "Kind of care service";
    ChooseCareKind => "Vælg…", "Choose…";
    Leader => "Leder", "Leader";
    ContactPerson => "Kontaktperson for frivillige", "Contact person for volunteers";
    CompanyContact => "Kontaktperson", "Contact person";
    Optional => "(valgfrit)", "(optional)";
    NoPartnersOfKind => "Ingen endnu.", "None yet.";
    ProgrammeFor => "Program for {name}", "Programme for {name}";
    CoordinatorIs => "Koordinator: {name}", "Coordinator: {name}";
    PhaseN => "Fase {n}", "Phase {n}";
    PhasesProgress => "Fremdrift i faserne", "Progress through the phases";
    AdviceProgress => "Gode råd pr. tilbud", "Good advice per care service";
    AllPartners => "Alle parter", "All partners";
    OfTotal => "{done} af {total}", "{done} of {total}";
    Tips => "Tips", "Tips";
    ReminderFor => "Husk, {kind}", "Remember, {kind}";
    NoPartnersYet => "Tilføj parter for at krydse opgaver af.", "Add partners to tick off tasks.";
    GoToPartners => "Gå til parter", "Go to partners";
    DoneBy => "Udført af {by}, {at}", "Done by {by}, {at}";
    MarkDone => "Markér som udført", "Mark as done";
    Who => "Hvem", "Who";
    When => "Hvornår", "When";
    Note => "Note", "Note";
    Date => "Dato", "Date";
    InPractice => "Sådan gør I", "In practice";
    ChooseCareService => "Vælg et tilbud", "Choose a care service";
    NoCareServices => "Tilføj et socialt tilbud for at bruge de gode råd.", "Add a care service to use the good advice.";
    AdviceDoneOn => "Klaret {date}", "Done {date}";
    AdviceDoneBy => "Klaret {date} af {by}", "Done {date} by {by}";
    AskName => "Dit navn", "Your name";
    AskNameWhy => "Så siger dine afkrydsninger, hvem der har gjort det. Navnet huskes på denne enhed og kan ændres under Indstillinger.", "So your ticks say who did it. The name is kept on this device and can be changed in Settings.";
    Language => "Sprog", "Language";
    YourName => "Dit navn (foreslås, når du krydser af)", "Your name (suggested when you tick)";
    InstallApp => "Installér på hjemmeskærmen", "Install on the home screen";
    InstallHint => "Brug browserens menu og vælg \"Føj til hjemmeskærm\".", "Use the browser's menu and choose \"Add to home screen\".";
    StoragePersisted => "Data gemmes varigt på denne enhed.", "Data is stored persistently on this device.";
    StorageNotPersisted => "Browseren kan slette data, hvis enheden mangler plads.", "The browser may delete data if the device runs out of space.";
    Programme => "Programmet", "The programme";
    Saved => "Gemt", "Saved";
    NotFound => "Siden findes ikke.", "This page does not exist.";
    BackHome => "Til forsiden", "Back to the start page";
    NotForRole => "Denne side hører ikke til din rolle", "This page is not part of your role";
    NotForRoleWhy => "Enheden er med i programmet i en rolle, der ikke bruger denne side. Intet er ændret.", "This device takes part in the programme in a role that does not use this page. Nothing was changed.";
    NavOurService => "Vores tilbud", "Our service";
    NavPipeline => "Rekruttering", "Recruitment";
    NavEmployees => "Medarbejdere", "Employees";
    NavMore => "Mere", "More";
    FirstSteps => "Kom godt i gang", "Getting started";
    FirstAddPartners => "Tilføj de sociale tilbud og de andre parter", "Add the care services and the other partners";
    FirstShare => "Del programmet, så parterne kan være med på deres egne enheder", "Share the programme, so the partners can join on their own devices";
    FirstInvite => "Invitér tilbuddene, frivilligcentret og de frivillige", "Invite the care services, the volunteer centre and the volunteers";
    FirstPlanVisit => "Planlæg det første besøg", "Plan the first visit";
    FirstDone => "Udført", "Done";
    FirstToDo => "Mangler", "To do";
    HideFirstSteps => "Skjul", "Hide";
    MeComesWithSync => "Dine besøg og opgaver kommer, når enheden har synkroniseret med programmet.", "Your visits and tasks come once this device has synced with the programme.";
    TickedByPartner => "Markeres af {partner} på deres egen enhed.", "Ticked by {partner} on their own device.";
    TickedByCareService => "Markeres af tilbuddet eller frivilligcentret.", "Ticked by the care service or the volunteer centre.";
    OnlyMine => "Kun mine besøg", "Only my visits";
    OurTasksNow => "Jeres opgaver nu", "Your tasks now";
    AllOurTasksDone => "Alle jeres opgaver er udført.", "All your tasks are done.";
    ToPhase => "Til fase {n}", "To phase {n}";
    OurProgress => "Jeres fremdrift i faserne", "Your progress through the phases";
    OurAdvice => "Jeres gode råd", "Your pieces of advice";
    OpenAdvice => "Til de gode råd", "To the good advice";
    OurVolunteers => "Jeres frivillige", "Your volunteers";
    VolunteerCounts => "Aktive: {active} · under opstart: {onboarding}", "Active: {active} · onboarding: {onboarding}";
    OpenVolunteers => "Til de frivillige", "To the volunteers";
    VisitsThisWeek => "Besøg denne uge", "Visits this week";
    NoVisitsThisWeek => "Ingen besøg denne uge.", "No visits this week.";
    OpenVisits => "Til besøgene", "To the visits";
    OpenReminders => "Til påmindelserne", "To the reminders";
    ColumnApplied => "Ansøgt – til screening", "Applied – to screen";
    ColumnReferred => "Henvist til et tilbud", "Referred to a care service";
    Network => "Netværket af IT-frivillige", "The IT volunteers' network";
    NetworkIntro => "De aktive frivillige på tværs af tilbuddene, til netværksmøder og opfølgning.", "The active volunteers across the care services, for network meetings and follow-up.";
    EmployeesWhoVolunteer => "Jeres medarbejdere, der er IT-frivillige", "Your employees who are IT volunteers";
    NoEmployees => "Ingen af jeres medarbejdere er IT-frivillige endnu.", "None of your employees are IT volunteers yet.";
    Employee => "Medarbejder", "Employee";
    Status => "Status", "Status";
    HoursThisMonth => "Timer denne måned", "Hours this month";
    HoursThisYear => "Timer i år", "Hours this year";
    Total => "I alt", "Total";
    MyProfile => "Min profil", "My profile";
    MyProfileFor => "Dine oplysninger, dine tilbud og dine trin i opstarten.", "Your details, your care services and your onboarding steps.";
    ExportMyData => "Hent mine data (JSON)", "Download my data (JSON)";
    ExportMyDataFor => "Alt, hvad programmet har om dig, i én fil.", "Everything the programme holds about you, in one file.";
    ConfirmUpdateUnsaved => "Der står tekst, du ikke har gemt. Genindlæs med den nye version alligevel? Teksten går tabt.", "There is text you have not saved. Reload with the new version anyway? The text will be lost.";
    UpdateReady => "Ny version — genindlæs", "New version — reload";
    ErrUnavailable => "Appen kan ikke gemme data i denne browser. Er du i privat tilstand? Åbn Samskab i et almindeligt vindue.", "The app cannot store data in this browser. Are you in private mode? Open Samskab in a normal window.";
    ErrQuota => "Der er ikke mere plads på enheden. Ændringen er ikke gemt, og intet er halvt gemt. Tag en sikkerhedskopi under Opsætning, og frigør plads (slet filer, fotos eller apps), før du prøver igen.", "The device is out of space. The change was not saved, and nothing was half saved. Save a backup under Settings, and free some space (delete files, photos or apps) before you try again.";
    ErrCorrupt => "Noget af det gemte kunne ikke læses. Kontakt koordinatoren.", "Some stored data could not be read. Contact the coordinator.";
    ErrFailed => "Ændringen blev ikke gemt. Prøv igen.", "The change was not saved. Please try again.";
    ErrSuperseded => "Samskab er opdateret i en anden fane. Genindlæs for at fortsætte.", "Samskab was updated in another tab. Reload to continue.";
    ErrDeletedElsewhere => "Samskabs data på denne enhed er slettet i en anden fane. Genindlæs for at fortsætte.", "Samskab's data on this device was deleted in another tab. Reload to continue.";
    ErrBlocked => "Samskab er åben i en anden fane med en ældre version. Luk den anden fane for at fortsætte.", "Samskab is open in another tab with an older version. Close the other tab to continue.";
    ProblemRequired => "Skal udfyldes.", "Required.";
    ProblemTooLong => "For langt.", "Too long.";
    ProblemControl => "Må ikke indeholde linjeskift eller kontroltegn.", "Must not contain line breaks or control characters.";
    ProblemDuplicate => "Der er allerede en part med det navn.", "There is already a partner with that name.";
    ProblemOnlyOne => "Der kan kun være én af denne slags part.", "There can only be one partner of this kind.";
    ProblemInvalidDate => "Ugyldig dato eller tid.", "Invalid date or time.";
    ProblemEndBeforeStart => "Sluttidspunktet skal ligge efter starttidspunktet.", "The end must be after the start.";
    ProblemInvalidEmail => "Ugyldig e-mailadresse.", "Invalid e-mail address.";
    ProblemInvalidNumber => "Skriv et gyldigt tal.", "Enter a valid number.";
    ProblemInvalidPhone => "Ugyldigt telefonnummer: 8-15 cifre, evt. med + foran.", "Invalid phone number: 8-15 digits, optionally with a leading +.";
    FormHasProblems => "Ret felterne markeret herunder. Intet er gemt endnu.", "Correct the fields marked below. Nothing has been saved yet.";
    Syncing => "Synkroniserer …", "Syncing …";
    SyncedAt => "Synkroniseret kl. {at}", "Synced at {at}";
    SyncTakenBack => "{n} ændringer blev afvist af serveren og er taget tilbage på denne enhed ({why})", "{n} changes were refused by the server and have been taken back on this device ({why})";
    WhyScope => "uden for det, denne enhed må ændre", "outside what this device may change";
    WhyDevice => "lavet på en anden enhed", "made on another device";
    WhyInvalid => "ugyldige", "invalid";
    WhyClock => "enhedens ur går forkert", "this device's clock is wrong";
    SyncRemade => "{n} ændringer fik nyt tidspunkt, fordi enhedens ur gik forkert", "{n} changes were given a new time because this device's clock was wrong";
    SyncAdopted => "{n} ændringer fra en anden enhed (i en gendannet sikkerhedskopi) er gemt som denne enheds egne", "{n} changes from another device (in a restored backup) were saved as this device's own";
    SyncGone => "{n} frivillige eller besøg er flyttet eller slettet og er fjernet fra denne enhed", "{n} volunteers or visits were moved or deleted and have been removed from this device";
    GoneVisits => "{n} besøg er flyttet til en anden frivillig eller et andet tilbud eller slettet og vises ikke længere på denne enhed.", "Visits moved to another volunteer or care service or deleted, and no longer shown on this device: {n}.";
    GoneVolunteers => "Frivillige, der er flyttet til et andet tilbud eller slettet og ikke længere vises på denne enhed: {n}.", "Volunteers moved to another care service or deleted, and no longer shown on this device: {n}.";
    GoneHere => "Denne frivillige er flyttet til et andet tilbud eller slettet og vises ikke længere på denne enhed.", "This volunteer was moved to another care service or deleted and is no longer shown on this device.";
    RestoredRemade => "{n} ændringer i filen er dateret langt ude i fremtiden (forkert ur på den enhed, de blev lavet på); de får dags dato, når de deles med serveren.", "{n} changes in the file are dated far in the future (a wrong clock on the device that made them); they get today's date when they are shared with the server.";
    SyncErased => "{n} ændringer handlede om en person, der er slettet, og er fjernet", "{n} changes were about a person who has been deleted and have been removed";
    SyncUnknown => "Serveren kender ikke længere denne enhed (programmet er taget af serveren). Data på enheden er bevaret.", "The server no longer knows this device (the programme was taken off the server). The data on this device is kept.";
    SyncOffline => "Offline — {n} ændringer venter", "Offline — {n} changes waiting";
    ErrChunkChange => "Ændringen blev ikke gemt: den del af appen, der gemmer, kunne ikke hentes (enheden er uden net, og appen var ikke gemt på den endnu, eller der er kommet en ny version). Prøv igen; hjælper det ikke, så genindlæs, når der er net.", "The change was not saved: the part of the app that saves could not be fetched (the device is offline and did not have the app stored yet, or a new version has come out). Try again; if that does not help, reload when there is a network.";
    ErrChunkSync => "Den del af appen, der taler med serveren, kunne ikke hentes (enheden er uden net, og appen var ikke gemt på den endnu, eller der er kommet en ny version)", "The part of the app that talks to the server could not be fetched (the device is offline and did not have the app stored yet, or a new version has come out)";
    ErrChunkRestore => "Intet er gendannet: den del af appen, der gendanner, kunne ikke hentes (enheden er uden net, og appen var ikke gemt på den endnu, eller der er kommet en ny version). Prøv igen; hjælper det ikke, så genindlæs, når der er net.", "Nothing was restored: the part of the app that restores could not be fetched (the device is offline and did not have the app stored yet, or a new version has come out). Try again; if that does not help, reload when there is a network.";
    ErrInvalidChange => "Ændringen kunne ikke gemmes: den er ugyldig. Intet er gemt. Skriv gerne til os om fejlen.", "The change could not be saved: it is not valid. Nothing was saved. Please tell us about this bug.";
    ErrNotAllowed => "Det kan denne enhed ikke ændre: programmet er delt med den i en anden rolle. Intet er gemt.", "This device cannot change that: the programme is shared with it in another role. Nothing was saved.";
    SyncOfflineNothing => "Offline — alt er gemt på enheden", "Offline — everything is saved on the device";
    ServerRefused => "Serveren afviste det: {error}", "The server refused it: {error}";
    InviteNotYetShared => "Serveren kender ikke den part eller frivillige endnu. Enheden synkroniserer nu; prøv igen om lidt.", "The server does not know that partner or volunteer yet. The device is syncing now; try again shortly.";
    SyncRevoked => "Adgangen er trukket tilbage — programmets data er fjernet fra denne enhed", "Access has been revoked — the programme's data has been removed from this device";
    SyncFailed => "Synkronisering mislykkedes: {error}. Der prøves igen.", "Sync failed: {error}. It will be retried.";
    SyncNow => "Synkroniser nu", "Sync now";
    ShareHeading => "Del med andre enheder", "Share with other devices";
    ShareIntro => "Læg programmet på serveren, så andre enheder kan deltage med en invitationskode. Alt virker stadig uden net; ændringer deles, når der er forbindelse.", "Put the programme on the server so other devices can join with an invite code. Everything still works offline; changes are shared when there is a connection.";
    ShareButton => "Del med andre enheder", "Share with other devices";
    AdminKeyLabel => "Nøgle fra den, der driver serveren", "Key from whoever runs the server";
    WhyAdminKey => "serveren kræver en nøgle fra den, der driver den", "the server needs a key from whoever runs it";
    TakeOffServer => "Tag programmet af serveren", "Take the programme off the server";
    ConfirmTakeOff => "Tag programmet og alt i det af serveren? De andre enheder mister forbindelsen; data på denne enhed bevares.", "Take the programme and everything in it off the server? The other devices lose their connection; the data on this device is kept.";
    ShareExists => "Programmet er allerede delt. Deltag med en invitationskode i stedet.", "The programme is already shared. Join with an invite code instead.";
    ServerUnreachable => "Serveren kan ikke nås. Prøv igen, når der er net.", "The server cannot be reached. Try again when online.";
    SharedAs => "Denne enhed deler programmet som: {role}", "This device shares the programme as: {role}";
    InviteHeading => "Inviter en enhed", "Invite a device";
    InviteRole => "Rolle", "Role";
    InviteFor => "For hvem", "For whom";
    InviteLabel => "Hvis enhed (valgfrit)", "Whose device (optional)";
    InviteCreate => "Lav invitationskode", "Create invite code";
    InviteCodeShown => "Invitationskode", "Invite code";
    InviteHow => "Åbn Samskab på den nye enhed og skriv koden, eller scan QR-koden. Koden kan bruges én gang.", "Open Samskab on the new device and type the code, or scan the QR code. The code works once.";
    InviteShownOnce => "Koden vises kun nu: Samskab gemmer den ikke. Er den væk, så lav en ny kode til samme person på listen herunder.", "The code is shown only now: Samskab does not keep it. If it is lost, make a new code for the same person in the list below.";
    NewCode => "Ny kode", "New code";
    InviteExpires => "Gælder til {date}", "Valid until {date}";
    InviteList => "Invitationer", "Invites";
    InviteUsed => "Brugt", "Used";
    InviteRevoked => "Tilbagekaldt", "Revoked";
    Revoke => "Tilbagekald", "Revoke";
    DevicesHeading => "Enheder med adgang", "Devices with access";
    ThisDevice => "Denne enhed", "This device";
    RoleCoordinator => "Koordinator", "Coordinator";
    RoleCareService => "Tilbud (leder eller kontaktperson)", "Care service (leader or contact)";
    RoleVolunteerCentre => "Frivilligcenter", "Volunteer centre";
    RoleCompany => "Virksomhed", "Company";
    RoleVolunteer => "Frivillig", "Volunteer";
    JoinIntro => "Har du fået en kode af koordinatoren, så skriv den her. Enheden henter så programmet.", "If the coordinator gave you a code, type it here. The device then fetches the programme.";
    JoinCode => "Invitationskode", "Invite code";
    JoinButton => "Deltag", "Join";
    JoinRefused => "Koden virker ikke: den er forkert, brugt, udløbet eller tilbagekaldt.", "The code does not work: it is wrong, used, expired or revoked.";
    JoinTooMany => "For mange forsøg. Vent et minut, og prøv igen.", "Too many attempts. Wait a minute and try again.";
    JoinWaiting => "Du er med. Programmet hentes …", "You are in. Fetching the programme …";
    OtherVersion => "En anden enhed skrev samtidig:", "Another device wrote at the same time:";
    UseThisVersion => "Brug denne", "Use this one";
    KeepShownVersion => "Behold den øverste", "Keep the one above";
    NavResults => "Resultater", "Results";
    NavCalendar => "Kalender", "Calendar";
    NavEvaluation => "Evaluering", "Evaluation";
    EvaluationLink => "Evaluering: opfølgningsspørgsmål og evalueringssamtaler", "Evaluation: follow-up questions and evaluation talks";
    EvaluationIntro => "Følg op hvert halve år: svar på guidens spørgsmål for hver part, med dato, så den nye runde står ved siden af den sidste. De sociale tilbud noterer deres evalueringssamtaler.", "Follow up every six months: answer the guide's questions for each partner, dated, so the new round sits beside the last. The care services note their evaluation talks.";
    FollowUpTitle => "Opfølgningsspørgsmål", "Follow-up questions";
    NoRounds => "Ingen svar endnu.", "No answers yet.";
    NewRound => "Ny runde", "New round";
    Question => "Spørgsmål", "Question";
    RoundBy => "svaret af {name}", "answered by {name}";
    EarlierRounds => "Tidligere runder ({n})", "Earlier rounds ({n})";
    TalksTitle => "Evalueringssamtaler", "Evaluation talks";
    TalksIntro => "Med beboere, frivillige og personale. Skriv hvor mange, der var med — aldrig navne.", "With residents, volunteers and staff. Write how many took part — never names.";
    NoTalks => "Ingen samtaler endnu.", "No talks yet.";
    NewTalk => "Ny samtale", "New talk";
    TalkResidents => "Antal beboere", "Number of residents";
    TalkVolunteers => "Antal frivillige", "Number of volunteers";
    TalkStaff => "Antal medarbejdere", "Number of staff";
    TalkNote => "Hvad kom der ud af samtalen (ingen navne)", "What came of the talk (no names)";
    TalkWho => "Beboere: {residents} · frivillige: {volunteers} · medarbejdere: {staff}", "Residents: {residents} · volunteers: {volunteers} · staff: {staff}";
    TalkBy => "Skrevet af {name}", "Written by {name}";
    CalendarTitle => "Koordinatorens kalender", "The coordinator's calendar";
    CalendarLink => "Kalenderen: årets møder og evalueringen til byrådet", "The calendar: the year's meetings and the evaluation for the city council";
    CalendarNext => "Næste: {title}, {date}", "Next: {title}, {date}";
    CalendarIntro => "Guidens møder i koordinatorens år, med datoer regnet fra programmets start. Flyt dem, skriv noter, og sæt flueben, når de er holdt; to uger før kommer de på påmindelserne.", "The guide's meetings of the coordinator's year, dated from the programme's start. Move them, write notes, and tick them off when they are held; two weeks ahead they join the reminders.";
    CalendarStartAsk => "Hvornår starter programmet? Kalenderens datoer regnes fra den dag.", "When does the programme start? The calendar's dates count from that day.";
    CalendarStartLabel => "Programmets startdato", "The programme's start date";
    CalendarStartSave => "Lav kalenderen", "Make the calendar";
    CalendarStartIs => "Programmets start: {date}", "The programme's start: {date}";
    CalendarChangeStart => "Ret startdato", "Change start date";
    CalendarStartHint => "Møder, du ikke har flyttet, flytter med.", "Meetings you have not moved move with it.";
    MeetingEdit => "Redigér {title}", "Edit {title}";
    MeetingDone => "Holdt", "Held";
    MeetingOverdue => "Overskredet", "Overdue";
    MeetingMovedFrom => "Flyttet fra {date}", "Moved from {date}";
    ReminderMeeting => "{title}: {date}", "{title}: {date}";
    ReminderMeetingOverdue => "{title}: {date} — overskredet", "{title}: {date} — overdue";
    ResultsLink => "Se resultaterne: frivillige, besøg, timer og borgere nået", "See the results: volunteers, visits, hours and residents reached";
    ResultsIntro => "Programmets tal for en periode, regnet ud fra det, denne enhed har.", "The programme's numbers for a period, worked out from what this device holds.";
    ResultsOwnIntro => "Jeres tal for en periode, regnet ud fra det, denne enhed har.", "Your numbers for a period, worked out from what this device holds.";
    PeriodFrom => "Fra", "From";
    PeriodTo => "Til og med", "To and including";
    ResultsVolunteers => "Frivillige efter stade", "Volunteers by stage";
    ResultsVisits => "Besøg pr. måned", "Visits per month";
    ResultsHoursChart => "Timer pr. måned", "Hours per month";
    ResultsResidents => "Borgere nået", "Residents reached";
    ResultsResidentsFor => "Antal borgere på de afholdte besøg, lagt sammen (kun antal, ingen navne).", "The number of residents at the held visits, added up (numbers only, no names).";
    ResultsPerCareService => "Pr. tilbud", "Per care service";
    ResultsPerCompany => "Pr. virksomhed", "Per company";
    ResultsAdvice => "De 10 gode råd på tværs af tilbud", "The 10 pieces of good advice across care services";
    ResultsWeakest => "Svagest: {advice}", "Weakest: {advice}";
    ResultsMatrix => "Parter og faser", "Partners and phases";
    ColPlanned => "Planlagt", "Planned";
    ColHours => "Timer", "Hours";
    ColResidents => "Borgere", "Residents";
    ColCount => "Antal", "Number";
    ColAdvice => "Råd", "Advice";
    ColCareServices => "Tilbud, der har klaret det", "Care services that have done it";
    ColPartner => "Part", "Partner";
    ColCompany => "Virksomhed", "Company";
    OpenTasks => "Åbne opgaver", "Open tasks";
    AllDone => "Alt gjort", "All done";
    ProblemPeriodEndsBeforeStart => "Perioden kan ikke slutte, før den begynder (én dag er nok).", "The period cannot end before it begins (one day will do).";
    ProblemPeriodTooLong => "En periode kan højst være 10 år.", "A period can be at most 10 years.";
    ProblemMovedTooFar => "Et besøg kan højst flyttes 2 måneder. Planlæg et nyt besøg i stedet.", "A visit can be moved at most 2 months. Plan a new visit instead.";
    ProblemNoAnswer => "Svar på mindst ét af spørgsmålene.", "Answer at least one of the questions.";
    ProblemDayTaken => "Der er allerede en samtale den dag. Vælg en anden dag.", "There is a talk on that day already. Choose another day.";
    ProblemTooFarAway => "Datoen ligger mere end 10 år væk. Tjek årstallet.", "The date is more than 10 years away. Check the year.";
    WeakestTag => "svagest", "weakest";
    RemovedPartner => "(fjernet part)", "(removed partner)";
    MatrixCell => "{partner}, fase {n}: {count}", "{partner}, phase {n}: {count}";
    WhyTitle => "Hvorfor IT-frivillige?", "Why IT volunteers?";
    WhyText => "En IT-frivillig kommer typisk nogle timer 1–2 gange om måneden og laver IT sammen med borgerne ud fra deres egne ønsker: kontakt med familie og venner, musik, apps, nettet. Det styrker borgernes selvbestemmelse, læring og livskvalitet, og de frivillige får lige så meget igen. Det er omvendt integration: det lokale civilsamfund kommer ind på de sociale tilbud, og mennesker, der ellers ikke ville have mødt hinanden, finder sammen. Det lykkes, når kommunen, tilbuddene, frivilligcentret og virksomhederne løfter i flok.", "An IT volunteer typically comes for a few hours once or twice a month and does IT with the residents, starting from their own wishes: keeping in touch with family and friends, music, apps, the internet. It strengthens the residents' self-determination, learning and quality of life, and the volunteers get as much back. It is reverse integration: the local community comes into the care services, and people who would otherwise never have met find each other. It works when the municipality, the care services, the volunteer centre and the companies pull together.";
    DownloadCsv => "Hent som regneark (CSV)", "Download as a spreadsheet (CSV)";
    DownloadVisitsCsv => "Hent besøgene som regneark (CSV)", "Download the visits as a spreadsheet (CSV)";
    DownloadHoursCsv => "Hent timerne som regneark (CSV)", "Download the hours as a spreadsheet (CSV)";
    WithContactData => "Med telefon og e-mail", "With phone and e-mail";
    ErrDownload => "Filen kunne ikke gemmes i denne browser.", "The file could not be saved in this browser.";
    }
}

/// Looks a key up in a language.
pub fn tr(lang: Lang, key: impl Translated) -> &'static str {
    key.text().get(lang)
}

/// Fills `{name}`-style placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// "3 af 4".
pub fn of_total(lang: Lang, progress: Progress) -> String {
    fill(
        tr(lang, Key::OfTotal),
        &[
            ("done", &progress.done.to_string()),
            ("total", &progress.total.to_string()),
        ],
    )
}

/// A volunteer's stage, as the board's columns name it.
pub fn stage(bucket: StageBucket) -> Key {
    match bucket {
        StageBucket::Active => Key::StageActive,
        StageBucket::Onboarding => Key::StageOnboarding,
        StageBucket::Paused => Key::StagePaused,
        StageBucket::Left => Key::StageLeft,
    }
}

/// A volunteer's flag as the leader reads it.
pub fn flag_text(flag: &Flag, lang: Lang) -> String {
    let (key, date, step) = match flag {
        Flag::StepStuck { step, since } => (Key::FlagStuck, since, step.label().get(lang)),
        Flag::TrialEnding { ends } => (Key::FlagTrial, ends, ""),
        Flag::ConsentExpired { assessed } => (Key::FlagConsent, assessed, ""),
        Flag::StatusMeetingDue { due } => (Key::FlagStatusMeeting, due, ""),
    };
    fill(
        tr(lang, key),
        &[("date", &format_date(*date, lang)), ("step", step)],
    )
}

/// What a kind of entity is called in counts ("3 frivillige").
pub fn kind_name(kind: EntityKind) -> Key {
    match kind {
        EntityKind::Programme => Key::KindProgramme,
        EntityKind::Partner => Key::KindPartner,
        EntityKind::TaskTick => Key::KindTaskTick,
        EntityKind::AdviceTick => Key::KindAdviceTick,
        EntityKind::Volunteer => Key::KindVolunteer,
        EntityKind::OnboardingStep => Key::KindOnboardingStep,
        EntityKind::Visit => Key::KindVisit,
        EntityKind::VisitOccurrence => Key::KindVisitOccurrence,
        EntityKind::CalendarItem => Key::KindCalendarItem,
        EntityKind::FollowUp => Key::KindFollowUp,
        EntityKind::EvaluationTalk => Key::KindEvaluationTalk,
    }
}

/// The message for a validation problem.
pub fn problem(problem: Problem) -> Key {
    match problem {
        Problem::Required => Key::ProblemRequired,
        Problem::TooLong => Key::ProblemTooLong,
        Problem::ControlCharacters => Key::ProblemControl,
        Problem::Duplicate => Key::ProblemDuplicate,
        Problem::OnlyOne => Key::ProblemOnlyOne,
        Problem::InvalidDate => Key::ProblemInvalidDate,
        Problem::EndBeforeStart => Key::ProblemEndBeforeStart,
        Problem::InvalidEmail => Key::ProblemInvalidEmail,
        Problem::InvalidPhone => Key::ProblemInvalidPhone,
        Problem::InvalidNumber => Key::ProblemInvalidNumber,
        Problem::NotAPhoto => Key::ProblemNotAPhoto,
        Problem::StepsMissing => Key::ProblemStepsMissing,
        Problem::TooEarly => Key::ProblemTooEarly,
        Problem::InFuture => Key::ProblemInFuture,
        Problem::NotCleared => Key::ProblemNotCleared,
        Problem::PeriodEndsBeforeStart => Key::ProblemPeriodEndsBeforeStart,
        Problem::PeriodTooLong => Key::ProblemPeriodTooLong,
        Problem::MovedTooFar => Key::ProblemMovedTooFar,
        Problem::TooFarAway => Key::ProblemTooFarAway,
        Problem::NoAnswer => Key::ProblemNoAnswer,
        Problem::DayTaken => Key::ProblemDayTaken,
    }
}

/// "Aflyst af Lone", or "Aflyst" where an older app did not say who.
pub fn cancelled_by(cancellation: &samskab_domain::visits::Cancellation, lang: Lang) -> String {
    if cancellation.by.is_empty() {
        tr(lang, Key::Cancelled).to_owned()
    } else {
        fill(tr(lang, Key::CancelledBy), &[("by", &cancellation.by)])
    }
}

/// The message for a storage error the user meets.
pub fn storage_error(error: &crate::storage::StorageError) -> Key {
    use crate::storage::StorageError;
    match error {
        StorageError::Unavailable(_) => Key::ErrUnavailable,
        StorageError::QuotaExceeded => Key::ErrQuota,
        StorageError::Corrupt(_) => Key::ErrCorrupt,
        StorageError::Failed(_) => Key::ErrFailed,
    }
}

/// The message for a change that was not made.
pub fn change_error(error: &crate::state::ChangeError) -> Key {
    match error {
        crate::state::ChangeError::NotAllowed => Key::ErrNotAllowed,
        crate::state::ChangeError::Invalid(_) => Key::ErrInvalidChange,
        crate::state::ChangeError::Storage(error) => storage_error(error),
        crate::state::ChangeError::Unfetched(_) => Key::ErrChunkChange,
    }
}

/// The message for a failed call to the server.
pub fn api_failure(lang: Lang, failure: &crate::sync::client::ApiFailure) -> String {
    use crate::sync::client::ApiFailure;
    match failure {
        ApiFailure::Unreachable | ApiFailure::Unavailable(_) => {
            tr(lang, Key::ServerUnreachable).to_owned()
        }
        ApiFailure::Unauthorised => tr(lang, Key::SyncUnknown).to_owned(),
        ApiFailure::Revoked => tr(lang, Key::SyncRevoked).to_owned(),
        ApiFailure::Refused(_, error) => {
            fill(tr(lang, Key::ServerRefused), &[("error", &error.error)])
        }
    }
}

/// Why the server refused a change, as the status line says it.
pub fn refusal_reason(reason: samskab_domain::api::Reason) -> Key {
    use samskab_domain::api::Reason;
    match reason {
        Reason::Scope | Reason::Revoked => Key::WhyScope,
        Reason::Device => Key::WhyDevice,
        Reason::Invalid => Key::WhyInvalid,
        Reason::Clock => Key::WhyClock,
        Reason::AdminKey => Key::WhyAdminKey,
    }
}

/// The message for a failed share, join or sync; `refused` says what a 403 means there.
pub fn sync_error(lang: Lang, error: &crate::sync::SyncError, refused: Key) -> String {
    use crate::sync::SyncError;
    use crate::sync::client::ApiFailure;
    match error {
        SyncError::Api(ApiFailure::Refused(409, _)) => tr(lang, Key::ShareExists).to_owned(),
        SyncError::Api(ApiFailure::Refused(403, _)) => tr(lang, refused).to_owned(),
        SyncError::Api(ApiFailure::Unavailable(429)) => tr(lang, Key::JoinTooMany).to_owned(),
        SyncError::Api(failure) => api_failure(lang, failure),
        SyncError::Storage(error) => tr(lang, storage_error(error)).to_owned(),
        SyncError::Unfetched(_) => tr(lang, Key::ErrChunkSync).to_owned(),
    }
}

/// A sync role's name.
pub fn role_key(role: samskab_domain::scope::Role) -> Key {
    use samskab_domain::scope::Role;
    match role {
        Role::Coordinator => Key::RoleCoordinator,
        Role::CareService => Key::RoleCareService,
        Role::VolunteerCentre => Key::RoleVolunteerCentre,
        Role::Company => Key::RoleCompany,
        Role::Volunteer => Key::RoleVolunteer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key is used somewhere in the app: an unused one is a string nobody sees,
    /// and a sign that a screen lost a message.
    #[test]
    fn every_key_is_used() {
        fn sources(dir: &std::path::Path, into: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, into);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    into.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut code = String::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut code,
        );
        // Outside the table itself: its lines are `Name => ...;`.
        let used: String = code
            .lines()
            .filter(|line| !line.trim_start().contains(" => \""))
            .collect();
        let keys = (Key::ALL.iter().map(|k| format!("Key::{k:?}")))
            .chain(Early::ALL.iter().map(|k| format!("Early::{k:?}")));
        let unused: Vec<String> = keys
            .filter(|key| {
                let bytes = used.as_bytes();
                !used.match_indices(key.as_str()).any(|(at, m)| {
                    // A whole name: `Key::Foo` but not `Key::FooBar`.
                    bytes
                        .get(at + m.len())
                        .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                })
            })
            .collect();
        assert!(unused.is_empty(), "keys no screen uses: {unused:?}");
    }

    #[test]
    fn every_key_has_both_languages() {
        let texts = Key::ALL.iter().map(|k| (format!("{k:?}"), k.text()));
        for (key, text) in texts.chain(Early::ALL.iter().map(|k| (format!("{k:?}"), k.text()))) {
            assert!(
                !text.da.trim().is_empty() && !text.en.trim().is_empty(),
                "{key:?}"
            );
        }
    }

    #[test]
    fn server_failures_read_as_what_they_mean() {
        use crate::sync::SyncError;
        use crate::sync::client::ApiFailure;
        use samskab_domain::api::ApiError;
        let refused = |status| {
            SyncError::Api(ApiFailure::Refused(
                status,
                ApiError {
                    error: "x".into(),
                    operation: None,
                    reason: None,
                    others: Vec::new(),
                },
            ))
        };
        let da = |error: &SyncError| sync_error(Lang::Da, error, Key::JoinRefused);
        assert_eq!(da(&refused(409)), tr(Lang::Da, Key::ShareExists));
        assert_eq!(da(&refused(403)), tr(Lang::Da, Key::JoinRefused));
        assert_eq!(da(&refused(400)), "Serveren afviste det: x");
        let api = |failure| SyncError::Api(failure);
        assert_eq!(
            da(&api(ApiFailure::Unavailable(429))),
            tr(Lang::Da, Key::JoinTooMany)
        );
        assert_eq!(
            da(&api(ApiFailure::Unavailable(503))),
            tr(Lang::Da, Key::ServerUnreachable)
        );
        assert_eq!(
            da(&api(ApiFailure::Unreachable)),
            tr(Lang::Da, Key::ServerUnreachable)
        );
        assert_eq!(
            da(&api(ApiFailure::Unauthorised)),
            tr(Lang::Da, Key::SyncUnknown)
        );
        assert_eq!(
            da(&api(ApiFailure::Revoked)),
            tr(Lang::Da, Key::SyncRevoked)
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(tr(Lang::Da, Key::OfTotal), &[("done", "3"), ("total", "4")]),
            "3 af 4"
        );
        assert_eq!(
            fill(tr(Lang::En, Key::OfTotal), &[("done", "3"), ("total", "4")]),
            "3 of 4"
        );
    }
}
