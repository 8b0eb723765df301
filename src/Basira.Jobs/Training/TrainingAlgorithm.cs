using System.Globalization;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Jobs.Matching;

namespace Basira.Jobs.Training;

/// <summary>The register declaration of the training plans (TRANSPARENCY.md §1b) and their notice wording.</summary>
public static class TrainingAlgorithm
{
    public const string Id = "jobs.training-plan";
    public const string LearnerCover = "set-cover";

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    /// <summary>Input names of a plan: course_1 … course_12, in the plan's order (the solver's, by id).</summary>
    public static IReadOnlyList<string> Features { get; } = [.. Enumerable.Range(1, GapCloser.MaxCourses).Select(i => $"course_{i}")];

    public static AlgorithmDescriptor Descriptor(TrainingCatalog catalog, SkillGraph graph, MarketGeography geography) => new()
    {
        Algorithm = Id,
        Domain = "employment",
        Name = L("Plan de formation adapté", "مخطط التكوين الملائم", "Adapted training plan"),
        DescriptionShort = L(
            "Propose au demandeur d'emploi le plus petit ensemble de formations qui couvre les compétences qui lui manquent pour ses emplois visés, et compte les offres qu'il pourrait alors atteindre.",
            "يقترح على الباحث عن عمل أصغر مجموعة من التكوينات تغطي الكفاءات التي تنقصه للمناصب التي يستهدفها، ويحسب العروض التي يمكنه بلوغها بعد ذلك.",
            "Proposes to a job seeker the smallest set of trainings covering the skills they lack for their target jobs, and counts the offers they could then reach."),
        Purpose = L("Orienter vers la formation qui ouvre le plus d'emplois.", "التوجيه نحو التكوين الذي يفتح أكبر عدد من مناصب الشغل.", "Guide towards the training that opens the most jobs."),
        DecisionOutcomePositive = L("plan de formation proposé", "مخطط تكوين مقترح", "training plan proposed"),
        DecisionOutcomeNegative = L("aucun plan proposé", "لا مخطط مقترح", "no plan proposed"),
        LegalEffect = L("Aucun effet juridique : une proposition ; l'inscription reste un choix du demandeur.", "لا أثر قانوني: اقتراح؛ ويبقى التسجيل اختيارا للباحث عن عمل.", "No legal effect: a proposal; enrolling remains the seeker's choice."),
        Organization = L("Agence nationale de promotion de l'emploi et des compétences (démonstration)", "الوكالة الوطنية لإنعاش التشغيل والكفاءات (عرض توضيحي)", "National agency for the promotion of employment and skills (demo)"),
        Department = L("Service orientation et formation", "مصلحة التوجيه والتكوين", "Guidance and training service"),
        Contact = "orientation@example.invalid",
        DpoContact = "dpo@example.invalid",
        RiskCategory = "limited",
        RiskJustification = L("Une suggestion de formation, sans effet sur les droits ; elle oriente toutefois l'accès à l'emploi.", "اقتراح تكوين دون أثر على الحقوق؛ لكنه يوجه الولوج إلى الشغل.", "A training suggestion with no effect on rights; it does steer access to employment."),
        Goal = L("Réduire l'écart entre les compétences des demandeurs et celles que demandent les offres.", "تقليص الفجوة بين كفاءات الباحثين عن عمل والكفاءات التي تطلبها العروض.", "Narrow the gap between seekers' skills and those offers require."),
        Impact = L("Le demandeur et son conseiller voient le plan, ses heures, ses lieux et les offres qu'il ouvrirait.", "يرى الباحث عن عمل ومستشاره المخطط وساعاته وأماكنه والعروض التي قد يفتحها.", "The seeker and their counsellor see the plan, its hours, places and the offers it would open."),
        DecisionMakingProcess = L("Le calcul propose ; le demandeur choisit, avec son conseiller.", "الحساب يقترح؛ والباحث عن عمل يختار مع مستشاره.", "The computation proposes; the seeker chooses, with their counsellor."),
        Proportionality = L("Utilise les compétences déclarées et le catalogue ; aucun attribut personnel n'intervient.", "يستعمل الكفاءات المصرح بها والكتالوج؛ ولا تتدخل أي صفة شخصية.", "Uses declared skills and the catalogue; no personal attribute is involved."),
        AlternativesConsidered = L("Une sélection gloutonne des formations n'est pas toujours la plus petite ; l'optimisation exacte l'est.", "الانتقاء الجشع للتكوينات ليس دائما الأصغر؛ أما التحسين الدقيق فهو كذلك.", "A greedy choice of trainings is not always the smallest; exact optimisation is."),
        LawfulBasis = L("Mission de service public d'orientation et de formation (loi 09-08, art. 4).", "مهمة المرفق العمومي للتوجيه والتكوين (القانون 09-08، المادة 4).", "Public-service mission of guidance and training (law 09-08 art. 4)."),
        CndpReference = L("à déposer auprès de la CNDP avant toute mise en production (démonstration)", "يُودَع لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي قبل أي استعمال فعلي (عرض توضيحي)", "to be filed with the CNDP before production use (demo)"),
        SourceData = L("Profil du demandeur ; offres ouvertes ; catalogue de formation (synthétique pour la démonstration) ; classification ESCO.", "ملف الباحث عن عمل؛ العروض المفتوحة؛ كتالوج التكوين (اصطناعي للعرض)؛ تصنيف ESCO.", "Seeker's profile; open offers; training catalogue (synthetic for the demo); ESCO classification."),
        DataBias = L("Le catalogue se concentre dans les grandes villes ; la mobilité déclarée limite les formations accessibles.", "يتركز الكتالوج في المدن الكبرى؛ ويحد التنقل المصرح به من التكوينات المتاحة.", "The catalogue concentrates in large cities; declared mobility limits reachable trainings."),
        PersonalData = L("Identifiant pseudonymisé, compétences, province, mobilité.", "معرّف مستعار، الكفاءات، الإقليم، التنقل.", "Pseudonymised identifier, skills, province, mobility."),
        HumanIntervention = L("Le conseiller peut proposer d'autres formations ; le demandeur peut s'opposer au plan.", "يمكن للمستشار اقتراح تكوينات أخرى؛ ويمكن للباحث عن عمل التعرض على المخطط.", "The counsellor may propose other trainings; the seeker may object to the plan."),
        Rollback = L("Un plan peut être recalculé à tout moment.", "يمكن إعادة حساب المخطط في أي وقت.", "A plan can be recomputed at any time."),
        Risks = L("Orienter vers des formations éloignées (atténué : seules les formations dans la mobilité déclarée ou à distance sont proposées).", "التوجيه نحو تكوينات بعيدة (مخفَّف: لا تُقترح إلا التكوينات ضمن التنقل المصرح به أو عن بعد).", "Steering towards distant trainings (mitigated: only trainings within the declared mobility or at a distance are proposed)."),
        ImpactAssessments = L("AIPD requise avant la mise en production ; non réalisée pour cette démonstration.", "تقييم الأثر مطلوب قبل الاستعمال الفعلي؛ ولم يُنجَز لهذا العرض.", "DPIA required before production; not done for this demo."),
        Monitoring = L("Suivi des plans proposés et suivis, par groupe.", "تتبع المخططات المقترحة والمتبعة حسب الفئة.", "Follow-up of plans proposed and followed, by group."),
        IntendedUse = L("Proposer un parcours de formation.", "اقتراح مسار تكويني.", "Propose a training path."),
        OutOfScopeUses = L("Conditionner une allocation ou une inscription à un plan.", "ربط تعويض أو تسجيل بمخطط.", "Making a benefit or a registration conditional on a plan."),
        EthicalConsiderations = L("Le plan est une aide au choix, expliquée formation par formation.", "المخطط وسيلة مساعدة على الاختيار، مفسَّرة تكوينا بتكوين.", "The plan is an aid to choosing, explained training by training."),
        Caveats = L("Le catalogue de démonstration est synthétique (forme inspirée de l'OFPPT).", "كتالوج العرض التوضيحي اصطناعي (شكل مستوحى من مكتب التكوين المهني).", "The demo catalogue is synthetic (shape inspired by OFPPT)."),
        AutomationLevel = AutomationLevels.ModelInformsOnly,
        SelectionMeaning = L("Recevoir un plan est un avantage (une voie vers l'emploi).", "الحصول على مخطط منفعة (طريق نحو الشغل).", "Receiving a plan is a benefit (a path to work)."),
        ProtectedAttributes = ["sex", "region"],
        Operations =
        [
            L("1. Compétences manquantes : celles des emplois visés que le demandeur n'a pas.", "1. الكفاءات الناقصة: كفاءات المناصب المستهدفة التي لا يتوفر عليها الباحث.", "1. Missing skills: those of the target jobs the seeker lacks."),
            L("2. Formations accessibles : dans la mobilité déclarée, ou à distance.", "2. التكوينات المتاحة: ضمن التنقل المصرح به، أو عن بعد.", "2. Reachable trainings: within the declared mobility, or at a distance."),
            L("3. Le plus petit ensemble de formations (puis le moins d'heures) qui couvre le plus de compétences manquantes, calculé exactement (OR-Tools CP-SAT).", "3. أصغر مجموعة من التكوينات (ثم أقل عدد من الساعات) تغطي أكبر عدد من الكفاءات الناقصة، محسوبة بدقة (OR-Tools CP-SAT).", "3. The smallest set of trainings (then fewest hours) covering the most missing skills, computed exactly (OR-Tools CP-SAT)."),
            L("4. Gain : offres ouvertes atteignables après le plan moins avant ; part exacte de chaque formation (valeurs de Shapley).", "4. المكسب: العروض المفتوحة الممكن بلوغها بعد المخطط ناقص قبله؛ والحصة الدقيقة لكل تكوين (قيم شابلي).", "4. Gain: open offers reachable after the plan minus before; each training's exact share (Shapley values)."),
        ],
        FeatureLabels = Enumerable.Range(1, GapCloser.MaxCourses).ToDictionary(i => $"course_{i}", i => L($"La formation {i}", $"التكوين {i}", $"Training {i}")),
        FeatureSources = Enumerable.Range(1, GapCloser.MaxCourses).ToDictionary(i => $"course_{i}", _ => L("catalogue de formation", "كتالوج التكوين", "training catalogue")),
        FeatureValues = Enumerable.Range(1, GapCloser.MaxCourses).ToDictionary(i => $"course_{i}", _ => (FeatureValueWords)new CourseWords(catalog, graph, geography)),
        Learners = new Dictionary<string, LocalizedText>
        {
            [LearnerCover] = L("couverture d'ensemble pondérée exacte (OR-Tools CP-SAT), pas d'apprentissage", "تغطية مرجحة دقيقة للمجموعات (OR-Tools CP-SAT)، دون تعلّم", "exact weighted set cover (OR-Tools CP-SAT), no learning"),
        },
        NoticeTexts = new Dictionary<string, LocalizedText>
        {
            ["raises"] = L("{0} ({1}) ouvre des offres.", "{0} ({1}) يفتح عروضا.", "{0} ({1}) opens offers."),
            ["lowers"] = L("{0} ({1}) réduit le gain.", "{0} ({1}) يقلص المكسب.", "{0} ({1}) lowers the gain."),
            ["neutral"] = L("{0} ({1}) n'ouvre pas d'offre à lui seul aujourd'hui ; il comble des compétences manquantes.", "{0} ({1}) لا يفتح عرضا بمفرده اليوم؛ لكنه يسد كفاءات ناقصة.", "{0} ({1}) opens no offer on its own today; it fills missing skills."),
            ["decider_role"] = L("Vous-même, avec votre conseiller", "أنت بنفسك، مع مستشارك", "You, with your counsellor"),
            ["mode"] = L("Offres gagnées : {0:0} (seuil {1:0}) ; rang : {2}. Le plan est une suggestion.", "العروض المكتسبة: {0:0} (العتبة {1:0})؛ الرتبة: {2}. المخطط اقتراح.", "Offers gained: {0:0} (threshold {1:0}); rank: {2}. The plan is a suggestion."),
            ["uncertain_low"] = L("Ce plan n'ouvre pas d'offre de plus aujourd'hui ({0:0}, seuil {1:0}) ; il rapproche des emplois visés.", "هذا المخطط لا يفتح عروضا إضافية اليوم ({0:0}، العتبة {1:0})؛ لكنه يقرّب من المناصب المستهدفة.", "This plan opens no more offers today ({0:0}, threshold {1:0}); it brings the target jobs closer."),
            ["uncertain_ok"] = L("{0:0} offres de plus atteignables (seuil {1:0}) ; calcul exact sur les offres ouvertes aujourd'hui.", "{0:0} عروض إضافية ممكن بلوغها (العتبة {1:0})؛ حساب دقيق على العروض المفتوحة اليوم.", "{0:0} more offers reachable (threshold {1:0}); exact count on today's open offers."),
            ["fairness"] = L("Dernier audit d'équité (sexe, région) : {0:yyyy-MM-dd} ; résultat : {1}.", "آخر تدقيق للإنصاف (الجنس، الجهة): {0:yyyy-MM-dd}؛ النتيجة: {1}.", "Latest fairness audit (sex, region): {0:yyyy-MM-dd}; result: {1}."),
        },
        TrainingDataTemplate = L("Aucune : pas d'apprentissage ; le catalogue de formations est SYNTHÉTIQUE.", "لا شيء: لا تعلّم؛ ودليل التكوينات اصطناعي.", "None: no learning; the training catalogue is SYNTHETIC."),
        PerformanceProtocolTemplate = L("Le solveur prouve l'optimalité (statut optimal) dans sa limite de temps.", "يُثبت المحلِّل الأمثلية (الحالة مثلى) ضمن حده الزمني.", "The solver proves optimality (status optimal) within its time limit."),
    };
}

/// <summary>How a course of a plan is said: its title, hours, places (or distance) and the missing skills it teaches.</summary>
public sealed record CourseWords(TrainingCatalog Catalog, SkillGraph Graph, MarketGeography Geography) : FeatureValueWords
{
    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    private static readonly LocalizedText Sentence = L("« {0} », {1} h, {2} : apprend {3}", "«{0}»، {1} ساعة، {2}: يعلّم {3}", "“{0}”, {1} h, {2}: teaches {3}");
    private static readonly LocalizedText AtDistance = L("à distance", "عن بعد", "at a distance");
    private static readonly LocalizedText In = L("à {0}", "في {0}", "in {0}");

    public override SpokenValue? Say(string raw, string lang)
    {
        var f = MatchInputs.Parse(raw);
        if (!f.TryGetValue("id", out var id) || Catalog.Find(id) is not { } course) return null;
        var sep = lang == "ar" ? "، " : ", ";
        var places = course.Distance ? AtDistance.In(lang) : string.Format(CultureInfo.InvariantCulture, In.In(lang), string.Join(sep, course.Provinces.Select(p => Geography.Places[p].Province)));
        var skills = MatchInputs.List(f, "covers").Select(u => Graph.Skill(u) is { } k ? Graph.SkillLabels[k].In(lang) : u);
        return new SpokenValue(string.Format(CultureInfo.InvariantCulture, Sentence.In(lang), course.Title.In(lang), course.Hours, places, string.Join(sep, skills)), true);
    }

    public override IEnumerable<(string What, LocalizedText Text)> Texts()
    {
        yield return ("course", Sentence);
        yield return ("distance", AtDistance);
        yield return ("places", In);
    }
}
