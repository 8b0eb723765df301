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

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText Massar = L("registre (Massar)", "السجل (مسار)", "register (Massar)");
    private static readonly LocalizedText MassarLastTerm = L("registre (Massar), dernier trimestre", "السجل (مسار)، الفصل الأخير", "register (Massar), last term");
    private static readonly LocalizedText EnrolmentForm = L("fiche d'inscription", "استمارة التسجيل", "enrolment form");
    private static readonly LocalizedText FamilySurvey = L("enquête auprès des familles", "بحث لدى الأسر", "family survey");

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
        RiskJustification = "Steers interventions towards minors in education (cf. EU AI Act Annex III point 3, treated as high-risk by choice).",
        Goal = "Reduce school dropout (≈ 280,000 pupils a year) by reaching pupils at risk early.",
        Impact = "School staff see a ranked list of pupils proposed for a support meeting; pupils and guardians receive a notice and may object.",
        DecisionMakingProcess = "The model ranks pupils within each school; the school director or counsellor decides whom to meet; nothing happens automatically.",
        Proportionality = "Uses data the school already holds; no sensitive data (09-08 art. 1); the outcome is an offer of help, not a restriction.",
        AlternativesConsidered = "Fixed rules (absence > 20 %) miss pupils with several moderate signals; the calibrated model is compared to them in the benchmarks.",
        LawfulBasis = "Public-interest mission of the education service (law 09-08 art. 4); law 04-00 on compulsory schooling.",
        CndpReference = "to be filed with the CNDP before production use (demo deployment)",
        SourceData = "School information system (absences, marks, repetitions), enrolment form (distance, transport), family survey (socio-economic index, mother's education).",
        DataBias = "Recording of absences differs between schools; rural schools have fewer records. Sex, milieu and region are not model inputs but are audited, since distance and transport are proxies.",
        PersonalData = "Pseudonymised pupil identifier (keyed HMAC at import), school, grade, absences, marks, repetitions, distance, transport, socio-economic index. Names are not imported.",
        HumanIntervention = "The school director or counsellor decides; reviewers who did not take the decision handle objections; the model can be switched off per school.",
        Rollback = "A support proposal can be withdrawn at any time; decisions are kept append-only with their revisions.",
        Risks = "Stigmatisation of flagged pupils (mitigated: list visible to school staff only, framed as support); automation bias (mitigated: reviewers assess before seeing the score).",
        ImpactAssessments = "DPIA and fundamental-rights impact assessment required before production; not yet done for this demo.",
        Monitoring = "Fairness audit after every scoring run by sex, milieu, region and their intersection; objection and reversal rates by group monthly.",
        IntendedUse = "Rank pupils for a voluntary support meeting within one school.",
        OutOfScopeUses = "Any sanction, orientation, admission, grading or transfer decision; comparing schools or teachers.",
        EthicalConsiderations = "Minors; framing as support; human decision; explanation to the family in French, Arabic or English.",
        Caveats = "Trained on the previous school year's cohort; recalibrate each year. Demo data are synthetic.",
        AutomationLevel = AutomationLevels.ModelRecommendsHumanDecides,
        SelectionMeaning = "Being selected (flagged) is a benefit (support offered): the error that matters most is a missed pupil (false negative rate, equal opportunity).",
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
            ["distance_km"] = L("La distance domicile-école (km)", "المسافة بين المنزل والمدرسة (كلم)", "Home-to-school distance (km)"),
            ["absence_days"] = L("Le nombre de jours d'absence au dernier trimestre", "عدد أيام الغياب في الفصل الأخير", "Days absent last term"),
            ["absence_rate"] = L("Le taux d'absence", "نسبة الغياب", "Absence rate"),
            ["grade_average"] = L("La moyenne générale (/20)", "المعدل العام (/20)", "Average mark (/20)"),
            ["repetitions"] = L("Le nombre de redoublements", "عدد مرات التكرار", "Number of repeated years"),
            ["transport"] = L("Le mode de transport", "وسيلة التنقل", "Means of transport"),
            ["ses_index"] = L("L'indice socio-économique du foyer", "المؤشر السوسيو-اقتصادي للأسرة", "Household socio-economic index"),
            ["mother_education"] = L("Le niveau d'études de la mère", "المستوى الدراسي للأم", "Mother's education level"),
        },
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
