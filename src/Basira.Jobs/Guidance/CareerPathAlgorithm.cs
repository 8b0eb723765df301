using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Guidance;

/// <summary>The register declaration of the career paths proposed by the guidance agent, and their notice wording.</summary>
public static class CareerPathAlgorithm
{
    public const string Id = "jobs.career-paths";
    public const string LearnerRule = "weighted-rule";

    public static readonly IReadOnlyList<string> Features = ["skills_held", "path_proximity", "demand"];
    public static readonly IReadOnlyList<double> Weights = [0.6, 0.2, 0.2];

    /// <summary>Open positions within reach at which the demand factor reaches 1.</summary>
    public const int DemandSaturation = 10;

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    public static AlgorithmDescriptor Descriptor(SkillGraph graph, MarketGeography geography) => new()
    {
        Algorithm = Id,
        Domain = "employment",
        Name = L("Parcours professionnels proposés par l'agent d'orientation", "المسارات المهنية التي يقترحها وكيل التوجيه", "Career paths proposed by the guidance agent"),
        DescriptionShort = L(
            "À partir des compétences du demandeur, classe les métiers vers lesquels il peut évoluer : part des compétences essentielles déjà acquises, proximité avec son métier, postes ouverts à sa portée.",
            "انطلاقا من كفاءات الباحث عن عمل، يرتب المهن التي يمكنه التوجه إليها: حصة الكفاءات الأساسية المكتسبة، والقرب من مهنته، والمناصب المفتوحة في متناوله.",
            "From the seeker's skills, ranks the occupations they can move to: share of essential skills already held, closeness to their occupation, open positions within reach."),
        Purpose = L("Donner à chaque demandeur un plan clair : prochains métiers, formations, offres.", "منح كل باحث عن عمل مخططا واضحا: المهن المقبلة، التكوينات، العروض.", "Give every seeker a clear plan: next occupations, trainings, offers."),
        DecisionOutcomePositive = L("métier proposé", "مهنة مقترحة", "occupation proposed"),
        DecisionOutcomeNegative = L("métier non proposé", "مهنة غير مقترحة", "occupation not proposed"),
        LegalEffect = L("Aucun effet juridique : une orientation ; le demandeur reste libre de ses choix.", "لا أثر قانوني: توجيه؛ ويبقى الباحث عن عمل حرا في اختياراته.", "No legal effect: guidance; the seeker remains free to choose."),
        Organization = L("Agence nationale de promotion de l'emploi et des compétences (démonstration)", "الوكالة الوطنية لإنعاش التشغيل والكفاءات (عرض توضيحي)", "National agency for the promotion of employment and skills (demo)"),
        Department = L("Service orientation", "مصلحة التوجيه", "Guidance service"),
        Contact = "orientation@example.invalid",
        DpoContact = "dpo@example.invalid",
        RiskCategory = "limited",
        RiskJustification = L("Une orientation sans effet sur les droits ; elle peut toutefois influencer des choix de vie.", "توجيه دون أثر على الحقوق؛ لكنه قد يؤثر في اختيارات الحياة.", "Guidance with no effect on rights; it may still influence life choices."),
        Goal = L("Ouvrir des perspectives concrètes à partir des compétences réelles.", "فتح آفاق ملموسة انطلاقا من الكفاءات الفعلية.", "Open concrete prospects from actual skills."),
        Impact = L("Le demandeur lit son plan en français, en arabe ou en anglais ; il est prévenu quand une nouvelle offre lui correspond.", "يقرأ الباحث عن عمل مخططه بالعربية أو الفرنسية أو الإنجليزية؛ ويُخبَر عندما يناسبه عرض جديد.", "The seeker reads their plan in French, Arabic or English; they are told when a new offer matches them."),
        DecisionMakingProcess = L("L'agent propose ; le demandeur choisit, avec son conseiller.", "الوكيل يقترح؛ والباحث عن عمل يختار مع مستشاره.", "The agent proposes; the seeker chooses, with their counsellor."),
        Proportionality = L("Utilise les compétences, métiers, lieu et mobilité déclarés ; ni le sexe ni la région ne sont des critères.", "يستعمل الكفاءات والمهن والمكان والتنقل المصرح بها؛ ولا يعتمد الجنس ولا الجهة كمعيار.", "Uses declared skills, occupations, place and mobility; neither sex nor region is a criterion."),
        AlternativesConsidered = L("Des fiches métiers génériques ne tiennent pas compte des compétences acquises ni du marché du moment.", "بطاقات المهن العامة لا تراعي الكفاءات المكتسبة ولا سوق اللحظة.", "Generic occupation sheets ignore acquired skills and the current market."),
        LawfulBasis = L("Mission de service public d'orientation (loi 09-08, art. 4).", "مهمة المرفق العمومي للتوجيه (القانون 09-08، المادة 4).", "Public-service mission of guidance (law 09-08 art. 4)."),
        CndpReference = L("à déposer auprès de la CNDP avant toute mise en production (démonstration)", "يُودَع لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي قبل أي استعمال فعلي (عرض توضيحي)", "to be filed with the CNDP before production use (demo)"),
        SourceData = L("Profil du demandeur ; graphe métiers–compétences ESCO ; offres ouvertes.", "ملف الباحث عن عمل؛ شبكة المهن والكفاءات ESCO؛ العروض المفتوحة.", "Seeker's profile; ESCO occupation–skill graph; open offers."),
        DataBias = L("Les relations métier–compétence d'ESCO sont européennes ; certains métiers marocains y sont mal décrits.", "علاقات المهن والكفاءات في ESCO أوروبية؛ وبعض المهن المغربية موصوفة فيها بشكل غير دقيق.", "ESCO's occupation–skill relations are European; some Moroccan occupations are poorly described."),
        PersonalData = L("Identifiant pseudonymisé, compétences, métiers, province, mobilité.", "معرّف مستعار، الكفاءات، المهن، الإقليم، التنقل.", "Pseudonymised identifier, skills, occupations, province, mobility."),
        HumanIntervention = L("Le conseiller discute le plan avec le demandeur ; toute proposition peut faire l'objet d'une opposition.", "يناقش المستشار المخطط مع الباحث عن عمل؛ ويمكن التعرض على أي اقتراح.", "The counsellor discusses the plan with the seeker; any proposal may be objected to."),
        Rollback = L("Le plan est recalculé à chaque mouvement du marché ; les propositions passées restent enregistrées.", "يُعاد حساب المخطط عند كل تحرك للسوق؛ وتبقى الاقتراحات السابقة مسجلة.", "The plan is recomputed as the market moves; past proposals stay recorded."),
        Risks = L("Enfermer dans des métiers proches (atténué : les métiers plus éloignés accessibles par la formation sont proposés).", "الانحصار في مهن قريبة (مخفَّف: تُقترح المهن الأبعد الممكن بلوغها بالتكوين).", "Locking people into nearby occupations (mitigated: more distant occupations reachable through training are proposed)."),
        ImpactAssessments = L("AIPD requise avant la mise en production ; non réalisée pour cette démonstration.", "تقييم الأثر مطلوب قبل الاستعمال الفعلي؛ ولم يُنجَز لهذا العرض.", "DPIA required before production; not done for this demo."),
        Monitoring = L("Propositions par groupe (sexe, région) ; taux d'opposition.", "الاقتراحات حسب الفئة (الجنس، الجهة)؛ نسب التعرض.", "Proposals by group (sex, region); objection rates."),
        IntendedUse = L("Orienter un demandeur d'emploi.", "توجيه باحث عن عمل.", "Guide a job seeker."),
        OutOfScopeUses = L("Toute décision sur les droits ou les allocations.", "أي قرار بشأن الحقوق أو التعويضات.", "Any decision on rights or benefits."),
        EthicalConsiderations = L("Plan en langage simple, expliqué critère par critère.", "مخطط بلغة بسيطة، مفسَّر معيارا بمعيار.", "Plan in plain language, explained criterion by criterion."),
        Caveats = L("Les données de démonstration sont synthétiques.", "معطيات العرض التوضيحي اصطناعية.", "Demo data are synthetic."),
        AutomationLevel = AutomationLevels.ModelInformsOnly,
        SelectionMeaning = L("Être orienté vers un métier est un avantage (une piste).", "التوجيه نحو مهنة منفعة (مسار ممكن).", "Being pointed to an occupation is a benefit (a lead)."),
        ProtectedAttributes = ["sex", "region"],
        Operations =
        [
            L("1. Pour chaque métier ESCO : part de ses compétences essentielles que le demandeur possède, proximité avec ses métiers, postes ouverts à sa portée.",
                "1. لكل مهنة في ESCO: حصة كفاءاتها الأساسية التي يتوفر عليها الباحث، والقرب من مهنه، والمناصب المفتوحة في متناوله.",
                "1. For each ESCO occupation: share of its essential skills the seeker holds, closeness to their occupations, open positions within reach."),
            L("2. Score = 0,6 × compétences + 0,2 × proximité + 0,2 × postes (plafonné à 10 postes) ; chaque terme est la contribution exacte du critère.",
                "2. النتيجة = 0,6 × الكفاءات + 0,2 × القرب + 0,2 × المناصب (بحد أقصى 10 مناصب)؛ وكل حد هو المساهمة الدقيقة للمعيار.",
                "2. Score = 0.6 × skills + 0.2 × closeness + 0.2 × positions (capped at 10 positions); each term is the criterion's exact contribution."),
            L("3. Les cinq meilleurs métiers autres que les siens sont proposés, avec les compétences manquantes et un plan de formation pour le premier.",
                "3. تُقترح أفضل خمس مهن غير مهنه، مع الكفاءات الناقصة ومخطط تكوين للأولى.",
                "3. The five best occupations other than their own are proposed, with the missing skills and a training plan for the first."),
        ],
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            ["skills_held"] = L("Les compétences essentielles du métier que vous avez", "الكفاءات الأساسية للمهنة التي تتوفر عليها", "The occupation's essential skills you hold"),
            ["path_proximity"] = L("La proximité avec votre métier", "القرب من مهنتك", "Closeness to your occupation"),
            ["demand"] = L("Les postes ouverts à votre portée", "المناصب المفتوحة في متناولك", "Open positions within your reach"),
        },
        FeatureSources = Features.ToDictionary(f => f, f => f == "demand" ? L("offres ouvertes", "العروض المفتوحة", "open offers") : L("votre profil et ESCO", "ملفك وتصنيف ESCO", "your profile and ESCO")),
        FeatureValues = Features.ToDictionary(f => f, f => (FeatureValueWords)new MatchValueWords(f, graph, geography)),
        Learners = new Dictionary<string, LocalizedText>
        {
            [LearnerRule] = L("somme pondérée publiée de trois critères (pas d'apprentissage)", "مجموع مرجَّح منشور لثلاثة معايير (دون تعلّم آلي)", "published weighted sum of three criteria (no learning)"),
        },
        NoticeTexts = new Dictionary<string, LocalizedText>
        {
            ["raises"] = L("{0} ({1}) rapproche ce métier de vous.", "{0} ({1}) يقرّب هذه المهنة منك.", "{0} ({1}) brings this occupation closer to you."),
            ["lowers"] = L("{0} ({1}) éloigne ce métier.", "{0} ({1}) يبعد هذه المهنة.", "{0} ({1}) moves this occupation away."),
            ["neutral"] = L("{0} ({1}) ne compte pas ici.", "{0} ({1}) لا يُحتسب هنا.", "{0} ({1}) does not count here."),
            ["decider_role"] = L("Vous-même, avec votre conseiller", "أنت بنفسك، مع مستشارك", "You, with your counsellor"),
            ["mode"] = L("Score du parcours {0:0.000} (seuil {1:0.000}) ; rang : {2}. C'est une piste ; vous choisissez.", "نتيجة المسار {0:0.000} (العتبة {1:0.000})؛ الرتبة: {2}. إنه مسار ممكن؛ وأنت من يختار.", "Path score {0:0.000} (threshold {1:0.000}); rank: {2}. It is a lead; you choose."),
            ["uncertain_low"] = L("Score {0:0.000} proche du seuil {1:0.000}.", "النتيجة {0:0.000} قريبة من العتبة {1:0.000}.", "Score {0:0.000} close to the threshold {1:0.000}."),
            ["uncertain_ok"] = L("Score {0:0.000}, seuil {1:0.000} ; somme pondérée publiée, calculée exactement.", "النتيجة {0:0.000}، العتبة {1:0.000}؛ مجموع مرجَّح منشور يُحسب بدقة.", "Score {0:0.000}, threshold {1:0.000}; published weighted sum, computed exactly."),
            ["fairness"] = L("Dernier audit d'équité (sexe, région) : {0:yyyy-MM-dd} ; résultat : {1}.", "آخر تدقيق للإنصاف (الجنس، الجهة): {0:yyyy-MM-dd}؛ النتيجة: {1}.", "Latest fairness audit (sex, region): {0:yyyy-MM-dd}; result: {1}."),
        },
        TrainingDataTemplate = L("Aucune : la règle n'est pas apprise à partir de données.", "لا شيء: القاعدة غير متعلَّمة من المعطيات.", "None: the rule is not learnt from data."),
        PerformanceProtocolTemplate = L("Pas de mesure de précision (pas de résultat observé) ; propositions suivies par groupe.", "لا مقياس للدقة (لا نتائج ملاحظة)؛ وتُتابَع المقترحات حسب الفئة.", "No accuracy metric (no observed outcome); proposals monitored by group."),
    };
}
