using Basira.Governance.Decisions;
using Basira.Governance.Models;

namespace Basira.Education.EarlyWarning;

/// <summary>The register declaration of the dropout early-warning algorithm (TRANSPARENCY.md §1b, static part).</summary>
public static class DropoutAlgorithm
{
    public const string Id = "edu.dropout-early-warning";

    /// <summary>Columns of the pupil table that the model never uses as inputs (identity, protected, target).</summary>
    public static readonly IReadOnlyList<string> NeverFeatures =
        ["pupil_id", "first_name", "last_name", "school_id", "commune", "province", "region", "sex", "milieu", "dropped_out"];

    /// <summary>School days in the term over which absences are counted (12 weeks × 5 days), when a row does not tell.</summary>
    public const int TermDays = 60;

    /// <summary>
    /// Plausible range of each numeric input (inclusive) and whether it is a whole number. A value rectified after a
    /// data-error objection must lie in it; text inputs must be a category the model knows.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (double Min, double Max, bool Integer)> NumericDomains =
        new Dictionary<string, (double, double, bool)>(StringComparer.Ordinal)
        {
            ["birth_year"] = (1990, 2030, true),
            ["distance_km"] = (0, 200, false),
            ["absence_days"] = (0, 366, true),
            ["absence_rate"] = (0, 1, false),
            ["grade_average"] = (0, 20, false),
            ["repetitions"] = (0, 12, true),
            ["ses_index"] = (-10, 10, false),
        };

    /// <summary>Protected attributes the fairness audit is run on (and their intersection).</summary>
    public static readonly IReadOnlyList<string> ProtectedAttributes = ["sex", "milieu", "region"];

    /// <summary>Learner codes stored in the model facts: LightGBM alone, or stacked with a logistic regression.</summary>
    public const string LearnerTrees = "lightgbm";
    public const string LearnerStacked = "lightgbm+logistic";

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText Massar = L("registre (Massar)", "السجل (مسار)", "register (Massar)");
    private static readonly LocalizedText MassarLastTerm = L("registre (Massar), dernier trimestre", "السجل (مسار)، الفصل الأخير", "register (Massar), last term");
    private static readonly LocalizedText EnrolmentForm = L("fiche d'inscription", "استمارة التسجيل", "enrolment form");
    private static readonly LocalizedText FamilySurvey = L("enquête auprès des familles", "بحث لدى الأسر", "family survey");

    /// <summary>
    /// Where the socio-economic bands come from. The index of the family survey is standardised (national mean 0,
    /// standard deviation 1); the cut points are whole standard deviations. Measured on the synthetic population of
    /// Morocco (Basira.Synth, all 75 provinces, 30,000 pupils, seed 20250701): mean −0.03, standard deviation 0.97;
    /// 16 % very low, 35 % low, 35 % middle, 15 % high; rural pupils average −0.55 (low), urban pupils +0.39 (middle).
    /// </summary>
    public static readonly LocalizedText SesBandBasis = L(
        "L'indice de l'enquête auprès des familles est standardisé (moyenne nationale 0, écart type 1). Bandes d'un écart type : très bas en dessous de −1, bas de −1 à 0, moyen de 0 à 1, élevé à partir de 1. Dans la population synthétique de démonstration, environ 16 % des élèves sont dans la bande très bas, 35 % bas, 35 % moyen et 15 % élevé ; la moyenne des élèves ruraux (−0,55) est dans la bande bas, celle des élèves urbains (+0,39) dans la bande moyen.",
        "مؤشر البحث لدى الأسر موحَّد المعيار (المتوسط الوطني 0، والانحراف المعياري 1). الفئات بانحراف معياري واحد: منخفض جدا دون −1، منخفض من −1 إلى 0، متوسط من 0 إلى 1، مرتفع ابتداء من 1. في الساكنة الاصطناعية للعرض التوضيحي، يقع نحو 16 % من التلاميذ في فئة منخفض جدا، و35 % في منخفض، و35 % في متوسط، و15 % في مرتفع؛ ومتوسط تلاميذ الوسط القروي (−0,55) في فئة منخفض، ومتوسط تلاميذ الوسط الحضري (+0,39) في فئة متوسط.",
        "The family-survey index is standardised (national mean 0, standard deviation 1). Bands of one standard deviation: very low below −1, low from −1 to 0, middle from 0 to 1, high from 1. In the synthetic demo population about 16 % of pupils are very low, 35 % low, 35 % middle and 15 % high; the rural pupils' mean (−0.55) is in the low band, the urban pupils' (+0.39) in the middle band.");

    /// <summary>The school grades of the pupil table (1AP..6AP, 1AC..3AC, TC, 1BAC, 2BAC) as a family reads them.</summary>
    internal static readonly Dictionary<string, LocalizedText> GradeLabels = new(StringComparer.Ordinal)
    {
        ["1AP"] = L("1re année du primaire", "السنة الأولى من التعليم الابتدائي", "1st year of primary school"),
        ["2AP"] = L("2e année du primaire", "السنة الثانية من التعليم الابتدائي", "2nd year of primary school"),
        ["3AP"] = L("3e année du primaire", "السنة الثالثة من التعليم الابتدائي", "3rd year of primary school"),
        ["4AP"] = L("4e année du primaire", "السنة الرابعة من التعليم الابتدائي", "4th year of primary school"),
        ["5AP"] = L("5e année du primaire", "السنة الخامسة من التعليم الابتدائي", "5th year of primary school"),
        ["6AP"] = L("6e année du primaire", "السنة السادسة من التعليم الابتدائي", "6th year of primary school"),
        ["1AC"] = L("1re année du collège", "السنة الأولى من التعليم الثانوي الإعدادي", "1st year of lower secondary school"),
        ["2AC"] = L("2e année du collège", "السنة الثانية من التعليم الثانوي الإعدادي", "2nd year of lower secondary school"),
        ["3AC"] = L("3e année du collège", "السنة الثالثة من التعليم الثانوي الإعدادي", "3rd year of lower secondary school"),
        ["TC"] = L("tronc commun du lycée", "الجذع المشترك من التعليم الثانوي التأهيلي", "common core year of upper secondary school"),
        ["1BAC"] = L("1re année du baccalauréat", "السنة الأولى من سلك البكالوريا", "1st year of the baccalaureate"),
        ["2BAC"] = L("2e année du baccalauréat", "السنة الثانية من سلك البكالوريا", "2nd year of the baccalaureate"),
    };

    /// <summary>
    /// How each input is said to a family (notice levels 1 and 2, the counterfactual). Categories: one label per code
    /// of the pupil table. Counts and measures: the number with its unit. The socio-economic index has no unit a family
    /// knows, so it is said as a band (see <see cref="SesBandBasis"/>) and level 2 adds the exact value.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, FeatureValueWords> ValueWords = new Dictionary<string, FeatureValueWords>(StringComparer.Ordinal)
    {
        ["birth_year"] = new QuantityWords(L("{0}", "سنة {0}", "{0}")) { Format = "0" },
        ["cycle"] = new CategoryWords(new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
        {
            ["primaire"] = L("école primaire", "التعليم الابتدائي", "primary school"),
            ["college"] = L("collège", "التعليم الثانوي الإعدادي", "lower secondary school"),
            ["lycee"] = L("lycée", "التعليم الثانوي التأهيلي", "upper secondary school"),
        }),
        ["grade_level"] = new CategoryWords(GradeLabels),
        ["distance_km"] = new QuantityWords(L("{0} km", "{0} كلم", "{0} km")) { Format = "0.#" },
        ["absence_days"] = new QuantityWords(L("{0} jours d'absence", "أيام الغياب: {0}", "{0} days of absence"))
        {
            One = L("{0} jour d'absence", "أيام الغياب: {0}", "{0} day of absence"),
            Zero = L("aucun jour d'absence", "بدون أي يوم غياب", "no day of absence"),
            Format = "0",
        },
        ["absence_rate"] = new QuantityWords(L("{0} % des jours de classe", "{0} % من أيام الدراسة", "{0} % of school days")) { Scale = 100, Format = "0.##" },
        ["grade_average"] = new QuantityWords(L("{0} sur 20", "{0} على 20", "{0} out of 20")) { Format = "0.##" },
        ["repetitions"] = new QuantityWords(L("{0} redoublements", "عدد مرات التكرار: {0}", "{0} repeated years"))
        {
            One = L("{0} redoublement", "عدد مرات التكرار: {0}", "{0} repeated year"),
            Zero = L("aucun redoublement", "بدون تكرار", "no repeated year"),
            Format = "0",
        },
        ["transport"] = new CategoryWords(new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
        {
            ["walk"] = L("à pied", "مشيا على الأقدام", "on foot"),
            ["bicycle"] = L("à vélo", "بالدراجة الهوائية", "by bicycle"),
            ["school_bus"] = L("transport scolaire", "النقل المدرسي", "school transport"),
            ["public_transport"] = L("bus, grand taxi ou tramway", "حافلة أو سيارة أجرة كبيرة أو ترامواي", "bus, grand taxi or tram"),
            ["family_vehicle"] = L("voiture ou moto de la famille", "سيارة أو دراجة نارية للأسرة", "the family's car or motorbike"),
            ["boarding"] = L("internat ou Dar Talib / Dar Taliba", "داخلية أو دار الطالب / دار الطالبة", "boarding school or Dar Talib / Dar Taliba"),
        }),
        ["ses_index"] = new BandWords([-1, 0, 1],
            [L("très bas", "منخفض جدا", "very low"), L("bas", "منخفض", "low"), L("moyen", "متوسط", "middle"), L("élevé", "مرتفع", "high")],
            SesBandBasis),
        ["mother_education"] = new CategoryWords(new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
        {
            ["none"] = L("sans scolarité", "بدون تمدرس", "no schooling"),
            ["primary"] = L("primaire", "التعليم الابتدائي", "primary school"),
            ["secondary"] = L("secondaire", "التعليم الثانوي", "secondary school"),
            ["higher"] = L("études supérieures", "التعليم العالي", "higher education"),
        }),
    };

    public static AlgorithmDescriptor Descriptor { get; } = new()
    {
        Algorithm = Id,
        Domain = "education",
        Name = L("Repérage précoce du risque de décrochage scolaire", "الرصد المبكر لخطر الانقطاع عن الدراسة", "Early warning of school dropout risk"),
        DescriptionShort = L(
            "Estime pour chaque élève la probabilité de quitter l'école avant la fin de l'année, à partir des absences, des notes, des redoublements et de la distance. L'établissement reçoit une liste classée, de la taille de sa capacité d'accompagnement, pour proposer un entretien et un soutien. Une personne décide toujours.",
            "يقدّر لكل تلميذ احتمال مغادرة المدرسة قبل نهاية السنة، انطلاقا من الغياب والنقط والتكرار والمسافة. تتلقى المؤسسة لائحة مرتبة بحجم قدرتها على المواكبة لاقتراح مقابلة ودعم. والقرار دائما لشخص.",
            "Estimates for each pupil the probability of leaving school before the end of the year, from absences, marks, repeated years and distance. The school receives a ranked list sized to its support capacity, to offer a meeting and support. A person always decides."),
        Purpose = L("Prioriser les visites et l'accompagnement de soutien scolaire.", "ترتيب أولويات الزيارات ومواكبة الدعم المدرسي.", "Prioritise school-support visits and follow-up."),
        DecisionOutcomePositive = L("L'élève est proposé pour un entretien d'accompagnement (soutien, suivi des absences).", "اقتُرح التلميذ لمقابلة مواكبة (دعم، تتبع الغياب).", "The pupil is proposed for a support meeting (tutoring, absence follow-up)."),
        DecisionOutcomeNegative = L("L'élève n'est pas proposé pour un accompagnement prioritaire.", "لم يُقترح التلميذ لمواكبة ذات أولوية.", "The pupil is not proposed for priority support."),
        LegalEffect = L("Aucune sanction ni effet sur la scolarité : il s'agit d'une offre de soutien, que la famille peut refuser.", "لا عقوبة ولا أثر على التمدرس: إنه عرض دعم يمكن للأسرة رفضه.", "No sanction and no effect on schooling: it is an offer of support that the family may decline."),
        Organization = L("Ministère de l'Éducation nationale, du Préscolaire et des Sports", "وزارة التربية الوطنية والتعليم الأولي والرياضة",
            "Ministry of National Education, Preschool and Sports"),
        Department = L("Direction de la stratégie, des statistiques et de la planification — cellule Basira",
            "مديرية الاستراتيجية والإحصاء والتخطيط — خلية بصيرة", "Directorate of Strategy, Statistics and Planning — Basira unit"),
        Contact = "basira-education@men.gov.ma",
        DpoContact = "dpo@men.gov.ma",
        RiskCategory = "high_risk",
        RiskJustification = L(
            "Oriente des interventions vers des mineurs dans l'éducation (cf. EU AI Act, annexe III, point 3 ; classé à haut risque par choix).",
            "يوجّه تدخلات نحو قاصرين في مجال التعليم (راجع الملحق III، النقطة 3، من قانون الاتحاد الأوروبي للذكاء الاصطناعي EU AI Act؛ صُنِّف عالي الخطورة اختيارا).",
            "Steers interventions towards minors in education (cf. EU AI Act Annex III point 3, treated as high-risk by choice)."),
        Goal = L(
            "Réduire le décrochage scolaire (≈ 280 000 élèves par an) en atteignant tôt les élèves à risque.",
            "الحد من الانقطاع عن الدراسة (حوالي 280 ألف تلميذ في السنة) بالوصول مبكرا إلى التلاميذ المعرضين لخطره.",
            "Reduce school dropout (≈ 280,000 pupils a year) by reaching pupils at risk early."),
        Impact = L(
            "Le personnel de l'établissement voit une liste classée des élèves proposés pour un entretien d'accompagnement ; les élèves et leurs tuteurs reçoivent une notice et peuvent former une opposition.",
            "يطّلع أطر المؤسسة على لائحة مرتبة للتلاميذ المقترحين لمقابلة مواكبة؛ ويتلقى التلاميذ وأولياء أمورهم إشعارا ويمكنهم التعرض عليه.",
            "School staff see a ranked list of pupils proposed for a support meeting; pupils and guardians receive a notice and may object."),
        DecisionMakingProcess = L(
            "Le modèle classe les élèves au sein de chaque établissement ; le directeur ou le conseiller de l'établissement décide qui rencontrer ; rien ne se fait automatiquement.",
            "يرتب النموذج التلاميذ داخل كل مؤسسة؛ ويقرر مدير المؤسسة أو مستشارها من يلتقي بهم؛ ولا يتم أي شيء بشكل آلي.",
            "The model ranks pupils within each school; the school director or counsellor decides whom to meet; nothing happens automatically."),
        Proportionality = L(
            "Utilise des données que l'établissement détient déjà ; aucune donnée sensible (loi 09-08, art. 1) ; le résultat est une offre d'aide, non une restriction.",
            "يستعمل معطيات تتوفر عليها المؤسسة أصلا؛ ولا يستعمل أي معطيات حساسة (القانون 09-08، المادة 1)؛ والنتيجة عرض مساعدة وليست تقييدا.",
            "Uses data the school already holds; no sensitive data (09-08 art. 1); the outcome is an offer of help, not a restriction."),
        AlternativesConsidered = L(
            "Des règles fixes (absences > 20 %) manquent les élèves qui présentent plusieurs signaux modérés ; le modèle calibré leur est comparé dans les bancs d'essai.",
            "القواعد الثابتة (غياب > 20 %) تُغفل التلاميذ الذين تظهر لديهم عدة مؤشرات معتدلة؛ ويُقارَن النموذج المُعايَر بها في اختبارات المقارنة.",
            "Fixed rules (absence > 20 %) miss pupils with several moderate signals; the calibrated model is compared to them in the benchmarks."),
        LawfulBasis = L(
            "Mission d'intérêt public du service de l'éducation (loi 09-08, art. 4) ; loi 04-00 relative à l'obligation de l'enseignement fondamental.",
            "تنفيذ مهمة ذات مصلحة عامة يضطلع بها مرفق التعليم (القانون 09-08، المادة 4)؛ القانون 04-00 المتعلق بإلزامية التعليم الأساسي.",
            "Public-interest mission of the education service (law 09-08 art. 4); law 04-00 on compulsory schooling."),
        CndpReference = L(
            "à déposer auprès de la CNDP avant toute mise en production (déploiement de démonstration)",
            "يُودَع لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي (CNDP) قبل أي استعمال فعلي (نشر تجريبي)",
            "to be filed with the CNDP before production use (demo deployment)"),
        SourceData = L(
            "Système d'information scolaire (absences, notes, redoublements), fiche d'inscription (distance, transport), enquête auprès des familles (indice socio-économique, niveau d'études de la mère).",
            "منظومة المعلومات المدرسية (الغياب، النقط، التكرار)، واستمارة التسجيل (المسافة، وسيلة التنقل)، وبحث لدى الأسر (المؤشر السوسيو-اقتصادي، المستوى الدراسي للأم).",
            "School information system (absences, marks, repetitions), enrolment form (distance, transport), family survey (socio-economic index, mother's education)."),
        DataBias = L(
            "L'enregistrement des absences varie d'un établissement à l'autre ; les écoles rurales ont moins d'enregistrements. Le sexe, le milieu et la région ne sont pas des entrées du modèle mais sont audités, car la distance et le transport peuvent en être des indicateurs indirects.",
            "يختلف تسجيل الغياب من مؤسسة إلى أخرى؛ وسجلات المدارس القروية أقل. الجنس والوسط والجهة ليست مدخلات للنموذج لكنها تخضع للتدقيق، لأن المسافة ووسيلة التنقل قد تكون مؤشرات غير مباشرة عليها.",
            "Recording of absences differs between schools; rural schools have fewer records. Sex, milieu and region are not model inputs but are audited, since distance and transport are proxies."),
        PersonalData = L(
            "Identifiant d'élève pseudonymisé (HMAC à clé lors de l'import), établissement, niveau, absences, notes, redoublements, distance, transport, indice socio-économique. Les noms ne sont pas importés.",
            "معرّف مستعار للتلميذ (HMAC بمفتاح سري عند الاستيراد)، المؤسسة، المستوى، الغياب، النقط، التكرار، المسافة، وسيلة التنقل، المؤشر السوسيو-اقتصادي. لا تُستورد الأسماء.",
            "Pseudonymised pupil identifier (keyed HMAC at import), school, grade, absences, marks, repetitions, distance, transport, socio-economic index. Names are not imported."),
        HumanIntervention = L(
            "Le directeur ou le conseiller de l'établissement décide ; des examinateurs qui n'ont pas pris la décision traitent les oppositions ; le modèle peut être désactivé établissement par établissement.",
            "يقرر مدير المؤسسة أو مستشارها؛ ويعالج التعرضات مراجعون لم يتخذوا القرار؛ ويمكن إيقاف النموذج في كل مؤسسة على حدة.",
            "The school director or counsellor decides; reviewers who did not take the decision handle objections; the model can be switched off per school."),
        Rollback = L(
            "Une proposition d'accompagnement peut être retirée à tout moment ; les décisions sont conservées en ajout seul, avec leurs révisions.",
            "يمكن سحب اقتراح المواكبة في أي وقت؛ وتُحفظ القرارات مع مراجعاتها في سجل لا يقبل إلا الإضافة.",
            "A support proposal can be withdrawn at any time; decisions are kept append-only with their revisions."),
        Risks = L(
            "Stigmatisation des élèves signalés (atténuée : liste visible du seul personnel de l'établissement, présentée comme un soutien) ; biais d'automatisation (atténué : les examinateurs se prononcent avant de voir le score).",
            "وصم التلاميذ المرصودين (مخفَّف: لا يطّلع على اللائحة إلا أطر المؤسسة، وتُقدَّم على أنها دعم)؛ والانحياز إلى الآلة (مخفَّف: يقيّم المراجعون الحالة قبل الاطلاع على النتيجة).",
            "Stigmatisation of flagged pupils (mitigated: list visible to school staff only, framed as support); automation bias (mitigated: reviewers assess before seeing the score)."),
        ImpactAssessments = L(
            "AIPD et analyse d'impact sur les droits fondamentaux requises avant la mise en production ; pas encore réalisées pour cette démonstration.",
            "تقييم الأثر على حماية المعطيات (DPIA) وتقييم الأثر على الحقوق الأساسية مطلوبان قبل أي استعمال فعلي؛ ولم يُنجَزا بعد لهذا العرض التوضيحي.",
            "DPIA and fundamental-rights impact assessment required before production; not yet done for this demo."),
        Monitoring = L(
            "Audit d'équité après chaque calcul des scores, par sexe, milieu, région et leur intersection ; taux d'opposition et d'annulation par groupe, chaque mois.",
            "تدقيق الإنصاف بعد كل عملية تنقيط حسب الجنس والوسط والجهة وتقاطعاتها؛ ونسب التعرض والإلغاء حسب الفئة كل شهر.",
            "Fairness audit after every scoring run by sex, milieu, region and their intersection; objection and reversal rates by group monthly."),
        IntendedUse = L(
            "Classer les élèves d'un même établissement pour leur proposer un entretien d'accompagnement facultatif.",
            "ترتيب تلاميذ المؤسسة الواحدة لاقتراح مقابلة مواكبة اختيارية عليهم.",
            "Rank pupils for a voluntary support meeting within one school."),
        OutOfScopeUses = L(
            "Toute décision de sanction, d'orientation, d'admission, de notation ou de mutation ; la comparaison d'établissements ou d'enseignants.",
            "أي قرار يتعلق بالعقوبة أو التوجيه أو القبول أو التنقيط أو النقل؛ ومقارنة المؤسسات أو الأساتذة.",
            "Any sanction, orientation, admission, grading or transfer decision; comparing schools or teachers."),
        EthicalConsiderations = L(
            "Mineurs ; présentation comme un soutien ; décision humaine ; explication à la famille en français, en arabe ou en anglais.",
            "قاصرون؛ تقديم الأمر على أنه دعم؛ قرار بشري؛ شرح للأسرة بالعربية أو الفرنسية أو الإنجليزية.",
            "Minors; framing as support; human decision; explanation to the family in French, Arabic or English."),
        Caveats = L(
            "Entraîné sur la cohorte de l'année scolaire précédente ; à recalibrer chaque année. Les données de démonstration sont synthétiques.",
            "دُرِّب على فوج السنة الدراسية الماضية؛ تجب إعادة معايرته كل سنة. معطيات العرض التوضيحي اصطناعية.",
            "Trained on the previous school year's cohort; recalibrate each year. Demo data are synthetic."),
        AutomationLevel = AutomationLevels.ModelRecommendsHumanDecides,
        SelectionMeaning = L(
            "Être sélectionné (signalé) est un avantage (un soutien est proposé) : l'erreur qui compte le plus est un élève manqué (taux de faux négatifs, égalité des opportunités).",
            "الانتقاء (الرصد) منفعة (عرض دعم): والخطأ الأهم هو إغفال تلميذ (نسبة السلبيات الخاطئة، تكافؤ الفرص).",
            "Being selected (flagged) is a benefit (support offered): the error that matters most is a missed pupil (false negative rate, equal opportunity)."),
        ProtectedAttributes = ProtectedAttributes,
        Operations =
        [
            L("1. Import du tableau des élèves ; identifiants pseudonymisés (HMAC) ; lignes aux valeurs invalides mises en quarantaine avec la ligne et le motif.",
                "1. استيراد جدول التلاميذ؛ تُستبدل المعرّفات بأسماء مستعارة (HMAC)؛ تُعزل الأسطر ذات القيم غير الصالحة مع رقم السطر والسبب.",
                "1. Import of the pupil table; identifiers pseudonymised (HMAC); rows with invalid values quarantined with line and reason."),
            L("2. Variables : les colonnes listées dans les données utilisées ; le sexe, le milieu et la région ne sont pas des entrées.",
                "2. المتغيرات: الأعمدة المذكورة في المعطيات المستعملة؛ الجنس والوسط والجهة ليست مدخلات.",
                "2. Features: the columns listed under data used; sex, milieu and region are not inputs."),
            L("3. Modèle : arbres de gradient boosting (LightGBM) combinés à une régression logistique, entraînés sur la cohorte de l'année précédente dont l'issue est connue.",
                "3. النموذج: أشجار التعزيز التدرّجي (LightGBM) مجمّعة مع انحدار لوجستي، مدرَّبة على فوج السنة الماضية المعروفة نتائجه.",
                "3. Model: gradient-boosted trees (LightGBM) stacked with a logistic regression, trained on the previous year's cohort with known outcomes."),
            L("4. Calibration du score en probabilité.", "4. معايرة النتيجة إلى احتمال.", "4. Calibration of the score into a probability."),
            L("5. Classement au sein de l'établissement ; le haut de la liste, dans la limite de la capacité d'accompagnement et au-dessus du seuil, est proposé.",
                "5. الترتيب داخل المؤسسة؛ يُقترح أعلى اللائحة في حدود قدرة المواكبة وفوق العتبة.",
                "5. Ranking within the school; the top of the list, up to the school's support capacity and above the threshold, is proposed."),
            L("6. Explication exacte de chaque proposition (TreeSHAP pour les arbres, valeurs de Shapley exactes pour la partie linéaire) et le plus petit changement des absences ou de la moyenne qui la lèverait (vérifié en recalculant avec le même modèle) ; avis envoyé.",
                "6. تفسير دقيق لكل اقتراح (TreeSHAP للأشجار وقيم شابلي الدقيقة للجزء الخطي) وأصغر تغيير في الغياب أو المعدل كان سيرفعه (متحقَّق منه بإعادة الحساب بالنموذج نفسه)؛ إرسال الإشعار.",
                "6. Exact explanation of each proposal (TreeSHAP for the trees, exact Shapley values for the linear part) and the nearest change of absences or average mark that would lift it (checked by re-scoring with the same model); notice sent."),
            L("7. Étape humaine : le directeur ou le conseiller de l'établissement décide ; les oppositions sont examinées par une autre personne.",
                "7. الخطوة البشرية: يقرر مدير المؤسسة أو مستشارها؛ ويفحص التعرضات شخص آخر.",
                "7. Human step: the school director or counsellor decides; objections are reviewed by another person."),
        ],
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            ["birth_year"] = L("L'année de naissance", "سنة الازدياد", "Year of birth"),
            ["cycle"] = L("Le cycle", "السلك", "School cycle"),
            ["grade_level"] = L("Le niveau scolaire", "المستوى الدراسي", "Grade level"),
            ["distance_km"] = L("La distance domicile-école", "المسافة بين المنزل والمدرسة", "Home-to-school distance"),
            ["absence_days"] = L("Le nombre de jours d'absence au dernier trimestre", "عدد أيام الغياب في الفصل الأخير", "Days absent last term"),
            ["absence_rate"] = L("Le taux d'absence", "نسبة الغياب", "Absence rate"),
            ["grade_average"] = L("La moyenne générale", "المعدل العام", "Average mark"),
            ["repetitions"] = L("Le nombre de redoublements", "عدد مرات التكرار", "Number of repeated years"),
            ["transport"] = L("Le mode de transport", "وسيلة التنقل", "Means of transport"),
            ["ses_index"] = L("L'indice socio-économique du foyer", "المؤشر السوسيو-اقتصادي للأسرة", "Household socio-economic index"),
            ["mother_education"] = L("Le niveau d'études de la mère", "المستوى الدراسي للأم", "Mother's education level"),
        },
        Learners = new Dictionary<string, LocalizedText>
        {
            [LearnerTrees] = L("arbres de gradient boosting LightGBM (ML.NET 5.0.1), calibrés", "أشجار التعزيز التدرّجي LightGBM (ML.NET 5.0.1)، مُعايَرة",
                "LightGBM gradient-boosted trees (ML.NET 5.0.1), calibrated"),
            [LearnerStacked] = L("arbres de gradient boosting LightGBM combinés à une régression logistique (ML.NET 5.0.1), calibrés",
                "أشجار التعزيز التدرّجي LightGBM مجمّعة مع انحدار لوجستي (ML.NET 5.0.1)، مُعايَرة",
                "LightGBM gradient-boosted trees stacked with a logistic regression (ML.NET 5.0.1), calibrated"),
        },
        TrainingDataTemplate = L(
            "{file} : cohorte précédente dont l'issue est connue, {training_rows} élèves (80 % par tirage stratifié, graine {seed})",
            "{file}: الفوج السابق المعروفة نتائجه، عدد التلاميذ {training_rows} (80 % بسحب طبقي، البذرة العشوائية {seed})",
            "{file}: previous cohort with known outcomes, {training_rows} pupils (80 % stratified, seed {seed})"),
        PerformanceProtocolTemplate = L(
            "20 % de la cohorte d'entraînement mis de côté par tirage stratifié (graine {seed}), {holdout_rows} élèves",
            "20 % من فوج التدريب محجوزة للتقييم بسحب طبقي (البذرة العشوائية {seed})، عدد التلاميذ {holdout_rows}",
            "20 % stratified hold-out of the training cohort (seed {seed}), {holdout_rows} pupils"),
        FeatureValues = ValueWords,
        FeatureSources = new Dictionary<string, LocalizedText>
        {
            ["birth_year"] = Massar,
            ["cycle"] = Massar,
            ["grade_level"] = Massar,
            ["distance_km"] = EnrolmentForm,
            ["absence_days"] = MassarLastTerm,
            ["absence_rate"] = L("calculé à partir du registre", "محسوب من السجل", "derived from the register"),
            ["grade_average"] = MassarLastTerm,
            ["repetitions"] = Massar,
            ["transport"] = EnrolmentForm,
            ["ses_index"] = FamilySurvey,
            ["mother_education"] = FamilySurvey,
        },
    };
}
