using Basira.Education.EarlyWarning;
using Basira.Governance.Models;

namespace Basira.Education.Warning;

/// <summary>
/// The register declaration of the national early warning: the same purpose, legal frame, human step and safeguards as
/// the school-level slice (<see cref="DropoutAlgorithm"/>), trained on every pupil of last year and scoring every pupil
/// of this year, with its own inputs (<see cref="WarningFeatures"/>), learner and evaluation protocol.
/// </summary>
public static class NationalWarningAlgorithm
{
    public const string Id = "edu.dropout-early-warning.national";

    /// <summary>Learner code stored in the model facts: LightGBM trees, calibrated on a hold-out of last year's cohort.</summary>
    public const string LearnerTrees = "lightgbm-national";

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText Massar = L("registre (Massar)", "السجل (مسار)", "register (Massar)");
    private static readonly LocalizedText EnrolmentForm = L("fiche d'inscription", "استمارة التسجيل", "enrolment form");
    private static readonly LocalizedText Derived = L("calculé à partir du registre", "محسوب من السجل", "derived from the register");
    private static readonly LocalizedText SupportRegister = L("registre des aides sociales à la scolarité", "سجل الدعم الاجتماعي للتمدرس", "register of social support for schooling");

    private static CategoryWords YesNo(LocalizedText yes, LocalizedText no) => new(new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
    {
        ["yes"] = yes,
        ["no"] = no,
    });

    /// <summary>How each input is said to a family (notice levels 1 and 2).</summary>
    public static readonly IReadOnlyDictionary<string, FeatureValueWords> ValueWords = new Dictionary<string, FeatureValueWords>(StringComparer.Ordinal)
    {
        ["grade"] = new CategoryWords(DropoutAlgorithm.GradeLabels),
        ["distance_km"] = new QuantityWords(L("{0} km", "{0} كلم", "{0} km")) { Format = "0.#" },
        ["repetitions"] = new QuantityWords(L("{0} redoublements", "عدد مرات التكرار: {0}", "{0} repeated years"))
        {
            One = L("{0} redoublement", "عدد مرات التكرار: {0}", "{0} repeated year"),
            Zero = L("aucun redoublement", "بدون تكرار", "no repeated year"),
            Format = "0",
        },
        ["school_transport"] = YesNo(L("utilise le transport scolaire", "يستعمل النقل المدرسي", "uses school transport"),
            L("n'utilise pas le transport scolaire", "لا يستعمل النقل المدرسي", "does not use school transport")),
        ["boarding"] = YesNo(L("interne (internat ou Dar Talib / Dar Taliba)", "داخلي (داخلية أو دار الطالب / دار الطالبة)", "boards (boarding school or Dar Talib / Dar Taliba)"),
            L("n'est pas interne", "ليس داخليا", "does not board")),
        ["social_support"] = YesNo(L("la famille reçoit une aide à la scolarité", "تستفيد الأسرة من دعم للتمدرس", "the family receives support for schooling"),
            L("la famille ne reçoit pas d'aide à la scolarité", "لا تستفيد الأسرة من دعم للتمدرس", "the family receives no support for schooling")),
        ["absence_rate"] = new QuantityWords(L("{0} % des jours de classe", "{0} % من أيام الدراسة", "{0} % of school days")) { Scale = 100, Format = "0.##" },
        ["unjustified_share"] = new QuantityWords(L("{0} % des absences sans justification", "{0} % من الغيابات بدون مبرر", "{0} % of absences without justification"))
            { Scale = 100, Format = "0.#" },
        ["annual_average"] = new QuantityWords(L("{0} sur 20", "{0} على 20", "{0} out of 20")) { Format = "0.##" },
    };

    public static AlgorithmDescriptor Descriptor { get; } = DropoutAlgorithm.Descriptor with
    {
        Algorithm = Id,
        Name = L("Repérage précoce du risque de décrochage scolaire — échelle nationale", "الرصد المبكر لخطر الانقطاع عن الدراسة — على الصعيد الوطني",
            "Early warning of school dropout risk — national scale"),
        DescriptionShort = L(
            "Estime pour chaque élève du pays la probabilité de ne pas être réinscrit l'année suivante, à partir des absences, de la moyenne, des redoublements, de la distance, du transport, de l'internat et des aides sociales. Chaque établissement reçoit une liste classée, de la taille de sa capacité d'accompagnement. Une personne décide toujours.",
            "يقدّر لكل تلميذ في البلاد احتمال عدم إعادة تسجيله في السنة الموالية، انطلاقا من الغياب والمعدل والتكرار والمسافة والنقل والداخلية والدعم الاجتماعي. تتلقى كل مؤسسة لائحة مرتبة بحجم قدرتها على المواكبة. والقرار دائما لشخص.",
            "Estimates for every pupil in the country the probability of not being re-enrolled next year, from absences, average mark, repeated years, distance, transport, boarding and social support. Each school receives a ranked list sized to its support capacity. A person always decides."),
        SourceData = L(
            "Système d'information scolaire (absences et leurs justifications, notes, redoublements), fiche d'inscription (distance, transport scolaire, internat), registre des aides sociales à la scolarité.",
            "منظومة المعلومات المدرسية (الغياب ومبرراته، النقط، التكرار)، واستمارة التسجيل (المسافة، النقل المدرسي، الداخلية)، وسجل الدعم الاجتماعي للتمدرس.",
            "School information system (absences and their justifications, marks, repetitions), enrolment form (distance, school transport, boarding), register of social support for schooling."),
        PersonalData = L(
            "Identifiant d'élève pseudonymisé (HMAC à clé), établissement, niveau, absences, moyenne, redoublements, distance, transport scolaire, internat, aide sociale. Les noms ne sont pas utilisés.",
            "معرّف مستعار للتلميذ (HMAC بمفتاح سري)، المؤسسة، المستوى، الغياب، المعدل، التكرار، المسافة، النقل المدرسي، الداخلية، الدعم الاجتماعي. لا تُستعمل الأسماء.",
            "Pseudonymised pupil identifier (keyed HMAC), school, grade, absences, average mark, repetitions, distance, school transport, boarding, social support. Names are not used."),
        Operations =
        [
            L("1. Lecture des élèves de l'année précédente (issue connue) et de l'année en cours ; identifiants pseudonymisés (HMAC).",
                "1. قراءة تلاميذ السنة الماضية (النتيجة معروفة) والسنة الجارية؛ تُستبدل المعرّفات بأسماء مستعارة (HMAC).",
                "1. Reading of last year's pupils (outcome known) and this year's; identifiers pseudonymised (HMAC)."),
            L("2. Variables : les colonnes listées dans les données utilisées ; le sexe, le milieu, la région et l'établissement ne sont pas des entrées.",
                "2. المتغيرات: الأعمدة المذكورة في المعطيات المستعملة؛ الجنس والوسط والجهة والمؤسسة ليست مدخلات.",
                "2. Features: the columns listed under data used; sex, milieu, region and school are not inputs."),
            L("3. Modèle : arbres de gradient boosting (LightGBM), entraînés sur les élèves de l'année précédente, sauf une part mise de côté.",
                "3. النموذج: أشجار التعزيز التدرّجي (LightGBM)، مدرَّبة على تلاميذ السنة الماضية باستثناء جزء محجوز.",
                "3. Model: gradient-boosted trees (LightGBM), trained on last year's pupils except a held-out share."),
            L("4. Calibration du score en probabilité sur la part mise de côté.", "4. معايرة النتيجة إلى احتمال على الجزء المحجوز.",
                "4. Calibration of the score into a probability on the held-out share."),
            L("5. Classement au sein de chaque établissement ; le haut de la liste, dans la limite de la capacité d'accompagnement et au-dessus du seuil, est proposé.",
                "5. الترتيب داخل كل مؤسسة؛ يُقترح أعلى اللائحة في حدود قدرة المواكبة وفوق العتبة.",
                "5. Ranking within each school; the top of the list, up to the school's support capacity and above the threshold, is proposed."),
            L("6. Explication exacte de chaque proposition (TreeSHAP) ; avis envoyé ; audit d'équité de l'ensemble du calcul, avec alerte si un seuil est franchi.",
                "6. تفسير دقيق لكل اقتراح (TreeSHAP)؛ إرسال الإشعار؛ تدقيق إنصاف العملية كلها، مع تنبيه عند تجاوز عتبة.",
                "6. Exact explanation of each proposal (TreeSHAP); notice sent; fairness audit of the whole run, with an alert when a threshold is breached."),
            L("7. Étape humaine : le directeur ou le conseiller de l'établissement décide et ouvre un suivi (soutien scolaire, rencontre avec la famille, transport, aide sociale) ; les oppositions sont examinées par une autre personne.",
                "7. الخطوة البشرية: يقرر مدير المؤسسة أو مستشارها ويفتح ملف تتبع (دعم مدرسي، لقاء مع الأسرة، نقل، دعم اجتماعي)؛ ويفحص التعرضات شخص آخر.",
                "7. Human step: the school director or counsellor decides and opens a case (tutoring, family meeting, transport, social support); objections are reviewed by another person."),
        ],
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            ["grade"] = L("Le niveau scolaire", "المستوى الدراسي", "Grade level"),
            ["distance_km"] = L("La distance domicile-école", "المسافة بين المنزل والمدرسة", "Home-to-school distance"),
            ["repetitions"] = L("Le nombre de redoublements", "عدد مرات التكرار", "Number of repeated years"),
            ["school_transport"] = L("Le transport scolaire", "النقل المدرسي", "School transport"),
            ["boarding"] = L("L'internat", "الداخلية", "Boarding"),
            ["social_support"] = L("L'aide sociale à la scolarité", "الدعم الاجتماعي للتمدرس", "Social support for schooling"),
            ["absence_rate"] = L("Le taux d'absence de l'année", "نسبة الغياب خلال السنة", "Absence rate over the year"),
            ["unjustified_share"] = L("La part des absences non justifiées", "نسبة الغيابات غير المبررة", "Share of unjustified absences"),
            ["annual_average"] = L("La moyenne annuelle", "المعدل السنوي", "Annual average mark"),
        },
        FeatureSources = new Dictionary<string, LocalizedText>
        {
            ["grade"] = Massar,
            ["distance_km"] = EnrolmentForm,
            ["repetitions"] = Massar,
            ["school_transport"] = EnrolmentForm,
            ["boarding"] = EnrolmentForm,
            ["social_support"] = SupportRegister,
            ["absence_rate"] = Derived,
            ["unjustified_share"] = Derived,
            ["annual_average"] = Massar,
        },
        FeatureValues = ValueWords,
        Learners = new Dictionary<string, LocalizedText>
        {
            [LearnerTrees] = L("arbres de gradient boosting LightGBM (ML.NET 5.0.1), calibrés sur une part mise de côté",
                "أشجار التعزيز التدرّجي LightGBM (ML.NET 5.0.1)، مُعايَرة على جزء محجوز",
                "LightGBM gradient-boosted trees (ML.NET 5.0.1), calibrated on a held-out share"),
        },
        TrainingDataTemplate = L(
            "{file} : élèves de l'année précédente dont l'issue est connue, {training_rows} élèves pour l'apprentissage (graine {seed})",
            "{file}: تلاميذ السنة الماضية المعروفة نتائجهم، عدد تلاميذ التعلم {training_rows} (البذرة العشوائية {seed})",
            "{file}: last year's pupils with known outcomes, {training_rows} pupils to learn from (seed {seed})"),
        PerformanceProtocolTemplate = L(
            "une part de l'année précédente mise de côté par tirage stratifié (graine {seed}), {holdout_rows} élèves, sert à calibrer et à mesurer",
            "جزء من السنة الماضية محجوز بسحب طبقي (البذرة العشوائية {seed})، عدد التلاميذ {holdout_rows}، يُستعمل للمعايرة والقياس",
            "a stratified held-out share of last year (seed {seed}), {holdout_rows} pupils, used to calibrate and measure"),
        Caveats = L(
            "Entraîné sur l'année précédente ; réentraîné chaque année. La mesure sur la part mise de côté sert aussi à la calibration ; l'audit de chaque calcul mesure le modèle sur l'année en cours quand son issue est connue. Les données de démonstration sont synthétiques.",
            "مدرَّب على السنة الماضية؛ يُعاد تدريبه كل سنة. القياس على الجزء المحجوز يُستعمل أيضا للمعايرة؛ ويقيس تدقيق كل عملية النموذجَ على السنة الجارية حين تُعرف نتائجها. معطيات العرض التوضيحي اصطناعية.",
            "Trained on last year; retrained every year. The held-out measure also serves the calibration; each run's audit measures the model on the current year once its outcome is known. Demo data are synthetic."),
    };
}
