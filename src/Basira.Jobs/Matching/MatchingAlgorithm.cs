using Basira.Governance.Decisions;
using Basira.Governance.Models;

namespace Basira.Jobs.Matching;

/// <summary>The register declaration of the seeker ↔ offer matching (TRANSPARENCY.md §1b, static part) and its notice wording.</summary>
public static class MatchingAlgorithm
{
    public const string Id = "jobs.matching";

    /// <summary>Learner code of the rule (a weighted sum, no training).</summary>
    public const string LearnerRule = "weighted-rule";

    /// <summary>Protected attributes audited for exposure fairness (never inputs of the score).</summary>
    public static readonly IReadOnlyList<string> ProtectedAttributes = ["sex", "region"];

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText OfferAndProfile = L("offre d'emploi et profil du demandeur", "عرض الشغل وملف الباحث عن عمل", "job offer and seeker's profile");

    /// <summary>The descriptor; <paramref name="graph"/> names the skills and occupations in the notice's words.</summary>
    public static AlgorithmDescriptor Descriptor(SkillGraph graph, MarketGeography geography) => new()
    {
        Algorithm = Id,
        Domain = "employment",
        Name = L("Rapprochement entre demandeurs d'emploi et offres", "المطابقة بين الباحثين عن عمل وعروض الشغل", "Matching job seekers and job offers"),
        DescriptionShort = L(
            "Classe les offres d'emploi pour un demandeur, et les demandeurs qualifiés pour une offre, par une somme pondérée de six critères : compétences essentielles et optionnelles (ESCO), proximité des métiers, lieu et mobilité, expérience, langues.",
            "يرتب عروض الشغل لكل باحث عن عمل، والباحثين المؤهلين لكل عرض، بمجموع مرجَّح لستة معايير: الكفاءات الأساسية والاختيارية (ESCO)، وقرب المهن، والمكان والتنقل، والخبرة، واللغات.",
            "Ranks job offers for a seeker, and qualified seekers for an offer, by a weighted sum of six criteria: essential and optional skills (ESCO), occupation proximity, place and mobility, experience, languages."),
        Purpose = L(
            "Aider le demandeur d'emploi à trouver des offres adaptées et aider l'employeur et le conseiller à présélectionner des candidats.",
            "مساعدة الباحث عن عمل على إيجاد العروض الملائمة، ومساعدة المشغل والمستشار على الانتقاء الأولي للمرشحين.",
            "Help job seekers find suitable offers, and help employers and counsellors shortlist candidates."),
        DecisionOutcomePositive = L("proposé (score au-dessus du seuil)", "مقترَح (النتيجة فوق العتبة)", "proposed (score above the threshold)"),
        DecisionOutcomeNegative = L("non proposé", "غير مقترَح", "not proposed"),
        LegalEffect = L(
            "Aucun effet juridique : une liste de suggestions ; le demandeur choisit où postuler, l'employeur choisit qui rencontrer.",
            "لا أثر قانوني: لائحة اقتراحات؛ يختار الباحث عن عمل أين يترشح، ويختار المشغل من يلتقي به.",
            "No legal effect: a list of suggestions; the seeker chooses where to apply, the employer whom to meet."),
        Organization = L("Agence nationale de promotion de l'emploi et des compétences (démonstration)", "الوكالة الوطنية لإنعاش التشغيل والكفاءات (عرض توضيحي)", "National agency for the promotion of employment and skills (demo)"),
        Department = L("Service intermédiation", "مصلحة الوساطة", "Intermediation service"),
        Contact = "intermediation@example.invalid",
        DpoContact = "dpo@example.invalid",
        RiskCategory = "high_risk",
        RiskJustification = L(
            "Accès à l'emploi (catégorie à haut risque de l'annexe III du règlement européen sur l'IA, pris comme référence).",
            "الولوج إلى الشغل (فئة عالية المخاطر في الملحق الثالث من اللائحة الأوروبية للذكاء الاصطناعي، مأخوذة كمرجع).",
            "Access to employment (high-risk category of Annex III of the EU AI Act, taken as reference)."),
        Goal = L("Réduire le temps de recherche d'emploi et les postes non pourvus.", "تقليص مدة البحث عن عمل والمناصب غير المشغولة.", "Shorten job searches and reduce unfilled vacancies."),
        Impact = L(
            "Le demandeur voit les offres classées sur sa page ; l'employeur voit une présélection de candidats pseudonymisés ; le conseiller voit les deux pour son agence.",
            "يرى الباحث عن عمل العروض مرتبة في صفحته؛ ويرى المشغل انتقاءً أوليا لمرشحين بأسماء مستعارة؛ ويرى المستشار الاثنين في وكالته.",
            "Seekers see offers ranked on their page; employers see a shortlist of pseudonymised candidates; counsellors see both for their agency."),
        DecisionMakingProcess = L(
            "La règle classe ; le demandeur décide où postuler ; l'employeur, avec le conseiller, décide qui rencontrer. Rien n'est envoyé automatiquement.",
            "القاعدة ترتب؛ والباحث عن عمل يقرر أين يترشح؛ والمشغل مع المستشار يقرران من يلتقيان به. لا يُرسَل أي شيء آليا.",
            "The rule ranks; the seeker decides where to apply; the employer, with the counsellor, decides whom to meet. Nothing is sent automatically."),
        Proportionality = L(
            "Utilise le profil déclaré par le demandeur et le contenu de l'offre ; ni le sexe, ni la région, ni l'âge ne sont des critères.",
            "يستعمل الملف الذي صرّح به الباحث عن عمل ومحتوى العرض؛ ولا يُعتمد الجنس ولا الجهة ولا السن كمعايير.",
            "Uses the profile the seeker declared and the offer's content; neither sex, region nor age is a criterion."),
        AlternativesConsidered = L(
            "Un modèle appris sur les embauches passées reproduirait les biais des recrutements ; une règle pondérée publiée est explicable exactement.",
            "نموذج متعلَّم من التوظيفات السابقة سيعيد إنتاج تحيزات التوظيف؛ أما قاعدة مرجحة منشورة فيمكن تفسيرها بدقة.",
            "A model learnt from past hires would reproduce hiring biases; a published weighted rule is exactly explainable."),
        LawfulBasis = L(
            "Mission de service public d'intermédiation sur le marché du travail (loi 09-08, art. 4).",
            "مهمة المرفق العمومي للوساطة في سوق الشغل (القانون 09-08، المادة 4).",
            "Public-service mission of labour-market intermediation (law 09-08 art. 4)."),
        CndpReference = L(
            "à déposer auprès de la CNDP avant toute mise en production (déploiement de démonstration)",
            "يُودَع لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي قبل أي استعمال فعلي (نشر تجريبي)",
            "to be filed with the CNDP before production use (demo deployment)"),
        SourceData = L(
            "Profil du demandeur (compétences, métiers, province, mobilité, expérience, langues) ; offre (métier ESCO, compétences, lieu, expérience et langues demandées) ; classification ESCO de la Commission européenne.",
            "ملف الباحث عن عمل (الكفاءات، المهن، الإقليم، التنقل، الخبرة، اللغات)؛ العرض (مهنة ESCO، الكفاءات، المكان، الخبرة واللغات المطلوبة)؛ تصنيف ESCO للمفوضية الأوروبية.",
            "Seeker's profile (skills, occupations, province, mobility, experience, languages); offer (ESCO occupation, skills, place, experience and languages required); ESCO classification of the European Commission."),
        DataBias = L(
            "Les compétences déclarées sont inégalement renseignées ; l'exposition des femmes et des régions éloignées dans les premiers rangs est auditée à chaque calcul.",
            "الكفاءات المصرَّح بها غير مكتملة بشكل متفاوت؛ ويُدقَّق في ظهور النساء والجهات البعيدة في المراتب الأولى عند كل حساب.",
            "Declared skills are unevenly complete; the exposure of women and of distant regions in the top ranks is audited at every run."),
        PersonalData = L(
            "Identifiant pseudonymisé (HMAC à clé), province, mobilité, compétences, métiers, expérience, langues ; le sexe sert uniquement à l'audit d'équité.",
            "معرّف مستعار (HMAC بمفتاح)، الإقليم، التنقل، الكفاءات، المهن، الخبرة، اللغات؛ ويُستعمل الجنس فقط لتدقيق الإنصاف.",
            "Pseudonymised identifier (keyed HMAC), province, mobility, skills, occupations, experience, languages; sex is used only for the fairness audit."),
        HumanIntervention = L(
            "Le conseiller peut écarter ou ajouter des candidats ; toute personne classée peut s'opposer et obtenir un examen par une autre personne.",
            "يمكن للمستشار استبعاد مرشحين أو إضافتهم؛ ولكل شخص مرتَّب أن يتعرض ويحصل على مراجعة من شخص آخر.",
            "The counsellor may remove or add candidates; anyone ranked may object and obtain a review by another person."),
        Rollback = L("Une liste peut être recalculée à tout moment ; les décisions restent conservées, en ajout seul.", "يمكن إعادة حساب اللائحة في أي وقت؛ وتبقى القرارات محفوظة في سجل لا يقبل إلا الإضافة.", "A list can be recomputed at any time; decisions are kept append-only."),
        Risks = L(
            "Exclusion de profils atypiques (atténuée : les compétences optionnelles et la proximité des métiers comptent) ; concentration de l'exposition (atténuée : audit d'exposition par sexe et région).",
            "إقصاء الملفات غير النمطية (مخفَّف: تُحتسب الكفاءات الاختيارية وقرب المهن)؛ وتركّز الظهور (مخفَّف: تدقيق الظهور حسب الجنس والجهة).",
            "Exclusion of atypical profiles (mitigated: optional skills and occupation proximity count); concentrated exposure (mitigated: exposure audit by sex and region)."),
        ImpactAssessments = L("AIPD requise avant la mise en production ; non réalisée pour cette démonstration.", "تقييم الأثر على حماية المعطيات مطلوب قبل الاستعمال الفعلي؛ ولم يُنجَز لهذا العرض.", "DPIA required before production; not done for this demo."),
        Monitoring = L(
            "Audit d'exposition (part des premiers rangs comparée à la part des demandeurs qualifiés) par sexe, région et leur intersection ; taux d'opposition par groupe.",
            "تدقيق الظهور (حصة المراتب الأولى مقارنة بحصة الباحثين المؤهلين) حسب الجنس والجهة وتقاطعهما؛ ونسب التعرض حسب الفئة.",
            "Exposure audit (share of top ranks compared with the share of qualified seekers) by sex, region and their intersection; objection rates by group."),
        IntendedUse = L("Suggérer des offres et présélectionner des candidats.", "اقتراح العروض والانتقاء الأولي للمرشحين.", "Suggest offers and shortlist candidates."),
        OutOfScopeUses = L("Toute décision d'embauche, de radiation ou d'indemnisation.", "أي قرار توظيف أو شطب أو تعويض.", "Any hiring, deregistration or benefit decision."),
        EthicalConsiderations = L("Le classement est une aide ; il ne remplace ni l'entretien ni le conseil.", "الترتيب وسيلة مساعدة؛ ولا يعوّض المقابلة ولا الاستشارة.", "The ranking is an aid; it replaces neither the interview nor counselling."),
        Caveats = L("Les données de démonstration sont synthétiques.", "معطيات العرض التوضيحي اصطناعية.", "Demo data are synthetic."),
        AutomationLevel = AutomationLevels.ModelRecommendsHumanDecides,
        SelectionMeaning = L(
            "Être proposé est un avantage (une offre ou un entretien) : l'erreur qui compte est un demandeur qualifié jamais montré (part d'exposition par groupe).",
            "الاقتراح منفعة (عرض أو مقابلة): والخطأ الأهم هو باحث مؤهل لا يظهر أبدا (حصة الظهور حسب الفئة).",
            "Being proposed is a benefit (an offer or an interview): the error that matters is a qualified seeker never shown (exposure share by group)."),
        ProtectedAttributes = ProtectedAttributes,
        Operations =
        [
            L("1. Réception des offres et des profils ; identifiants pseudonymisés ; lieux rapportés à une province.",
                "1. استقبال العروض والملفات؛ تعويض المعرّفات بأسماء مستعارة؛ ربط الأماكن بإقليم.",
                "1. Offers and profiles received; identifiers pseudonymised; places resolved to a province."),
            L("2. Six critères, chacun entre 0 et 1 : compétences essentielles (part possédée), compétences optionnelles, proximité des métiers (CITP-08 et compétences communes), lieu et mobilité, expérience, langues.",
                "2. ستة معايير، كل منها بين 0 و1: الكفاءات الأساسية (الحصة المتوفرة)، الكفاءات الاختيارية، قرب المهن (التصنيف الدولي للمهن وكفاءات مشتركة)، المكان والتنقل، الخبرة، اللغات.",
                "2. Six criteria, each between 0 and 1: essential skills (share held), optional skills, occupation proximity (ISCO-08 and shared skills), place and mobility, experience, languages."),
            L("3. Score = 0,40 × compétences essentielles + 0,10 × optionnelles + 0,15 × métier + 0,15 × lieu + 0,10 × expérience + 0,10 × langues ; chaque terme est la contribution exacte du critère.",
                "3. النتيجة = 0,40 × الكفاءات الأساسية + 0,10 × الاختيارية + 0,15 × المهنة + 0,15 × المكان + 0,10 × الخبرة + 0,10 × اللغات؛ وكل حد هو المساهمة الدقيقة للمعيار.",
                "3. Score = 0.40 × essential skills + 0.10 × optional + 0.15 × occupation + 0.15 × place + 0.10 × experience + 0.10 × languages; each term is the criterion's exact contribution."),
            L("4. Seuls les scores d'au moins 0,5 sont proposés, du meilleur au moins bon.", "4. لا تُقترح إلا النتائج التي تبلغ 0,5 على الأقل، من الأفضل إلى الأقل.", "4. Only scores of at least 0.5 are proposed, best first."),
            L("5. Chaque liste montrée est enregistrée (une décision par ligne) avec son explication ; avis et opposition.",
                "5. تُسجَّل كل لائحة معروضة (قرار لكل سطر) مع تفسيره؛ إشعار وتعرض.",
                "5. Each list shown is recorded (one decision per line) with its explanation; notice and objection."),
            L("6. Audit d'exposition par sexe et région.", "6. تدقيق الظهور حسب الجنس والجهة.", "6. Exposure audit by sex and region."),
        ],
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            ["essential_skills"] = L("Les compétences essentielles du poste", "الكفاءات الأساسية للمنصب", "The job's essential skills"),
            ["optional_skills"] = L("Les compétences optionnelles du poste", "الكفاءات الاختيارية للمنصب", "The job's optional skills"),
            ["occupation_proximity"] = L("La proximité entre votre métier et celui de l'offre", "القرب بين مهنتك ومهنة العرض", "How close your occupation is to the offer's"),
            ["location"] = L("Le lieu et votre mobilité", "المكان وقدرتك على التنقل", "Place and your mobility"),
            ["experience"] = L("L'expérience", "الخبرة", "Experience"),
            ["languages"] = L("Les langues demandées", "اللغات المطلوبة", "Languages required"),
        },
        FeatureSources = MatchingFeatures.ToDictionary(f => f, _ => OfferAndProfile),
        FeatureValues = MatchingFeatures.ToDictionary(f => f, f => (FeatureValueWords)new MatchValueWords(f, graph, geography)),
        Learners = new Dictionary<string, LocalizedText>
        {
            [LearnerRule] = L("somme pondérée publiée de six critères (pas d'apprentissage)", "مجموع مرجَّح منشور لستة معايير (دون تعلّم آلي)", "published weighted sum of six criteria (no learning)"),
        },
        NoticeTexts = new Dictionary<string, LocalizedText>
        {
            ["raises"] = L("{0} ({1}) augmente le score d'adéquation.", "{0} ({1}) يرفع نتيجة الملاءمة.", "{0} ({1}) raises the match score."),
            ["lowers"] = L("{0} ({1}) diminue le score d'adéquation.", "{0} ({1}) يخفض نتيجة الملاءمة.", "{0} ({1}) lowers the match score."),
            ["neutral"] = L("{0} ({1}) n'ajoute rien au score.", "{0} ({1}) لا يضيف شيئا إلى النتيجة.", "{0} ({1}) adds nothing to the score."),
            ["decider_role"] = L("Vous-même pour les offres suggérées ; l'employeur, avec le conseiller, pour une présélection de candidats",
                "أنت بنفسك بالنسبة للعروض المقترحة؛ والمشغل مع المستشار بالنسبة للانتقاء الأولي للمرشحين",
                "You, for the offers suggested; the employer with the counsellor, for a candidate shortlist"),
            ["mode"] = L("Score d'adéquation {0:0.000} comparé au seuil {1:0.000} ; rang dans la liste : {2}. La liste est une suggestion ; une personne décide.",
                "نتيجة الملاءمة {0:0.000} مقارنة بالعتبة {1:0.000}؛ الرتبة في اللائحة: {2}. اللائحة اقتراح؛ والقرار لشخص.",
                "Match score {0:0.000} compared with the threshold {1:0.000}; rank in the list: {2}. The list is a suggestion; a person decides."),
            ["uncertain_low"] = L("Score {0:0.000} proche du seuil {1:0.000} : une petite différence de profil changerait la proposition.",
                "النتيجة {0:0.000} قريبة من العتبة {1:0.000}: فرق صغير في الملف قد يغير الاقتراح.",
                "Score {0:0.000} close to the threshold {1:0.000}: a small difference in the profile would change the proposal."),
            ["uncertain_ok"] = L("Score {0:0.000}, seuil {1:0.000} ; la règle est une somme pondérée publiée, calculée exactement.",
                "النتيجة {0:0.000}، العتبة {1:0.000}؛ القاعدة مجموع مرجَّح منشور، يُحسب بدقة.",
                "Score {0:0.000}, threshold {1:0.000}; the rule is a published weighted sum, computed exactly."),
            ["fairness"] = L("Dernier audit d'exposition (sexe, région) : {0:yyyy-MM-dd} ; résultat : {1}.", "آخر تدقيق للظهور (الجنس، الجهة): {0:yyyy-MM-dd}؛ النتيجة: {1}.", "Latest exposure audit (sex, region): {0:yyyy-MM-dd}; result: {1}."),
            ["fairness_none"] = L("Aucun audit d'exposition n'a encore été enregistré.", "لم يُسجَّل أي تدقيق للظهور بعد.", "No exposure audit has been recorded yet."),
        },
        TrainingDataTemplate = L("Aucune : la règle n'est pas apprise à partir de données.", "لا شيء: القاعدة غير متعلَّمة من المعطيات.", "None: the rule is not learnt from data."),
        PerformanceProtocolTemplate = L("Audit d'exposition par sexe et par région après chaque exécution (pas de mesure de précision : pas de résultat observé).", "تدقيق التعرض حسب الجنس والجهة بعد كل تشغيل (لا مقياس للدقة: لا نتائج ملاحظة).", "Exposure audit by sex and region after each run (no accuracy metric: no observed outcome)."),
    };

    /// <summary>The six inputs, in the order of <see cref="MatchScorer.Features"/>.</summary>
    public static IReadOnlyList<string> MatchingFeatures => MatchScorer.Features;
}
